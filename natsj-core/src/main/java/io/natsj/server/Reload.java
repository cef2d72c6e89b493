package io.natsj.server;

import io.natsj.NatsServerOptions;
import io.natsj.auth.AuthOptions;
import io.natsj.auth.User;
import io.natsj.config.GoDurations;
import io.natsj.tls.ServerTls;
import io.natsj.tls.TlsOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configuration reload, with nats-server's rules: compare old and new options field by field in
 * nats-server's order; a changed option that cannot change at runtime refuses the whole reload
 * ({@code config reload not supported for Host: old=..., new=...}) and nothing is applied; otherwise
 * each change is applied to the live server and logged as {@code Reloaded: max_payload = 2048}.
 */
final class Reload {
    private static final Logger LOG = LoggerFactory.getLogger(Reload.class);

    private final Server server;
    private final NatsServerOptions old;
    private final NatsServerOptions neu;
    private final List<Runnable> changes = new ArrayList<>();

    private Reload(Server server, NatsServerOptions old, NatsServerOptions neu) {
        this.server = server;
        this.old = old;
        this.neu = neu;
    }

    /** Validates every change, then applies them all; throws without applying anything if one is refused. */
    static void apply(Server server, NatsServerOptions old, NatsServerOptions neu) {
        Reload r = new Reload(server, old, neu);
        r.diff();
        server.options = neu;
        for (Runnable change : r.changes) {
            change.run();
        }
        LOG.info("Reloaded server configuration");
    }

    private void diff() {
        fixed("ServerName", old.serverName(), neu.serverName());
        fixed("Host", old.host(), neu.host());
        if (neu.port() != 0) {
            fixed("Port", server.port(), neu.port());
        }
        changed("ClientAdvertise", old.clientAdvertise(), neu.clientAdvertise(),
                () -> LOG.info("Reload: client_advertise = {}", Objects.toString(neu.clientAdvertise(), "")));
        changed("Trace", old.trace(), neu.trace(), () -> {
            server.clientOptionsChanged();
            LOG.info("Reloaded: trace = {}", neu.trace());
        });
        changed("Debug", old.debug(), neu.debug(), () -> LOG.info("Reloaded: debug = {}", neu.debug()));
        changed("TraceVerbose", old.traceVerbose(), neu.traceVerbose(),
                () -> LOG.info("Reloaded: trace_verbose = {}", neu.traceVerbose()));
        fixed("NoHeaderSupport", !old.headers(), !neu.headers());
        changed("Logtime", old.logtime(), neu.logtime(), () -> LOG.info("Reloaded: logtime = {}", neu.logtime()));
        changed("MaxConn", old.maxConnections(), neu.maxConnections(), this::maxConnections);
        fixed("MaxSubs", old.maxSubscriptions(), neu.maxSubscriptions());
        AuthOptions oa = old.auth();
        AuthOptions na = neu.auth();
        changed("Nkeys", nkeyUsers(oa), nkeyUsers(na), () -> LOG.info("Reloaded: authorization nkey users"));
        // nats-server never compares users and accounts (they hold live state) and so reports them
        // reloaded every time; log watchers see the same lines from natsj.
        changes.add(() -> LOG.info("Reloaded: authorization users"));
        changes.add(() -> LOG.info("Reloaded: accounts"));
        noAuthUser(oa.noAuthUser(), na);
        Accounts.check(na);
        fixed("SystemAccount", Accounts.systemAccountName(oa), Accounts.systemAccountName(na));
        fixed("NoSystemAccount", oa.noSystemAccount(), na.noSystemAccount());
        changed("Username", oa.username(), na.username(), () -> LOG.info("Reloaded: authorization username"));
        changed("Password", oa.password(), na.password(), () -> LOG.info("Reloaded: authorization password"));
        changed("Authorization", oa.token(), na.token(), () -> LOG.info("Reloaded: authorization token"));
        changed("PingInterval", old.pingInterval(), neu.pingInterval(),
                () -> LOG.info("Reloaded: ping_interval = {}", GoDurations.format(neu.pingInterval())));
        changed("MaxPingsOut", old.maxPingsOut(), neu.maxPingsOut(),
                () -> LOG.info("Reloaded: ping_max = {}", neu.maxPingsOut()));
        fixed("HTTPHost", old.httpHost() != null ? old.httpHost() : old.host(),
                neu.httpHost() != null ? neu.httpHost() : neu.host());
        fixed("HTTPPort", old.httpPort(), neu.httpPort());
        fixed("HTTPSPort", old.httpsPort(), neu.httpsPort());
        fixed("HTTPBasePath", old.httpBasePath(), neu.httpBasePath());
        double oldTimeout = Security.authTimeout(old).toNanos() / 1e9;
        double newTimeout = Security.authTimeout(neu).toNanos() / 1e9;
        changed("AuthTimeout", oldTimeout, newTimeout,
                () -> LOG.info("Reloaded: authorization timeout = {}", goFloat(newTimeout)));
        changed("MaxControlLine", old.maxControlLine(), neu.maxControlLine(), () -> {
            server.clientOptionsChanged();
            LOG.info("Reloaded: max_control_line = {}", neu.maxControlLine());
        });
        changed("MaxPayload", old.maxPayload(), neu.maxPayload(), () -> {
            server.clientOptionsChanged();
            LOG.info("Reloaded: max_payload = {}", neu.maxPayload());
        });
        fixed("MaxPending", old.maxPending(), neu.maxPending());
        changed("PidFile", old.pidFile(), neu.pidFile(), server::pidFileChanged);
        changed("PortsFileDir", old.portsFileDir(), neu.portsFileDir(), () -> server.portsFileDirChanged(old.portsFileDir()));
        changed("LogFile", old.logFile(), neu.logFile(),
                () -> LOG.info("Reloaded: log_file = {}", Objects.toString(neu.logFile(), "")));
        fixed("LogSizeLimit", old.logSizeLimit(), neu.logSizeLimit());
        tls();
        changed("WriteDeadline", old.writeDeadline(), neu.writeDeadline(),
                () -> LOG.info("Reloaded: write_deadline = {}", GoDurations.format(neu.writeDeadline())));
        fixed("LameDuckDuration", old.lameDuckDuration(), neu.lameDuckDuration());
        fixed("LameDuckGracePeriod", old.lameDuckGracePeriod(), neu.lameDuckGracePeriod());
        changed("MaxTracedMsgLen", old.maxTracedMsgLen(), neu.maxTracedMsgLen(),
                () -> LOG.info("Reloaded: max_traced_msg_len = {}", neu.maxTracedMsgLen()));
        changed("ConnectErrorReports", old.connectErrorReports(), neu.connectErrorReports(),
                () -> LOG.info("Reloaded: connect_error_reports = {}", neu.connectErrorReports()));
        changed("ReconnectErrorReports", old.reconnectErrorReports(), neu.reconnectErrorReports(),
                () -> LOG.info("Reloaded: reconnect_error_reports = {}", neu.reconnectErrorReports()));
        changed("Tags", old.serverTags(), neu.serverTags(), () -> LOG.info("Reloaded: tags"));
        fixed("EventLoopThreads", old.eventLoopThreads(), neu.eventLoopThreads());
        jetStream();
        // Users and accounts always count as changed in nats-server, so every reload re-checks clients.
        changes.add(server::authorizationReloaded);
    }

    /**
     * nats-server's JetStream reload rules: the store directory and the memory and file limits cannot
     * change while JetStream runs (its texts). nats-server can also switch JetStream on or off, and
     * change accounts' JetStream limits, at reload; natsj cannot yet and refuses, naming it, rather
     * than ignore the change.
     */
    private void jetStream() {
        io.natsj.JetStreamOptions o = old.jetStream();
        io.natsj.JetStreamOptions n = neu.jetStream();
        if (o.enabled() != n.enabled()) {
            throw new IllegalArgumentException("config reload not supported for JetStream: old=" + o.enabled() + ", new="
                    + n.enabled() + " (natsj starts and stops JetStream only with the server)");
        }
        if (!n.enabled()) {
            return;
        }
        if (!Objects.equals(o.storeDir(), n.storeDir())) {
            throw new IllegalArgumentException(n.storeDir() == null || n.storeDir().isEmpty()
                    ? "config reload not supported for jetstream storage dir"
                    : "config reload not supported for jetstream storage directory");
        }
        memoryAndStore(o.maxMemory(), n.maxMemory());
        memoryAndStore(o.maxStore(), n.maxStore());
        fixed("JetStreamDomain", o.domain(), n.domain());
        fixed("JetStreamUniqueTag", o.uniqueTag(), n.uniqueTag());
        fixed("SyncInterval", o.syncInterval(), n.syncInterval());
        if (!JetStreamRequests.enabledAccounts(old.auth()).equals(JetStreamRequests.enabledAccounts(neu.auth()))) {
            throw new IllegalArgumentException("config reload not supported for accounts' JetStream settings"
                    + " (natsj applies them when the server starts)");
        }
    }

    private static void memoryAndStore(long before, long after) {
        if (before == after) {
            return;
        }
        if (before == -1 && after != -1) {
            throw new IllegalArgumentException("config reload not supported for jetstream dynamic max memory and store");
        }
        if (before != -1 && after == -1) {
            throw new IllegalArgumentException("config reload not supported for jetstream max memory and max store");
        }
        throw new IllegalArgumentException("config reload not supported for jetstream max memory and store");
    }

    private static List<User> nkeyUsers(AuthOptions a) {
        List<User> list = new ArrayList<>();
        for (User u : a.users()) {
            if (u.isNkey()) {
                list.add(u);
            }
        }
        return list;
    }

    /** Go lets no_auth_user go only together with the user it named. */
    private void noAuthUser(String before, AuthOptions na) {
        String after = na.noAuthUser();
        if (Objects.equals(before, after)) {
            return;
        }
        boolean userGone = before != null && after == null
                && na.users().stream().noneMatch(u -> before.equals(u.username()));
        if (!userGone) {
            throw new IllegalArgumentException("config reload not supported for NoAuthUser: old="
                    + goValue(before) + ", new=" + goValue(after));
        }
    }

    /** Go's %v of a float64: no trailing ".0". */
    private static String goFloat(double d) {
        return d == Math.rint(d) && !Double.isInfinite(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /**
     * TLS reloads, in nats-server's field order: its timeout, the configuration (reported on every
     * reload while TLS is on, since Go's tls.Config never compares equal, and rebuilt here so that
     * renewed certificates are read again) and pinned_certs. verify_and_map cannot change.
     */
    private void tls() {
        Duration timeout = tlsTimeout(neu);
        changed("TLSTimeout", tlsTimeout(old), timeout, () -> LOG.info("Reloaded: tls timeout = {}", goSeconds(timeout)));
        fixed("TLSMap", old.tls() != null && old.tls().verifyAndMap(), neu.tls() != null && neu.tls().verifyAndMap());
        if (old.tls() != null || neu.tls() != null) {
            ServerTls built;
            try {
                built = Server.buildTls(neu);
            } catch (IllegalStateException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            changes.add(() -> {
                server.tlsChanged(built);
                LOG.info("Reloaded: tls = {}", built != null ? "enabled" : "disabled");
            });
        }
        Set<String> pinned = pinnedCerts(neu);
        changed("TLSPinnedCerts", pinnedCerts(old), pinned, () -> LOG.info("Reloaded: {} pinned_certs", pinned.size()));
    }

    private static Duration tlsTimeout(NatsServerOptions o) {
        return o.tls() != null ? o.tls().timeout() : TlsOptions.DEFAULT_TIMEOUT;
    }

    private static Set<String> pinnedCerts(NatsServerOptions o) {
        if (o.tls() == null) {
            return Set.of();
        }
        return o.tls().pinnedCerts().stream().map(p -> p.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    /** Go's %v of a float64 number of seconds: "2", "0.5". */
    static String goSeconds(Duration d) {
        double s = d.toNanos() / 1e9;
        return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s);
    }

    private void fixed(String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            throw new IllegalArgumentException("config reload not supported for " + field + ": old=" + goValue(before)
                    + ", new=" + goValue(after));
        }
    }

    private void changed(String field, Object before, Object after, Runnable apply) {
        if (!Objects.equals(before, after)) {
            changes.add(apply);
        }
    }

    private void maxConnections() {
        int closed = server.enforceMaxConnections(neu.maxConnections());
        if (closed > 0) {
            LOG.info("Closed {} connections to fall within max_connections", closed);
        }
        LOG.info("Reloaded: max_connections = {}", neu.maxConnections());
    }

    /** Go's %v of an option value. */
    private static String goValue(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Duration) {
            return GoDurations.format((Duration) v);
        }
        return v.toString();
    }
}
