package io.natsj.it.support;

import io.natsj.NatsServer;
import io.natsj.NatsServerOptions;

/** natsj started through its embedding API, bound to 127.0.0.1 on a port of its choosing. */
public final class NatsjTestServer implements TestServer {
    private final NatsServer server;

    private NatsjTestServer(NatsServer server) {
        this.server = server;
    }

    /** A server the test started itself through the embedding API (closing this closes it). */
    public static NatsjTestServer of(NatsServer server) {
        return new NatsjTestServer(server);
    }

    public static NatsjTestServer start(Limits limits) {
        return new NatsjTestServer(new NatsServer(options(limits)).start());
    }

    public static NatsServerOptions options(Limits limits) {
        NatsServerOptions.Builder b = NatsServerOptions.builder().host("127.0.0.1").port(0);
        if (limits.maxPayload() != null) b.maxPayload(limits.maxPayload());
        if (limits.maxControlLine() != null) b.maxControlLine(limits.maxControlLine());
        if (limits.maxConnections() != null) b.maxConnections(limits.maxConnections());
        if (limits.maxSubscriptions() != null) b.maxSubscriptions(limits.maxSubscriptions());
        if (limits.maxPending() != null) b.maxPending(limits.maxPending());
        if (limits.writeDeadline() != null) b.writeDeadline(limits.writeDeadline());
        if (limits.pingInterval() != null) b.pingInterval(limits.pingInterval());
        if (limits.maxPingsOut() != null) b.maxPingsOut(limits.maxPingsOut());
        return b.build();
    }

    public NatsServer server() {
        return server;
    }

    @Override
    public ServerKind kind() {
        return ServerKind.NATSJ;
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return "natsj@" + port();
    }
}
