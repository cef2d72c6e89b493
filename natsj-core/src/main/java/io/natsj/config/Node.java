package io.natsj.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A value while the parser still works on it. Unlike {@link ConfigValue} it is mutable, because
 * nats-server marks a definition as used only when a later {@code $reference} finds it, and moves a
 * value's position to its key's when the value is stored. Referenced maps and arrays share their
 * children with the definition, as in nats-server.
 */
final class Node {
    final ConfigValue.Kind kind;
    final Object value;
    final Path file;
    int line;
    int column;
    boolean usedVariable;
    /**
     * Read from an environment variable: nats-server keeps no position for these (it parses the
     * variable's text without one), so they report the position of the value that holds them.
     */
    final boolean anonymous;

    Node(ConfigValue.Kind kind, Object value, Path file, int line, int column, boolean anonymous) {
        this.kind = kind;
        this.value = value;
        this.file = file;
        this.line = line;
        this.column = column;
        this.anonymous = anonymous;
    }

    /** The same value with no position of its own, children included. */
    Node anonymized() {
        Object v = value;
        if (kind == ConfigValue.Kind.MAP) {
            Map<String, Node> copy = new LinkedHashMap<>();
            asMap().forEach((k, n) -> copy.put(k, n.anonymized()));
            v = copy;
        } else if (kind == ConfigValue.Kind.ARRAY) {
            List<Node> copy = new ArrayList<>();
            asList().forEach(n -> copy.add(n.anonymized()));
            v = copy;
        }
        return new Node(kind, v, null, 0, 0, true);
    }

    @SuppressWarnings("unchecked")
    Map<String, Node> asMap() {
        return (Map<String, Node>) value;
    }

    @SuppressWarnings("unchecked")
    List<Node> asList() {
        return (List<Node>) value;
    }

    ConfigValue toConfigValue() {
        return toConfigValue(file, line, column);
    }

    private ConfigValue toConfigValue(Path outerFile, int outerLine, int outerColumn) {
        Path f = anonymous ? outerFile : file;
        int l = anonymous ? outerLine : line;
        int c = anonymous ? outerColumn : column;
        Object v = value;
        if (kind == ConfigValue.Kind.MAP) {
            Map<String, ConfigValue> out = new LinkedHashMap<>();
            asMap().forEach((k, n) -> out.put(k, n.toConfigValue(f, l, c)));
            v = Collections.unmodifiableMap(out);
        } else if (kind == ConfigValue.Kind.ARRAY) {
            List<ConfigValue> out = new ArrayList<>();
            asList().forEach(n -> out.add(n.toConfigValue(f, l, c)));
            v = Collections.unmodifiableList(out);
        }
        return new ConfigValue(kind, v, f, l, c, usedVariable);
    }
}
