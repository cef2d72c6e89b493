package io.natsj.cli;

import io.natsj.NatsServerOptions;

/** Applies the logging options to the logging backend. */
final class Logging {
    private Logging() {
    }

    static void configure(NatsServerOptions o) {
    }

    static void reopen() {
    }

    static void fatal(String message) {
        System.err.println("nats-server: " + message);
    }
}
