package io.natsj.monitor;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An options object sent over the system account (ConnzOptions, SubszOptions, ...) read as Go's
 * json.Unmarshal reads it into the options struct: keys match field tags ignoring case and are applied
 * in order (the last one wins), unknown keys and nulls are skipped, a value of the wrong JSON type
 * fails with Go's text. An empty body means all defaults.
 */
final class OptionsJson {
    private final String struct;
    /** The object's members in order, repeated keys included. */
    private final List<Map.Entry<String, Object>> members;

    private OptionsJson(String struct, List<Map.Entry<String, Object>> members) {
        this.struct = struct;
        this.members = members;
    }

    /**
     * @param struct the Go type's name, for error texts ("ConnzOptions")
     * @param json the request body; null or blank for defaults
     */
    static OptionsJson parse(String struct, String json) throws MonitorRequestException {
        if (json == null || json.isBlank()) {
            return new OptionsJson(struct, List.of());
        }
        Reader r = new Reader(json);
        r.skipSpace();
        if (r.peek() != '{') {
            Object v = r.value();
            r.end();
            if (v == null) {
                return new OptionsJson(struct, List.of()); // Go: null leaves the options as they are
            }
            throw new MonitorRequestException("json: cannot unmarshal " + kind(v) + " into Go value of type server." + struct);
        }
        List<Map.Entry<String, Object>> m = r.members();
        r.end();
        return new OptionsJson(struct, m);
    }

    /** The value Go leaves in a field: that of the last member whose key equals its tag ignoring case. */
    private Object member(String tag) {
        Object found = null;
        for (Map.Entry<String, Object> e : members) {
            if (e.getKey().equalsIgnoreCase(tag) && e.getValue() != null) {
                found = e.getValue();
            }
        }
        return found;
    }

    String string(String tag, String goType) throws MonitorRequestException {
        Object v = member(tag);
        if (v == null) {
            return "";
        }
        if (v instanceof String s) {
            return s;
        }
        throw mismatch(v, tag, goType);
    }

    String string(String tag) throws MonitorRequestException {
        return string(tag, "string");
    }

    boolean bool(String tag) throws MonitorRequestException {
        Object v = member(tag);
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw mismatch(v, tag, "bool");
    }

    /** An int field (64 bits). */
    long integer(String tag, String goType) throws MonitorRequestException {
        return number(tag, goType, BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE));
    }

    long integer(String tag) throws MonitorRequestException {
        return integer(tag, "int");
    }

    /** A uint64 field, as a long holding its bits. */
    long unsigned(String tag) throws MonitorRequestException {
        return number(tag, "uint64", BigInteger.ZERO, BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
    }

    private long number(String tag, String goType, BigInteger min, BigInteger max) throws MonitorRequestException {
        Object v = member(tag);
        if (v == null) {
            return 0;
        }
        if (!(v instanceof Num n)) {
            throw mismatch(v, tag, goType);
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

    List<String> strings(String tag) throws MonitorRequestException {
        Object v = member(tag);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw mismatch(v, tag, "[]string");
        }
        List<String> out = new ArrayList<>(list.size());
        for (Object o : list) {
            if (o == null) {
                out.add("");
            } else if (o instanceof String s) {
                out.add(s);
            } else {
                throw mismatch(o, tag, "string");
            }
        }
        return out;
    }

    private MonitorRequestException mismatch(Object v, String tag, String goType) {
        return mismatch(kind(v), tag, goType);
    }

    private MonitorRequestException mismatch(String kind, String tag, String goType) {
        return new MonitorRequestException("json: cannot unmarshal " + kind + " into Go struct field "
                + struct + "." + tag + " of type " + goType);
    }

    /**
     * How Go's UnmarshalTypeError names a JSON value of the wrong type; a number that does not fit a
     * numeric field is named with its text instead (see {@link #number}).
     */
    private static String kind(Object v) {
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

    /** A JSON number, kept as written. */
    private record Num(String text) {
    }

    /** A small recursive-descent JSON reader; syntax errors carry Go's texts. */
    private static final class Reader {
        private final String s;
        private int i;

        Reader(String s) {
            this.s = s;
        }

        int peek() {
            return i < s.length() ? s.charAt(i) : -1;
        }

        void skipSpace() {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\n' || s.charAt(i) == '\r')) {
                i++;
            }
        }

        void end() throws MonitorRequestException {
            skipSpace();
            if (i < s.length()) {
                throw unexpected("after top-level value");
            }
        }

        Object value() throws MonitorRequestException {
            skipSpace();
            if (i >= s.length()) {
                throw new MonitorRequestException("unexpected end of JSON input");
            }
            char c = s.charAt(i);
            switch (c) {
                case '{':
                    return object();
                case '[':
                    return array();
                case '"':
                    return string();
                case 't':
                    return literal("true", Boolean.TRUE);
                case 'f':
                    return literal("false", Boolean.FALSE);
                case 'n':
                    return literal("null", null);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        return number();
                    }
                    throw unexpected("looking for beginning of value");
            }
        }

        /** The top-level object's members in order, repeated keys kept. */
        List<Map.Entry<String, Object>> members() throws MonitorRequestException {
            List<Map.Entry<String, Object>> out = new ArrayList<>();
            object(out);
            return out;
        }

        private Map<String, Object> object() throws MonitorRequestException {
            Map<String, Object> m = new LinkedHashMap<>();
            List<Map.Entry<String, Object>> entries = new ArrayList<>();
            object(entries);
            entries.forEach(e -> m.put(e.getKey(), e.getValue()));
            return m;
        }

        private void object(List<Map.Entry<String, Object>> m) throws MonitorRequestException {
            i++;
            skipSpace();
            if (peek() == '}') {
                i++;
                return;
            }
            while (true) {
                skipSpace();
                if (peek() != '"') {
                    throw peek() < 0 ? new MonitorRequestException("unexpected end of JSON input")
                            : unexpected("looking for beginning of object key string");
                }
                String k = string();
                skipSpace();
                if (peek() != ':') {
                    throw peek() < 0 ? new MonitorRequestException("unexpected end of JSON input")
                            : unexpected("after object key");
                }
                i++;
                m.add(new java.util.AbstractMap.SimpleImmutableEntry<>(k, value()));
                skipSpace();
                int c = peek();
                i++;
                if (c == '}') {
                    return;
                }
                if (c != ',') {
                    i--;
                    throw c < 0 ? new MonitorRequestException("unexpected end of JSON input")
                            : unexpected("after object key:value pair");
                }
            }
        }

        private List<Object> array() throws MonitorRequestException {
            List<Object> list = new ArrayList<>();
            i++;
            skipSpace();
            if (peek() == ']') {
                i++;
                return list;
            }
            while (true) {
                list.add(value());
                skipSpace();
                int c = peek();
                i++;
                if (c == ']') {
                    return list;
                }
                if (c != ',') {
                    i--;
                    throw c < 0 ? new MonitorRequestException("unexpected end of JSON input")
                            : unexpected("after array element");
                }
            }
        }

        private String string() throws MonitorRequestException {
            StringBuilder sb = new StringBuilder();
            i++;
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                if (i >= s.length()) {
                    break;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        if (i + 4 > s.length()) {
                            throw new MonitorRequestException("unexpected end of JSON input");
                        }
                        sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> sb.append(e);
                }
            }
            throw new MonitorRequestException("unexpected end of JSON input");
        }

        private Object literal(String word, Object v) throws MonitorRequestException {
            for (int k = 0; k < word.length(); k++, i++) {
                if (i >= s.length()) {
                    throw new MonitorRequestException("unexpected end of JSON input");
                }
                if (s.charAt(i) != word.charAt(k)) {
                    throw unexpected("in literal " + word + " (expecting '" + word.charAt(k) + "')");
                }
            }
            return v;
        }

        private Num number() {
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            return new Num(s.substring(start, i));
        }

        private MonitorRequestException unexpected(String context) {
            return new MonitorRequestException("invalid character '" + s.charAt(i) + "' " + context);
        }
    }
}
