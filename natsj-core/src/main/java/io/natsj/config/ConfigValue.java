package io.natsj.config;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One value read from a configuration file, with the place it was written. Every value in the tree
 * carries its position, maps and arrays included, so that any later check can name file, line and
 * column the way nats-server does ({@code file:line:col: reason}).
 *
 * <p>{@link #value()} holds, by {@link Kind}: STRING a {@link String}; INTEGER a {@link Long} (size
 * suffixes already applied); FLOAT a {@link Double}; BOOLEAN a {@link Boolean}; DATETIME an
 * {@link Instant}; MAP an insertion-ordered {@code Map<String, ConfigValue>} with keys as written
 * (nats-server compares most keys case-insensitively, the parser does not); ARRAY a
 * {@code List<ConfigValue>}. The collections are unmodifiable.
 */
public final class ConfigValue {

    /** The type of a configuration value, as nats-server's conf package distinguishes them. */
    public enum Kind { STRING, INTEGER, FLOAT, BOOLEAN, DATETIME, MAP, ARRAY }

    private final Kind kind;
    private final Object value;
    private final Path file;
    private final int line;
    private final int column;
    private final boolean usedVariable;

    /**
     * @param file the file the value was read from, or null for text parsed without a file
     * @param line 1-based line
     * @param column position within the line as nats-server reports it
     * @param usedVariable whether the value came from a {@code $VARIABLE} reference
     */
    public ConfigValue(Kind kind, Object value, Path file, int line, int column, boolean usedVariable) {
        this.kind = kind;
        this.value = value;
        this.file = file;
        this.line = line;
        this.column = column;
        this.usedVariable = usedVariable;
    }

    public Kind kind() {
        return kind;
    }

    public Object value() {
        return value;
    }

    public Path file() {
        return file;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public boolean usedVariable() {
        return usedVariable;
    }

    /** {@code file:line:col}, the prefix of every nats-server configuration error. */
    public String source() {
        return (file == null ? "" : file.toString()) + ":" + line + ":" + column;
    }

    @SuppressWarnings("unchecked")
    public Map<String, ConfigValue> asMap() {
        return (Map<String, ConfigValue>) value;
    }

    @SuppressWarnings("unchecked")
    public List<ConfigValue> asList() {
        return (List<ConfigValue>) value;
    }

    @Override
    public String toString() {
        return kind + "(" + value + ")@" + source();
    }
}
