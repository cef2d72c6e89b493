package io.natsj.config;

/**
 * A value of the wrong type for its option. nats-server finds these by a failed Go type assertion and
 * reports the runtime's text, e.g. {@code interface conversion: interface {} is string, not int64};
 * natsj reports the same words.
 */
final class TypeMismatch extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private TypeMismatch(String message) {
        super(message, null, false, false);
    }

    static Object expect(ConfigValue v, ConfigValue.Kind kind) {
        if (v.kind() != kind) {
            throw new TypeMismatch("interface conversion: interface {} is " + goType(v.kind()) + ", not " + goType(kind));
        }
        return v.value();
    }

    /** The Go type nats-server's conf package gives a value of this kind. */
    static String goType(ConfigValue.Kind kind) {
        switch (kind) {
            case STRING:
                return "string";
            case INTEGER:
                return "int64";
            case FLOAT:
                return "float64";
            case BOOLEAN:
                return "bool";
            case DATETIME:
                return "time.Time";
            case MAP:
                return "map[string]interface {}";
            default:
                return "[]interface {}";
        }
    }
}
