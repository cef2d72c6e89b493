package io.natsj.server;

import io.natsj.NatsServerOptions;
import io.natsj.monitor.MonitorSource;
import io.natsj.protocol.ServerInfo;
import io.natsj.tls.TlsOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The monitoring port's view of a {@link Server}: options are read afresh on each call (reloads). */
final class MonitorAdapter implements MonitorSource {
    private final Server server;
    private final Instant startTime = Instant.now();
    private volatile Instant configLoadTime = startTime;

    MonitorAdapter(Server server) {
        this.server = server;
    }

    /** After a config reload. */
    void configReloaded() {
        configLoadTime = Instant.now();
    }

    private NatsServerOptions o() {
        return server.options;
    }

    @Override
    public String serverId() {
        return server.serverId;
    }

    @Override
    public String serverName() {
        return server.serverName;
    }

    @Override
    public String version() {
        return ServerInfo.COMPATIBLE_VERSION;
    }

    @Override
    public int proto() {
        return ServerInfo.PROTOCOL;
    }

    @Override
    public String runtimeVersion() {
        return Server.BUILD; // as INFO's "go"
    }

    @Override
    public String host() {
        return o().host();
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public boolean authRequired() {
        return server.security().infoAuthRequired;
    }

    @Override
    public boolean tlsRequired() {
        return o().tls() != null;
    }

    @Override
    public boolean tlsVerify() {
        TlsOptions t = o().tls();
        return t != null && t.clientCertRequired();
    }

    @Override
    public int maxConnections() {
        return o().maxConnections();
    }

    @Override
    public int maxSubscriptions() {
        return o().maxSubscriptions();
    }

    @Override
    public Duration pingInterval() {
        return o().pingInterval();
    }

    @Override
    public int maxPingsOut() {
        return o().maxPingsOut();
    }

    @Override
    public String httpHost() {
        NatsServerOptions o = o();
        return o.httpHost() != null ? o.httpHost() : o.host();
    }

    @Override
    public int httpPort() {
        return o().httpPort();
    }

    @Override
    public String httpBasePath() {
        return o().httpBasePath();
    }

    @Override
    public int httpsPort() {
        return o().httpsPort();
    }

    @Override
    public Duration authTimeout() {
        return Duration.ofNanos(server.security().authTimeoutNanos);
    }

    @Override
    public int maxControlLine() {
        return o().maxControlLine();
    }

    @Override
    public int maxPayload() {
        return o().maxPayload();
    }

    @Override
    public long maxPending() {
        return o().maxPending();
    }

    @Override
    public Duration tlsTimeout() {
        TlsOptions t = o().tls();
        return t != null && t.timeout() != null ? t.timeout() : TlsOptions.DEFAULT_TIMEOUT;
    }

    @Override
    public Duration writeDeadline() {
        return o().writeDeadline();
    }

    @Override
    public Instant startTime() {
        return startTime;
    }

    @Override
    public Instant configLoadTime() {
        return configLoadTime;
    }

    @Override
    public int connections() {
        return server.connectionCount();
    }

    @Override
    public long totalConnections() {
        return server.totalConnections();
    }

    @Override
    public long inMsgs() {
        return server.inMsgs();
    }

    @Override
    public long outMsgs() {
        return server.outMsgs();
    }

    @Override
    public long inBytes() {
        return server.inBytes();
    }

    @Override
    public long outBytes() {
        return server.outBytes();
    }

    @Override
    public long slowConsumers() {
        return server.slowConsumers();
    }

    @Override
    public long subscriptions() {
        Set<ServerAccount> all = new HashSet<>(server.accounts.all().values());
        all.add(server.accounts.global);
        long n = 0;
        for (ServerAccount a : all) {
            n += a.index.count();
        }
        return n;
    }

    @Override
    public List<String> tags() {
        return o().serverTags();
    }

    @Override
    public String systemAccount() {
        NatsServerOptions o = o();
        return o.auth().noSystemAccount() ? null : Accounts.systemAccountName(o.auth());
    }

    @Override
    public int eventLoops() {
        int n = o().eventLoopThreads();
        return n > 0 ? n : Runtime.getRuntime().availableProcessors(); // as Server sizes its I/O group
    }
}
