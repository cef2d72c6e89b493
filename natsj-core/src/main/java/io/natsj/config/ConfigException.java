package io.natsj.config;

import java.util.List;

/**
 * A configuration that cannot be used. The message is what nats-server would print: one line per
 * problem, each {@code file:line:col: reason} when the problem has a place.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ConfigException(String message) {
        this(List.of(message));
    }

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem on its own, in the order found. */
    public List<String> problems() {
        return problems;
    }
}
