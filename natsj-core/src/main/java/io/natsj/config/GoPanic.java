package io.natsj.config;

import java.util.List;
import java.util.Map;

/**
 * nats-server reads the authorization and accounts blocks with Go type assertions; a value of the
 * wrong type panics, and the deferred recover of the function that was reading records
 * {@code file:line:col: interface conversion: ...} for that value and abandons the rest of that
 * function. This exception is that panic: the readers catch it exactly where the Go function they
 * mirror has its recover, so the same problems are reported and the same ones are skipped.
 */
final class GoPanic extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private GoPanic(String message) {
        super(message, null, false, false);
    }

    private static Object cast(ConfigValue v, ConfigValue.Kind kind) {
        if (v.kind() != kind) {
            throw new GoPanic(v.source() + ": interface conversion: interface {} is " + TypeMismatch.goType(v.kind())
                    + ", not " + TypeMismatch.goType(kind));
        }
        return v.value();
    }

    static String string(ConfigValue v) {
        return (String) cast(v, ConfigValue.Kind.STRING);
    }

    static long integer(ConfigValue v) {
        return (Long) cast(v, ConfigValue.Kind.INTEGER);
    }

    static boolean bool(ConfigValue v) {
        return (Boolean) cast(v, ConfigValue.Kind.BOOLEAN);
    }

    static Map<String, ConfigValue> map(ConfigValue v) {
        cast(v, ConfigValue.Kind.MAP);
        return v.asMap();
    }

    static List<ConfigValue> list(ConfigValue v) {
        cast(v, ConfigValue.Kind.ARRAY);
        return v.asList();
    }
}
