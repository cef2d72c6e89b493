package io.natsj;

/**
 * A NATS server. {@code new NatsServer(options).start()} binds and serves; {@link #close()} stops it.
 *
 * <pre>{@code
 * try (NatsServer server = new NatsServer(NatsServerOptions.builder().port(0).build()).start()) {
 *     Connection nc = Nats.connect(server.clientUrl());
 * }
 * }</pre>
 */
public final class NatsServer implements AutoCloseable {
    private final NatsServerOptions options;

    public NatsServer(NatsServerOptions options) {
        this.options = options;
    }

    /** Binds the client port and starts serving; returns once clients can connect. */
    public NatsServer start() {
        throw new UnsupportedOperationException("not yet");
    }

    public NatsServerOptions options() {
        return options;
    }

    /** The bound client port (the chosen one when the options said 0). */
    public int port() {
        throw new UnsupportedOperationException("not yet");
    }

    /** nats://host:port that a client on this machine connects to. */
    public String clientUrl() {
        return "nats://127.0.0.1:" + port();
    }

    /** Stops accepting, closes every client connection and frees the threads. Idempotent. */
    @Override
    public void close() {
    }
}
