package io.natsj.jetstream;

import io.natsj.protocol.Json;

/**
 * Compact JSON as Go's encoding/json writes a struct: members in the order written, strings quoted
 * as Go quotes them. Not thread-safe; one per answer.
 */
final class JsonWriter {
    private final StringBuilder sb = new StringBuilder(256);
    /** Whether the innermost open object has a member yet. */
    private boolean first = true;

    JsonWriter begin() {
        sb.append('{');
        first = true;
        return this;
    }

    private void name(String name) {
        if (!first) {
            sb.append(',');
        }
        first = false;
        Json.quote(sb, name);
        sb.append(':');
    }

    JsonWriter field(String name, String value) {
        name(name);
        Json.quote(sb, value);
        return this;
    }

    JsonWriter field(String name, long value) {
        name(name);
        sb.append(value);
        return this;
    }

    JsonWriter field(String name, boolean value) {
        name(name);
        sb.append(value);
        return this;
    }

    /** A string member left out when null or empty (Go's omitempty). */
    JsonWriter optional(String name, String value) {
        return value == null || value.isEmpty() ? this : field(name, value);
    }

    JsonWriter object(String name) {
        name(name);
        sb.append('{');
        first = true;
        return this;
    }

    JsonWriter end() {
        sb.append('}');
        first = false;
        return this;
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
