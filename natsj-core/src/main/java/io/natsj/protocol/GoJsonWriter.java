package io.natsj.protocol;

import java.util.List;
import java.util.Map;

/**
 * JSON as Go lays it out: json.MarshalIndent(v, "", "  ") for the HTTP port, or json.Marshal (no
 * whitespace) for answers over the system account. Objects and arrays only hold what the caller adds,
 * so omitempty is the caller's decision.
 */
public final class GoJsonWriter {
    private final StringBuilder sb = new StringBuilder(2048);
    private final boolean indent;
    private int depth;
    /** Whether the innermost open object or array has no member yet. */
    private boolean empty = true;

    public GoJsonWriter() {
        this(true);
    }

    /** @param indent false for Go's compact json.Marshal layout */
    public GoJsonWriter(boolean indent) {
        this.indent = indent;
    }

    public GoJsonWriter begin() {
        sb.append('{');
        depth++;
        empty = true;
        return this;
    }

    public GoJsonWriter end() {
        return close('}');
    }

    private GoJsonWriter close(char c) {
        depth--;
        if (!empty) {
            newline();
        }
        sb.append(c);
        empty = false;
        return this;
    }

    /** Starts the next member of the open object or array. */
    private void next() {
        if (!empty) {
            sb.append(',');
        }
        newline();
        empty = false;
    }

    private GoJsonWriter key(String k) {
        next();
        Json.quote(sb, k);
        sb.append(indent ? ": " : ":");
        return this;
    }

    private void newline() {
        if (!indent) {
            return;
        }
        sb.append('\n');
        for (int i = 0; i < depth; i++) {
            sb.append("  ");
        }
    }

    public GoJsonWriter field(String k, String v) {
        key(k);
        Json.quote(sb, v);
        return this;
    }

    public GoJsonWriter field(String k, long v) {
        key(k);
        sb.append(v);
        return this;
    }

    public GoJsonWriter field(String k, boolean v) {
        key(k);
        sb.append(v);
        return this;
    }

    /** A string field Go marks omitempty: left out when null or empty. */
    public GoJsonWriter optional(String k, String v) {
        return v == null || v.isEmpty() ? this : field(k, v);
    }

    /** An integer field Go marks omitempty: left out when zero. */
    public GoJsonWriter optional(String k, long v) {
        return v == 0 ? this : field(k, v);
    }

    /** A member whose value is already JSON in this layout (a document inside an answer). */
    public GoJsonWriter raw(String k, String json) {
        key(k);
        sb.append(json);
        return this;
    }

    public GoJsonWriter nullField(String k) {
        key(k);
        sb.append("null");
        return this;
    }

    /** A float64 field. */
    public GoJsonWriter floatField(String k, double v) {
        key(k);
        sb.append(number(v));
        return this;
    }

    /** An object with no members set: "{}". */
    public GoJsonWriter emptyObject(String k) {
        key(k);
        sb.append("{}");
        return this;
    }

    /** Opens a nested object under {@code k}; close it with {@link #end}. */
    public GoJsonWriter object(String k) {
        key(k);
        return begin();
    }

    /** Opens an array under {@code k}; close it with {@link #endArray}. */
    public GoJsonWriter array(String k) {
        key(k);
        sb.append('[');
        depth++;
        empty = true;
        return this;
    }

    /**
     * A member whose value is a JSON document from elsewhere (compact, as {@link GoJson} reads it),
     * laid out as this writer lays out its own: member order and number texts kept.
     *
     * @throws IllegalArgumentException when {@code json} is not valid JSON
     */
    public GoJsonWriter json(String k, String json) {
        Object v = parse(json);
        key(k);
        value(v);
        return this;
    }

    /** As {@link #json(String, String)}, as the next element of the open array. */
    public GoJsonWriter elementJson(String json) {
        Object v = parse(json);
        next();
        value(v);
        return this;
    }

    private static Object parse(String json) {
        try {
            return GoJson.parse(json);
        } catch (GoJson.SyntaxError e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private void value(Object v) {
        if (v instanceof GoJson.Obj o) {
            begin();
            for (Map.Entry<String, Object> m : o.members()) {
                key(m.getKey());
                value(m.getValue());
            }
            end();
        } else if (v instanceof List<?> list) {
            sb.append('[');
            depth++;
            empty = true;
            for (Object e : list) {
                next();
                value(e);
            }
            endArray();
        } else {
            if (v == null) {
                sb.append("null");
            } else if (v instanceof String str) {
                Json.quote(sb, str);
            } else if (v instanceof GoJson.Num n) {
                sb.append(n.text());
            } else {
                sb.append(v);
            }
            empty = false;
        }
    }

    public GoJsonWriter endArray() {
        return close(']');
    }

    /** Opens an object as the next element of the open array; close it with {@link #end}. */
    public GoJsonWriter element() {
        next();
        return begin();
    }

    /** A string as the next element of the open array. */
    public GoJsonWriter element(String v) {
        next();
        Json.quote(sb, v);
        return this;
    }

    public GoJsonWriter strings(String k, List<String> values) {
        array(k);
        for (String v : values) {
            element(v);
        }
        return endArray();
    }

    /** A map[string]uint64; Go writes the keys sorted. */
    public GoJsonWriter counters(String k, Map<String, Long> values) {
        object(k);
        new java.util.TreeMap<>(values).forEach(this::field);
        return end();
    }

    @Override
    public String toString() {
        return sb.toString();
    }

    /** A float64 as Go's encoding/json writes it for ordinary magnitudes: "2", "0.5", "1.25". */
    public static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e21) {
            return Long.toString((long) v);
        }
        String s = Double.toString(v);
        if (s.contains("E")) {
            // Go switches to exponent form below 1e-6 or from 1e21: "1e-07".
            java.math.BigDecimal bd = new java.math.BigDecimal(s);
            return bd.stripTrailingZeros().toPlainString();
        }
        return s;
    }
}
