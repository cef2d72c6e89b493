package io.natsj.monitor;

import io.natsj.protocol.Json;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/** Go's json.Marshal output, built field by field: no whitespace, keys in the order written. */
final class CompactJson {
    private final StringBuilder sb = new StringBuilder(512);
    private boolean first = true;

    CompactJson begin() {
        sb.append('{');
        first = true;
        return this;
    }

    CompactJson end() {
        sb.append('}');
        first = false;
        return this;
    }

    private CompactJson key(String k) {
        if (!first) {
            sb.append(',');
        }
        first = false;
        Json.quote(sb, k);
        sb.append(':');
        return this;
    }

    CompactJson field(String k, String v) {
        key(k);
        Json.quote(sb, v);
        return this;
    }

    /** Go's omitempty for strings. */
    CompactJson optional(String k, String v) {
        return v == null || v.isEmpty() ? this : field(k, v);
    }

    CompactJson field(String k, long v) {
        key(k);
        sb.append(v);
        return this;
    }

    CompactJson field(String k, boolean v) {
        key(k);
        sb.append(v);
        return this;
    }

    CompactJson floatField(String k, double v) {
        key(k);
        sb.append(GoFormats.number(v));
        return this;
    }

    CompactJson time(String k, Instant t, ZoneId zone) {
        return field(k, GoFormats.time(t, zone));
    }

    CompactJson strings(String k, List<String> values) {
        key(k);
        sb.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            Json.quote(sb, values.get(i));
        }
        sb.append(']');
        return this;
    }

    /** A nested object; close it with {@link #end}. */
    CompactJson object(String k) {
        key(k);
        return begin();
    }

    /** An object member whose value is already JSON. */
    CompactJson raw(String k, String json) {
        key(k);
        sb.append(json);
        return this;
    }

    /** Starts an array member; elements go in with {@link #element}. */
    CompactJson array(String k) {
        key(k);
        sb.append('[');
        first = true;
        return this;
    }

    CompactJson element() {
        if (!first) {
            sb.append(',');
        }
        return begin();
    }

    CompactJson endArray() {
        sb.append(']');
        first = false;
        return this;
    }

    /** {"msgs":n,"bytes":n} under {@code k}, nats-server's DataStats. */
    CompactJson dataStats(String k, long msgs, long bytes) {
        return object(k).field("msgs", msgs).field("bytes", bytes).end();
    }

    @Override
    public String toString() {
        return sb.toString();
    }

    /** The same JSON without the whitespace outside strings: MarshalIndent's output as Marshal's. */
    static String compact(String json) {
        StringBuilder out = new StringBuilder(json.length());
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                out.append(c);
                if (c == '\\') {
                    out.append(json.charAt(++i));
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
                out.append(c);
            } else if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                out.append(c);
            }
        }
        return out.toString();
    }
}
