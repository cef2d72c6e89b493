package io.natsj.monitor;

import io.natsj.protocol.Json;
import java.util.List;
import java.util.Map;

/**
 * JSON as Go lays it out: json.MarshalIndent(v, "", "  ") for the HTTP port, or json.Marshal (no
 * whitespace) for answers over the system account. Objects and arrays only hold what the caller adds,
 * so omitempty is the caller's decision.
 */
final class IndentedJson {
    private final StringBuilder sb = new StringBuilder(2048);
    private final boolean indent;
    private int depth;
    /** Whether the innermost open object or array has no member yet. */
    private boolean empty = true;

    IndentedJson() {
        this(true);
    }

    /** @param indent false for Go's compact json.Marshal layout */
    IndentedJson(boolean indent) {
        this.indent = indent;
    }

    IndentedJson begin() {
        sb.append('{');
        depth++;
        empty = true;
        return this;
    }

    IndentedJson end() {
        return close('}');
    }

    private IndentedJson close(char c) {
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

    private IndentedJson key(String k) {
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

    /** A string field Go marks omitempty: left out when null or empty. */
    IndentedJson optional(String k, String v) {
        return v == null || v.isEmpty() ? this : field(k, v);
    }

    /** An integer field Go marks omitempty: left out when zero. */
    IndentedJson optional(String k, long v) {
        return v == 0 ? this : field(k, v);
    }

    /** A member whose value is already JSON in this layout (a document inside an answer). */
    IndentedJson raw(String k, String json) {
        key(k);
        sb.append(json);
        return this;
    }

    IndentedJson nullField(String k) {
        key(k);
        sb.append("null");
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

    /** Opens an array under {@code k}; close it with {@link #endArray}. */
    IndentedJson array(String k) {
        key(k);
        sb.append('[');
        depth++;
        empty = true;
        return this;
    }

    IndentedJson endArray() {
        return close(']');
    }

    /** Opens an object as the next element of the open array; close it with {@link #end}. */
    IndentedJson element() {
        next();
        return begin();
    }

    /** A string as the next element of the open array. */
    IndentedJson element(String v) {
        next();
        Json.quote(sb, v);
        return this;
    }

    IndentedJson strings(String k, List<String> values) {
        array(k);
        for (String v : values) {
            element(v);
        }
        return endArray();
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
