package io.natsj;

import io.natsj.server.Server;

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
    private final Server server;

    public NatsServer(NatsServerOptions options) {
        this.options = options;
        this.server = new Server(options);
    }

    /** Binds the client port and starts serving; returns once clients can connect. */
    public NatsServer start() {
        server.start();
        return this;
    }

    public NatsServerOptions options() {
        return options;
    }

    /** The server's id (a public-nkey-shaped string, as nats-server's). */
    public String serverId() {
        return server.serverId();
    }

    /** The bound client port (the chosen one when the options said 0); -1 before start. */
    public int port() {
        return server.port();
    }

    /** The bound HTTP monitoring port, or -1 without one. */
    public int monitorPort() {
        return server.monitorPort();
    }

    /** nats://host:port that a client on this machine connects to. */
    public String clientUrl() {
        String host = options.host();
        if (host.equals("0.0.0.0") || host.equals("::") || host.isEmpty()) {
            host = "127.0.0.1";
        } else if (host.indexOf(':') >= 0) {
            host = "[" + host + "]";
        }
        return "nats://" + host + ":" + port();
    }

    /**
     * Applies changed options to the running server, as nats-server's config reload does: limits,
     * timers, logging flags, pid and ports files change live; an option that cannot change at runtime
     * (host, port, server name, max_pending, ...) refuses the whole reload with nats-server's message
     * ({@code config reload not supported for Host: old=..., new=...}) and the server keeps its options.
     *
     * @throws IllegalArgumentException when the reload is refused
     */
    public void reload(NatsServerOptions newOptions) {
        server.reload(newOptions);
    }

    /** The options in force now (the last reload's, or those the server started with). */
    public NatsServerOptions currentOptions() {
        return server.currentOptions();
    }

    /**
     * Lame duck mode: stop accepting clients, tell the connected ones (INFO {@code "ldm":true}), close
     * them spread over lame_duck_duration after lame_duck_grace_period, then shut down. Returns at once.
     */
    public void enterLameDuckMode() {
        server.enterLameDuckMode();
    }

    /** Whether lame duck mode has begun. */
    public boolean isLameDuck() {
        return server.isLameDuck();
    }

    /** Blocks until the server has shut down, by {@link #close()} or at the end of lame duck mode. */
    public void awaitShutdown() throws InterruptedException {
        server.awaitShutdown();
    }

    /** Stops accepting, closes every client connection and frees the threads. Idempotent. */
    @Override
    public void close() {
        server.shutdown();
    }
}
