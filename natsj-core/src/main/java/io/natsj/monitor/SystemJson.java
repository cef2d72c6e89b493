package io.natsj.monitor;

import io.natsj.protocol.GoJsonWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The JSON of nats-server 2.9's system-account messages: advisories, STATSZ and the envelope of
 * request answers, keys in its order with its omitempty rules (events.go's ServerInfo, ClientInfo,
 * ServerStats, ServerAPIResponse). Compact, as json.Marshal writes them.
 */
public final class SystemJson {
    public static final String CONNECT_TYPE = "io.nats.server.advisory.v1.client_connect";
    public static final String DISCONNECT_TYPE = "io.nats.server.advisory.v1.client_disconnect";
    public static final String ACCOUNT_CONNS_TYPE = "io.nats.server.advisory.v1.account_connections";

    private SystemJson() {
    }

    /** Who sent a message (nats-server's ServerInfo); {@code seq} counts the server's messages. */
    public record Sender(String name, String host, String id, String cluster, String domain, String version,
            List<String> tags, long seq, boolean jetstream, Instant time) {
    }

    /** A client as advisories describe it (nats-server's ClientInfo); null times and 0 rtt are left out. */
    public record Client(Instant start, String host, long id, String account, String user, String name,
            String lang, String version, long rttNanos, Instant stop, String kind, String clientType) {
    }

    /** The server figures of a STATSZ (nats-server's ServerStats without routes, gateways and JetStream). */
    public record Stats(Instant start, int connections, long totalConnections, int activeAccounts,
            long subscriptions, long sentMsgs, long sentBytes, long receivedMsgs, long receivedBytes,
            long slowConsumers) {
    }

    public static String sender(Sender s) {
        return sender(new GoJsonWriter(false).begin(), s).toString();
    }

    /** The members of a ServerInfo into an open object, which this closes. */
    private static GoJsonWriter sender(GoJsonWriter j, Sender s) {
        j.field("name", s.name()).field("host", s.host()).field("id", s.id())
                .optional("cluster", s.cluster()).optional("domain", s.domain()).field("ver", s.version());
        if (s.tags() != null && !s.tags().isEmpty()) {
            j.strings("tags", s.tags());
        }
        return j.field("seq", s.seq()).field("jetstream", s.jetstream())
                .field("time", GoFormats.time(s.time(), ZoneOffset.UTC)).end();
    }

    /** $SYS.ACCOUNT.<acc>.CONNECT */
    public static String connect(String eventId, Instant now, Sender server, Client c) {
        GoJsonWriter j = typed(CONNECT_TYPE, eventId, now, server);
        client(j, c);
        return j.end().toString();
    }

    /** $SYS.ACCOUNT.<acc>.DISCONNECT and $SYS.SERVER.<id>.CLIENT.AUTH.ERR */
    public static String disconnect(String eventId, Instant now, Sender server, Client c, long sentMsgs,
            long sentBytes, long receivedMsgs, long receivedBytes, String reason) {
        GoJsonWriter j = typed(DISCONNECT_TYPE, eventId, now, server);
        client(j, c);
        j.raw("sent", dataStats(sentMsgs, sentBytes)).raw("received", dataStats(receivedMsgs, receivedBytes));
        return j.field("reason", reason).end().toString();
    }

    /** $SYS.ACCOUNT.<acc>.SERVER.CONNS (and the older $SYS.SERVER.ACCOUNT.<acc>.CONNS) */
    public static String accountConns(String eventId, Instant now, Sender server, AccountStat a) {
        GoJsonWriter j = typed(ACCOUNT_CONNS_TYPE, eventId, now, server);
        accountStat(j, a);
        return j.end().toString();
    }

    /** One account's figures as /accstatz and the account STATZ requests list them. */
    public static String accountStat(AccountStat a) {
        return accountStat(new GoJsonWriter(false).begin(), a).end().toString();
    }

    private static GoJsonWriter accountStat(GoJsonWriter j, AccountStat a) {
        return j.field("acc", a.account()).field("conns", a.conns()).field("leafnodes", a.leafNodes())
                .field("total_conns", a.conns() + a.leafNodes())
                .raw("sent", dataStats(a.sentMsgs(), a.sentBytes()))
                .raw("received", dataStats(a.receivedMsgs(), a.receivedBytes()))
                .field("slow_consumers", a.slowConsumers());
    }

    /** $SYS.SERVER.<id>.STATSZ and the answer to a STATSZ request. */
    public static String statsz(Sender server, Stats s) {
        return statsz(server, s, null);
    }

    /** As {@link #statsz(Sender, Stats)}, with JetStream's block when it is on ({@code js} non-null). */
    public static String statsz(Sender server, Stats s, JetStreamInfo js) {
        GoJsonWriter j = new GoJsonWriter(false).begin();
        sender(j.object("server"), server);
        int cores = Runtime.getRuntime().availableProcessors();
        j.object("statsz").field("start", GoFormats.time(s.start(), ZoneId.systemDefault()))
                .field("mem", ProcessUsage.residentBytes()).field("cores", cores)
                .floatField("cpu", ProcessUsage.cpuPercent(cores))
                .field("connections", s.connections()).field("total_connections", s.totalConnections())
                .field("active_accounts", s.activeAccounts()).field("subscriptions", s.subscriptions())
                .raw("sent", dataStats(s.sentMsgs(), s.sentBytes()))
                .raw("received", dataStats(s.receivedMsgs(), s.receivedBytes()))
                .field("slow_consumers", s.slowConsumers()).field("active_servers", 1);
        if (js != null) {
            js.varz(j, false);
        }
        j.end();
        return j.end().toString();
    }

    /** The server alone: $SYS.SERVER.<id>.SHUTDOWN and LAMEDUCK. */
    public static String serverOnly(Sender server) {
        return sender(server);
    }

    /** A request's answer (nats-server's ServerAPIResponse) carrying {@code data}, already JSON. */
    public static String response(Sender server, String data) {
        GoJsonWriter j = new GoJsonWriter(false).begin();
        sender(j.object("server"), server);
        return j.raw("data", data).end().toString();
    }

    /** A request's answer carrying an error. */
    public static String error(Sender server, int code, String description) {
        GoJsonWriter j = new GoJsonWriter(false).begin();
        sender(j.object("server"), server);
        return j.object("error").field("code", code).field("description", description).end().end().toString();
    }

    /**
     * A request the endpoint refused (nats-server's 500 answer): its "data" is the null document the
     * endpoint returned with the error.
     */
    public static String refused(Sender server, String description) {
        GoJsonWriter j = new GoJsonWriter(false).begin();
        sender(j.object("server"), server);
        return j.raw("data", "null").object("error").field("code", 500).field("description", description).end().end()
                .toString();
    }

    private static GoJsonWriter typed(String type, String eventId, Instant now, Sender server) {
        GoJsonWriter j = new GoJsonWriter(false).begin().field("type", type).field("id", eventId)
                .field("timestamp", GoFormats.time(now, ZoneOffset.UTC));
        return sender(j.object("server"), server);
    }

    private static void client(GoJsonWriter j, Client c) {
        j.object("client");
        if (c.start() != null) {
            j.field("start", GoFormats.time(c.start(), ZoneId.systemDefault()));
        }
        j.optional("host", c.host());
        if (c.id() != 0) {
            j.field("id", c.id());
        }
        j.field("acc", c.account()).optional("user", c.user()).optional("name", c.name())
                .optional("lang", c.lang()).optional("ver", c.version());
        if (c.rttNanos() != 0) {
            j.field("rtt", c.rttNanos());
        }
        if (c.stop() != null) {
            j.field("stop", GoFormats.time(c.stop(), ZoneId.systemDefault()));
        }
        j.optional("kind", c.kind()).optional("client_type", c.clientType()).end();
    }

    /** nats-server's DataStats: {"msgs":n,"bytes":n}. */
    private static String dataStats(long msgs, long bytes) {
        return "{\"msgs\":" + msgs + ",\"bytes\":" + bytes + "}";
    }
}
