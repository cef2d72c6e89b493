package io.natsj.server;

import io.natsj.monitor.AccountStat;
import io.natsj.monitor.SystemJson;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The system account's advisories, as nats-server 2.9 sends them: client connects and disconnects
 * per account, failed authentications, account connection counts, the periodic STATSZ, and the
 * server's shutdown and lame duck mode.
 *
 * <p>Threading: the {@code client...} methods are called on a connection's loop with a snapshot of
 * it; the rest of the work (figures, JSON, sending) happens on the system client's thread.
 */
final class SystemEvents {
    /** nats-server's statsz interval: the first after 250 ms, then twice as long each time up to this. */
    static final Duration STATSZ_INTERVAL = Duration.ofSeconds(30);
    private static final Duration FIRST_STATSZ = Duration.ofMillis(250);

    private final Server server;
    final SystemClient client;
    private final Nuid nuid = new Nuid();
    /** The next STATSZ's delay and timer; system thread only. */
    private Duration statszDelay = FIRST_STATSZ;
    private Future<?> statszTimer;

    SystemEvents(Server server, SystemClient client) {
        this.server = server;
        this.client = client;
    }

    /** Starts the periodic STATSZ. */
    void start() {
        client.execute(this::scheduleStatsz);
    }

    private void scheduleStatsz() {
        statszTimer = client.schedule(this::heartbeat, statszDelay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void heartbeat() {
        sendStatsz(statszSubject(), null);
        Duration next = statszDelay.multipliedBy(2);
        statszDelay = next.compareTo(STATSZ_INTERVAL) > 0 ? STATSZ_INTERVAL : next;
        scheduleStatsz();
    }

    String statszSubject() {
        return "$SYS.SERVER." + server.serverId + ".STATSZ";
    }

    /** Sends the server's figures on {@code subject}. System thread. */
    void sendStatsz(String subject, String reply) {
        client.publish(subject, reply, SystemJson.statsz(client.nextSender(), stats(), server.monitorSource.jetStream()));
    }

    SystemJson.Stats stats() {
        int active = 0;
        for (ServerAccount a : server.accounts.all().values()) {
            if (a.clients.get() > 0) {
                active++;
            }
        }
        return new SystemJson.Stats(server.monitorSource.startTime(), server.connectionCount(),
                server.totalConnections(), active, server.monitorSource.subscriptions(), server.outMsgs(),
                server.outBytes(), server.inMsgs(), server.inBytes(), server.slowConsumers());
    }

    /** A connection counted in {@code acc} (the global account at first, then its own). Its loop. */
    void clientJoined(ServerAccount acc) {
        accountConnsChanged(acc);
    }

    /**
     * The account-connections event for a change just made, its figures taken now, on the caller's
     * thread, as nats-server takes them; only when someone listens, as gathering them visits every
     * connection. Its loop.
     */
    private void accountConnsChanged(ServerAccount acc) {
        String old = "$SYS.SERVER.ACCOUNT." + acc.name + ".CONNS";
        String current = "$SYS.ACCOUNT." + acc.name + ".SERVER.CONNS";
        if (!client.hasListeners(old) && !client.hasListeners(current)) {
            return;
        }
        AccountStat stat = accountStat(acc);
        Instant now = Instant.now();
        client.execute(() -> sendAccountConns(stat, now, old, current));
    }

    /** A connection authenticated into {@code acc}. Its loop. */
    void clientConnected(ServerAccount acc, SystemJson.Client info) {
        if (acc == server.accounts.global) {
            return; // nats-server ignores the global account's activity
        }
        client.execute(() -> client.publish("$SYS.ACCOUNT." + acc.name + ".CONNECT", null,
                SystemJson.connect(nuid.next(), Instant.now(), client.nextSender(), info)));
    }

    /**
     * A connection left {@code acc} for good, its figures already moved to the account's totals.
     * {@code sent} is what the client published, {@code received} what it was given. Its loop.
     */
    void clientDisconnected(ServerAccount acc, SystemJson.Client info, long sentMsgs, long sentBytes,
            long receivedMsgs, long receivedBytes, String reason) {
        if (acc == server.accounts.global) {
            return;
        }
        Instant now = info.stop();
        accountConnsChanged(acc);
        client.execute(() -> {
            client.publish("$SYS.ACCOUNT." + acc.name + ".DISCONNECT", null, SystemJson.disconnect(nuid.next(),
                    now, client.nextSender(), info, sentMsgs, sentBytes, receivedMsgs, receivedBytes, reason));
        });
    }

    /** A connection failed to authenticate. Its loop. */
    void authenticationFailed(SystemJson.Client info, long sentMsgs, long sentBytes, long receivedMsgs,
            long receivedBytes) {
        Instant now = info.stop();
        client.execute(() -> client.publish("$SYS.SERVER." + server.serverId + ".CLIENT.AUTH.ERR", null,
                SystemJson.disconnect(nuid.next(), now, client.nextSender(), info, sentMsgs, sentBytes,
                        receivedMsgs, receivedBytes, ClosedReason.AUTHENTICATION_VIOLATION.text)));
    }

    /** One account-connections event (one id) sent on each subject. System thread. */
    void sendAccountConns(AccountStat stat, Instant now, String... subjects) {
        String id = nuid.next();
        for (String subject : subjects) {
            client.publish(subject, null, SystemJson.accountConns(id, now, client.nextSender(), stat));
        }
    }

    /** An account's connections and traffic, closed connections included (as /accstatz). Any thread. */
    AccountStat accountStat(ServerAccount acc) {
        return server.monitorSource.accountStat(acc.name);
    }

    /** $SYS.SERVER.<id>.LAMEDUCK (nats-server 2.10's subject; 2.9 sends none). Any thread. */
    void lameDuck() {
        client.execute(() -> client.publish("$SYS.SERVER." + server.serverId + ".LAMEDUCK", null,
                SystemJson.serverOnly(client.nextSender())));
    }

    /** Sends $SYS.SERVER.<id>.SHUTDOWN and stops the system client. Before clients are closed. */
    void shutdown() {
        client.stop(() -> {
            if (statszTimer != null) {
                statszTimer.cancel(false);
            }
            client.publish("$SYS.SERVER." + server.serverId + ".SHUTDOWN", null,
                    SystemJson.serverOnly(client.nextSender()));
        }, 1000);
    }
}
