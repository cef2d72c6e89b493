package io.natsj.monitor;

import io.natsj.protocol.Json;
import java.util.List;
import java.util.Map;

/** JSON as Go's json.MarshalIndent(v, "", "  ") lays it out; objects only hold what the caller adds. */
final class IndentedJson {
    private final StringBuilder sb = new StringBuilder(2048);
    private int depth;
    /** Whether the innermost open object or array has no member yet. */
    private boolean empty = true;

    IndentedJson begin() {
        sb.append('{');
        depth++;
        empty = true;
        return this;
    }

    IndentedJson end() {
        depth--;
        if (!empty) {
            newline();
        }
        sb.append('}');
        empty = false;
        return this;
    }

    private IndentedJson key(String k) {
        if (!empty) {
            sb.append(',');
        }
        newline();
        Json.quote(sb, k);
        sb.append(": ");
        empty = false;
        return this;
    }

    private void newline() {
        sb.append('\n');
        for (int i = 0; i < depth; i++) {
            sb.append("  ");
        }
    }

    IndentedJson field(String k, String v) {
        key(k);
        Json.quote(sb, v);
        return this;
    }

    IndentedJson field(String k, long v) {
        key(k);
        sb.append(v);
        return this;
    }

    IndentedJson field(String k, boolean v) {
        key(k);
        sb.append(v);
        return this;
    }

    /** A float64 field. */
    IndentedJson floatField(String k, double v) {
        key(k);
        sb.append(GoFormats.number(v));
        return this;
    }

    /** An object with no members set: "{}". */
    IndentedJson emptyObject(String k) {
        key(k);
        sb.append("{}");
        return this;
    }

    /** Opens a nested object under {@code k}; close it with {@link #end}. */
    IndentedJson object(String k) {
        key(k);
        return begin();
    }

    IndentedJson strings(String k, List<String> values) {
        key(k);
        sb.append('[');
        depth++;
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            newline();
            Json.quote(sb, values.get(i));
        }
        depth--;
        if (!values.isEmpty()) {
            newline();
        }
        sb.append(']');
        return this;
    }

    /** A map[string]uint64; Go writes the keys sorted. */
    IndentedJson counters(String k, Map<String, Long> values) {
        object(k);
        new java.util.TreeMap<>(values).forEach(this::field);
        return end();
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
