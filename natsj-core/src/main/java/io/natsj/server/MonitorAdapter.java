package io.natsj.server;

import io.natsj.NatsServerOptions;
import io.natsj.auth.Account;
import io.natsj.auth.Export;
import io.natsj.auth.Import;
import io.natsj.jetstream.ApiSubjects;
import io.natsj.jetstream.JetStream;
import io.natsj.jetstream.JetStreamConfig;
import io.natsj.jetstream.JsAccount;
import io.natsj.monitor.AccountInfo;
import io.natsj.monitor.AccountStat;
import io.natsj.monitor.ConnInfo;
import io.natsj.monitor.JetStreamInfo;
import io.natsj.monitor.MonitorSource;
import io.natsj.monitor.SubDetail;
import io.natsj.monitor.SublistStats;
import io.natsj.routing.Subscription;
import io.natsj.protocol.ServerInfo;
import io.natsj.tls.TlsOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The monitoring port's view of a {@link Server}: options are read afresh on each call (reloads);
 * connections are read as {@link ConnSnapshots} explains, without waiting for their loops.
 */
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

    @Override
    public List<ConnInfo> openConnections(boolean withSubscriptions) {
        List<ConnInfo> out = new ArrayList<>();
        for (ClientConnection c : server.clients()) {
            out.add(ConnSnapshots.open(c, withSubscriptions));
        }
        return out;
    }

    @Override
    public List<ConnInfo> closedConnections() {
        return server.closed.snapshot();
    }

    @Override
    public List<String> accountNames() {
        return List.copyOf(server.accounts.all().keySet());
    }

    @Override
    public SublistStats sublistStats(String account) {
        ServerAccount a = server.accounts.all().get(account);
        return a == null ? null : a.sublistStats();
    }

    /**
     * Client subscriptions, and the mirrors of client subscriptions that stream imports put here
     * (listed under their client, as nats-server lists its shadow subscriptions); a service import's
     * own subscription has no client and is left out of the list, though counted.
     */
    @Override
    public List<SubDetail> subscriptions(String account) {
        ServerAccount a = server.accounts.all().get(account);
        if (a == null) {
            return List.of();
        }
        List<SubDetail> out = new ArrayList<>();
        for (Subscription s : a.index.subscriptions()) {
            ClientConnection c = s.subscriber instanceof ClientConnection cc ? cc
                    : s.subscriber instanceof ImportRoutes.Shadow sh ? sh.client() : null;
            if (c != null) {
                ServerAccount ca = c.account();
                out.add(ConnSnapshots.detail(ca == null ? Account.GLOBAL : ca.name, s, c.cid));
            }
        }
        return out;
    }

    @Override
    public AccountInfo account(String name) {
        ServerAccount a = server.accounts.all().get(name);
        if (a == null) {
            return null;
        }
        Account configured = o().auth().accounts().get(name);
        List<AccountInfo.ExportInfo> exports = new ArrayList<>();
        List<AccountInfo.ImportInfo> imports = new ArrayList<>();
        if (configured != null) {
            // nats-server lists services before streams, for exports and (reversed) imports alike.
            for (boolean service : new boolean[] {true, false}) {
                for (Export e : configured.exports()) {
                    if (e.service() == service) {
                        exports.add(new AccountInfo.ExportInfo(e.subject(), service, service ? e.responseType() : null,
                                e.isPublic() ? List.of() : e.accounts()));
                    }
                }
            }
            for (boolean service : new boolean[] {false, true}) {
                for (Import im : configured.imports()) {
                    if (im.service() == service) {
                        imports.add(importInfo(im));
                    }
                }
            }
        }
        String system = systemAccount();
        if (system != null && !name.equals(system)) {
            for (Accounts.SystemImport im : Accounts.systemImports(name)) {
                imports.add(new AccountInfo.ImportInfo(im.subject(), system, im.systemSubject(), true));
            }
        }
        JetStream js = server.jetStream;
        if (js != null && system != null && !name.equals(system)) {
            // nats-server has every account import the API from the system account.
            imports.add(new AccountInfo.ImportInfo(ApiSubjects.ALL, system, ApiSubjects.ALL, true));
        }
        // Connections as nats-server counts them: new ones count in $G until they authenticate.
        int conns = Math.max(0, a.clients.get());
        return new AccountInfo(name, a.created, name.equals(system), conns, 0, a.index.count(), exports,
                imports, a.sublistStats(), js != null && js.account(name) != null);
    }

    /** nats-server's ExtImport subjects: a service's local subject and the exported one; a stream's the other way. */
    private static AccountInfo.ImportInfo importInfo(Import im) {
        if (im.service()) {
            String local = im.to() != null ? im.to() : im.subject();
            return new AccountInfo.ImportInfo(local, im.account(), im.subject(), true);
        }
        String local = im.prefix() != null ? im.prefix() + "." + im.subject() : im.to() != null ? im.to() : im.subject();
        return new AccountInfo.ImportInfo(im.subject(), im.account(), local, false);
    }

    /**
     * The account's connections' own figures plus those of its closed ones: "sent" is what its
     * clients received, which equals nats-server's count (deliveries for the account's publishers)
     * unless messages cross accounts through imports.
     */
    @Override
    public AccountStat accountStat(String name) {
        ServerAccount a = server.accounts.all().get(name);
        if (a == null) {
            return null;
        }
        long inMsgs = a.closedInMsgs.sum();
        long inBytes = a.closedInBytes.sum();
        long outMsgs = a.closedOutMsgs.sum();
        long outBytes = a.closedOutBytes.sum();
        for (ClientConnection c : server.clients()) {
            if (c.account() == a && c.closedReason() == null) { // a closing one is in the totals already
                inMsgs += c.inMsgs();
                inBytes += c.inBytes();
                outMsgs += c.outMsgs();
                outBytes += c.outBytes();
            }
        }
        // Connections as nats-server counts them: new ones count in $G until they authenticate.
        int conns = Math.max(0, a.clients.get());
        return new AccountStat(name, conns, 0, outMsgs, outBytes, inMsgs, inBytes, a.slowConsumers.sum());
    }

    @Override
    public JetStreamInfo jetStream() {
        JetStream js = server.jetStream;
        if (js == null) {
            return null;
        }
        JetStreamConfig c = js.config();
        List<JetStreamInfo.Account> accounts = new ArrayList<>();
        for (JsAccount a : js.accounts()) {
            accounts.add(new JetStreamInfo.Account(a.name(), a.memory(), a.storage(), a.limits().maxMemory(),
                    a.limits().maxStore(), a.apiTotal(), a.apiErrors(), config -> a.streamDetails(config, server.serverName)));
        }
        long memory = 0;
        long storage = 0;
        int streams = 0;
        int consumers = 0;
        long messages = 0;
        long bytes = 0;
        for (JsAccount a : js.accounts()) {
            memory += a.memory();
            storage += a.storage();
            streams += a.streamCount();
            consumers += a.consumers();
            long[] t = a.totals();
            messages += t[0];
            bytes += t[1];
        }
        return new JetStreamInfo(c.maxMemory(), c.maxStore(), c.storeDir(), c.domain(), c.compressOk(), memory, storage,
                js.reservedMemory(), js.reservedStore(), js.apiTotal(), js.apiErrors(), streams, consumers, messages, bytes,
                accounts);
    }
}
