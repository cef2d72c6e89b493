package io.natsj.protocol;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * JSON read as Go's encoding/json reads it into a struct, for request bodies nats-server decodes
 * (monitoring options over the system account, the JetStream API): a strict reader whose syntax
 * errors carry Go's texts, and typed field access ({@link Struct}) that matches keys without regard
 * to case, applies repeated keys in order (the last wins), skips nulls and unknown keys, and fails on
 * a value of the wrong JSON type with Go's UnmarshalTypeError text.
 *
 * <p>Values: objects are {@link Obj} (members in order, repeats kept), arrays {@code List<Object>},
 * numbers {@link Num} (the text as written), strings, booleans, and JSON null as Java null.
 */
public final class GoJson {
    /** A syntax error, with Go's text. */
    public static final class SyntaxError extends Exception {
        SyntaxError(String message) {
            super(message, null, false, false);
        }
    }

    /** A value of the wrong type for its field, with Go's text ("json: cannot unmarshal ..."). */
    public static final class TypeError extends Exception {
        TypeError(String message) {
            super(message, null, false, false);
        }
    }

    /** A JSON number as written. */
    public record Num(String text) {
    }

    /** A JSON object: its members in order, repeated keys kept. */
    public record Obj(List<Map.Entry<String, Object>> members) {
        /** The value Go leaves in a field tagged {@code tag}: the last non-null member whose key equals it ignoring case. */
        public Object get(String tag) {
            Object found = null;
            for (Map.Entry<String, Object> e : members) {
                if (e.getKey().equalsIgnoreCase(tag) && e.getValue() != null) {
                    found = e.getValue();
                }
            }
            return found;
        }
    }

    /** One JSON value; {@code null} for JSON null. */
    public static Object parse(String json) throws SyntaxError {
        return read(json);
    }

    /**
     * A body decoded into a Go struct: an empty or null body (or JSON null) gives an empty struct;
     * anything but an object fails as Go's "cannot unmarshal X into Go value of type {@code goType}".
     */
    public static Struct struct(String goType, String json) throws SyntaxError, TypeError {
        if (json == null || json.isBlank()) {
            return new Struct(simpleName(goType), "", new Obj(List.of()));
        }
        Object v = read(json);
        if (v == null) {
            return new Struct(simpleName(goType), "", new Obj(List.of()));
        }
        if (!(v instanceof Obj o)) {
            throw new TypeError("json: cannot unmarshal " + kind(v) + " into Go value of type " + goType);
        }
        return new Struct(simpleName(goType), "", o);
    }

    private static String simpleName(String goType) {
        return goType.substring(goType.lastIndexOf('.') + 1);
    }

    /**
     * Typed access to an object's fields as Go decodes them into the struct {@code name}; {@code path}
     * is where the object sits in the document (Go names a nested field by its whole path).
     */
    public static final class Struct {
        private final String name;
        private final String path;
        private final Obj obj;

        Struct(String name, String path, Obj obj) {
            this.name = name;
            this.path = path;
            this.obj = obj;
        }

        public boolean has(String tag) {
            return obj.get(tag) != null;
        }

        public String string(String tag) throws TypeError {
            return string(tag, "string");
        }

        /** A string field of a named string type ("server.SortOpt"). */
        public String string(String tag, String goType) throws TypeError {
            Object v = obj.get(tag);
            if (v == null) {
                return "";
            }
            if (v instanceof String s) {
                return s;
            }
            throw mismatch(kind(v), tag, goType);
        }

        public boolean bool(String tag) throws TypeError {
            Object v = obj.get(tag);
            if (v == null) {
                return false;
            }
            if (v instanceof Boolean b) {
                return b;
            }
            throw mismatch(kind(v), tag, "bool");
        }

        /** A signed integer field ("int", "int64", "int32", "time.Duration", ...) of {@code bits} bits. */
        public long integer(String tag, String goType, int bits) throws TypeError {
            BigInteger min = BigInteger.ONE.shiftLeft(bits - 1).negate();
            return number(tag, goType, min, BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE));
        }

        public long integer(String tag) throws TypeError {
            return integer(tag, "int", 64);
        }

        /** An unsigned field ("uint64", "uint32", ...) of {@code bits} bits, as a long holding its bits. */
        public long unsigned(String tag, String goType, int bits) throws TypeError {
            return number(tag, goType, BigInteger.ZERO, BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE));
        }

        private long number(String tag, String goType, BigInteger min, BigInteger max) throws TypeError {
            Object v = obj.get(tag);
            if (v == null) {
                return 0;
            }
            if (!(v instanceof Num n)) {
                throw mismatch(kind(v), tag, goType);
            }
            BigInteger i;
            try {
                i = new BigDecimal(n.text()).toBigIntegerExact();
            } catch (ArithmeticException | NumberFormatException e) {
                throw mismatch("number " + n.text(), tag, goType);
            }
            if (i.compareTo(min) < 0 || i.compareTo(max) > 0) {
                throw mismatch("number " + n.text(), tag, goType);
            }
            return i.longValue();
        }

        /** A []string field; a JSON null element is "". */
        public List<String> strings(String tag) throws TypeError {
            Object v = obj.get(tag);
            if (v == null) {
                return List.of();
            }
            if (!(v instanceof List<?> list)) {
                throw mismatch(kind(v), tag, "[]string");
            }
            List<String> out = new ArrayList<>(list.size());
            for (Object o : list) {
                if (o == null) {
                    out.add("");
                } else if (o instanceof String s) {
                    out.add(s);
                } else {
                    throw mismatch(kind(o), tag, "string");
                }
            }
            return out;
        }

        /** A nested struct field of type {@code goType} ("server.StreamSource"); null when absent or null. */
        public Struct object(String tag, String goType) throws TypeError {
            Object v = obj.get(tag);
            if (v == null) {
                return null;
            }
            if (!(v instanceof Obj o)) {
                throw mismatch(kind(v), tag, goType);
            }
            return new Struct(simpleName(goType), field(tag), o);
        }

        /**
         * A slice-of-structs field ({@code sliceGoType} "[]*server.StreamSource", elements
         * {@code goType} "server.StreamSource"); nulls inside are skipped as Go leaves nil pointers.
         */
        public List<Struct> objects(String tag, String sliceGoType, String goType) throws TypeError {
            Object v = obj.get(tag);
            if (v == null) {
                return List.of();
            }
            if (!(v instanceof List<?> list)) {
                throw mismatch(kind(v), tag, sliceGoType);
            }
            List<Struct> out = new ArrayList<>(list.size());
            for (Object o : list) {
                if (o == null) {
                    continue;
                }
                if (!(o instanceof Obj ob)) {
                    throw mismatch(kind(o), tag, goType);
                }
                out.add(new Struct(simpleName(goType), field(tag), ob));
            }
            return out;
        }

        private String field(String tag) {
            return path.isEmpty() ? tag : path + "." + tag;
        }

        private TypeError mismatch(String kind, String tag, String goType) {
            return new TypeError("json: cannot unmarshal " + kind + " into Go struct field " + name + "." + field(tag)
                    + " of type " + goType);
        }
    }

    /** How Go's UnmarshalTypeError names a JSON value of the wrong type. */
    static String kind(Object v) {
        if (v instanceof String) {
            return "string";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (v instanceof Num) {
            return "number";
        }
        if (v instanceof List) {
            return "array";
        }
        return "object";
    }

    private final String s;
    private int pos;

    private GoJson(String s) {
        this.s = s;
    }

    static Object read(String json) throws SyntaxError {
        GoJson r = new GoJson(json);
        r.skipWhitespace();
        if (r.pos >= r.s.length()) {
            throw new SyntaxError("unexpected end of JSON input");
        }
        Object v = r.value();
        r.skipWhitespace();
        if (r.pos < r.s.length()) {
            throw r.invalid("after top-level value");
        }
        return v;
    }

    private Object value() throws SyntaxError {
        skipWhitespace();
        if (pos >= s.length()) {
            throw new SyntaxError("unexpected end of JSON input");
        }
        char c = s.charAt(pos);
        switch (c) {
            case '{' -> {
                pos++;
                return object();
            }
            case '[' -> {
                pos++;
                return array();
            }
            case '"' -> {
                pos++;
                return string();
            }
            case 't' -> {
                literal("true");
                return Boolean.TRUE;
            }
            case 'f' -> {
                literal("false");
                return Boolean.FALSE;
            }
            case 'n' -> {
                literal("null");
                return null;
            }
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw invalid("looking for beginning of value");
            }
        }
    }

    private Obj object() throws SyntaxError {
        List<Map.Entry<String, Object>> m = new ArrayList<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return new Obj(m);
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw invalid("looking for beginning of object key string");
            }
            pos++;
            String key = string();
            skipWhitespace();
            if (peek() != ':') {
                throw invalid("after object key");
            }
            pos++;
            m.add(new AbstractMap.SimpleImmutableEntry<>(key, value()));
            skipWhitespace();
            char c = peek();
            if (c == '}') {
                pos++;
                return new Obj(m);
            }
            if (c != ',') {
                throw invalid("after object key:value pair");
            }
            pos++;
        }
    }

    private List<Object> array() throws SyntaxError {
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return list;
        }
        while (true) {
            list.add(value());
            skipWhitespace();
            char c = peek();
            if (c == ']') {
                pos++;
                return list;
            }
            if (c != ',') {
                throw invalid("after array element");
            }
            pos++;
        }
    }

    private String string() throws SyntaxError {
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= s.length()) {
                throw new SyntaxError("unexpected end of JSON input");
            }
            char c = s.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                pos--;
                throw invalid("in string literal");
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= s.length()) {
                throw new SyntaxError("unexpected end of JSON input");
            }
            char e = s.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    int v = 0;
                    for (int i = 0; i < 4; i++) {
                        if (pos >= s.length()) {
                            throw new SyntaxError("unexpected end of JSON input");
                        }
                        int d = Character.digit(s.charAt(pos), 16);
                        if (d < 0) {
                            throw invalid("in \\u hexadecimal character escape");
                        }
                        v = v * 16 + d;
                        pos++;
                    }
                    sb.append((char) v);
                }
                default -> {
                    pos--;
                    throw invalid("in string escape code");
                }
            }
        }
    }

    private Num number() throws SyntaxError {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            while (isDigit(peek())) {
                pos++;
            }
        } else {
            throw pos >= s.length() ? new SyntaxError("unexpected end of JSON input") : invalid("in numeric literal");
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw pos >= s.length() ? new SyntaxError("unexpected end of JSON input") : invalid("after decimal point in numeric literal");
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw pos >= s.length() ? new SyntaxError("unexpected end of JSON input") : invalid("in exponent of numeric literal");
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        return new Num(s.substring(start, pos));
    }

    private void literal(String word) throws SyntaxError {
        for (int i = 0; i < word.length(); i++) {
            if (pos >= s.length()) {
                throw new SyntaxError("unexpected end of JSON input");
            }
            if (s.charAt(pos) != word.charAt(i)) {
                throw invalid("in literal " + word + " (expecting " + quoteChar(word.charAt(i)) + ")");
            }
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private char peek() {
        return pos < s.length() ? s.charAt(pos) : '\0';
    }

    private void skipWhitespace() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private SyntaxError invalid(String context) {
        if (pos >= s.length()) {
            return new SyntaxError("unexpected end of JSON input");
        }
        return new SyntaxError("invalid character " + quoteChar(s.charAt(pos)) + " " + context);
    }

    /** Go's quoteChar: 'x', with ' and " escaped and other controls as a Go-quoted string. */
    private static String quoteChar(char c) {
        if (c == '\'') {
            return "'\\''";
        }
        if (c == '"') {
            return "'\"'";
        }
        if (c < 0x20 || c == 0x7f) {
            String q = GoQuote.quote(String.valueOf(c));
            return "'" + q.substring(1, q.length() - 1) + "'";
        }
        return "'" + c + "'";
    }
}
