package io.natsj.monitor;

import io.natsj.protocol.GoJsonWriter;
import io.natsj.config.GoDurations;
import io.natsj.routing.SubjectMapping;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * /connz: nats-server 2.9.10's Connz, filters, sorts and paging included, down to its quirks (the
 * "total" counts connections before the user filter; a cid with state=any only looks among closed
 * connections; closed connections of the global account never match acc=$G; an unknown account
 * answers an empty document without server id).
 */
final class Connz {
    /** nats-server's DefaultConnListSize. */
    static final int DEFAULT_LIMIT = 1024;
    static final String GLOBAL_ACCOUNT = "$G";

    private Connz() {
    }

    /** nats-server's ConnzOptions. */
    record Options(String sort, boolean auth, boolean subs, boolean subsDetail, long offset, long limit, long cid,
            ConnState state, String user, String account, String mqttClient, String filterSubject) {

        static final Options DEFAULT = new Options("", false, false, false, 0, 0, 0, ConnState.OPEN, "", "", "", "");

        /** As nats-server's HandleConnz decodes the query, in its order (the first bad value fails). */
        static Options fromQuery(GoQuery q) throws MonitorRequestException {
            String sort = q.get("sort");
            boolean auth = q.bool("auth");
            boolean[] subs = q.subs();
            long offset = q.integer("offset");
            long limit = q.integer("limit");
            long cid = q.unsigned("cid");
            ConnState state = q.state();
            return new Options(sort, auth, subs[0], subs[1], offset, limit, cid, state, q.get("user"), q.get("acc"),
                    q.get("mqtt_client"), "");
        }

        /** From a ConnzOptions JSON body (system account requests). */
        static Options fromJson(String json) throws MonitorRequestException {
            OptionsJson o = OptionsJson.parse("ConnzEventOptions", json);
            return new Options(o.string("sort", "server.SortOpt"), o.bool("auth"), o.bool("subscriptions"),
                    o.bool("subscriptions_detail"), o.integer("offset"), o.integer("limit"), o.unsigned("cid"),
                    ConnState.of(o.integer("state", "server.ConnState")), o.string("user"), o.string("acc"),
                    o.string("mqtt_client"), o.string("filter_subject"));
        }
    }

    /** The document, or nats-server's refusal of the options. */
    static String render(MonitorSource source, Options o, Instant now, boolean indent) throws MonitorRequestException {
        ConnSort sort = ConnSort.of(o.sort());
        if (sort == null) {
            throw new MonitorRequestException("invalid sorting option: " + o.sort());
        }
        if (sort == ConnSort.STOP && o.state() != ConnState.CLOSED) {
            throw new MonitorRequestException("sort by stop only valid on closed connections");
        }
        if (sort == ConnSort.REASON && o.state() != ConnState.CLOSED) {
            throw new MonitorRequestException("sort by reason only valid on closed connections");
        }
        long offset = Math.max(0, o.offset());
        long limit = o.limit() <= 0 ? DEFAULT_LIMIT : o.limit();
        if (o.cid() != 0) {
            limit = 1;
        }
        String acc = o.account();
        String filter = "";
        if (!o.filterSubject().isEmpty() && !o.filterSubject().equals(">")) {
            if (acc.isEmpty()) {
                throw new MonitorRequestException("filter by subject only valid with account filtering");
            }
            filter = o.filterSubject();
        }
        if (!acc.isEmpty() && !source.accountNames().contains(acc)) {
            return head(new GoJsonWriter(indent), "", now, 0, 0, offset, limit).nullField("connections").end().toString();
        }

        boolean withSubs = o.subs() || o.subsDetail() || !filter.isEmpty();
        List<ConnInfo> all = o.state().open() ? source.openConnections(withSubs) : List.of();
        List<ConnInfo> clist = acc.isEmpty() ? all : all.stream().filter(c -> acc.equals(c.account())).toList();
        List<ConnInfo> closed = o.state().closed() ? source.closedConnections() : List.of();
        long total = (o.state().open() ? clist.size() : 0) + closed.size();
        if (!acc.isEmpty() && !closed.isEmpty()) {
            List<ConnInfo> kept = closed.stream().filter(c -> acc.equals(filterAccount(c))).toList();
            total -= closed.size() - kept.size();
            closed = kept;
        }

        List<ConnInfo> open = new ArrayList<>();
        if (o.cid() != 0) {
            if (o.state().closed()) {
                closed = closed.stream().filter(c -> c.cid() == o.cid()).limit(1).toList();
            } else if (o.state().open()) {
                all.stream().filter(c -> c.cid() == o.cid()).findFirst().ifPresent(open::add);
            }
        } else if (o.state().open()) {
            for (ConnInfo c : clist) {
                if (!o.user().isEmpty() && !o.user().equals(c.user())) {
                    continue;
                }
                if (!o.mqttClient().isEmpty()) {
                    continue; // natsj has no MQTT clients
                }
                open.add(c);
            }
        }
        if (!filter.isEmpty()) {
            String f = filter;
            open.removeIf(c -> c.subs().stream().noneMatch(s -> SubjectMapping.intersection(f, s.subject()) != null));
        }

        GoJsonWriter j = new GoJsonWriter(indent);
        if (open.isEmpty() && closed.isEmpty()) {
            return head(j, source.serverId(), now, 0, total, offset, limit).array("connections").endArray().end().toString();
        }
        List<ConnInfo> listed = new ArrayList<>(open);
        for (ConnInfo c : closed) {
            if (!acc.isEmpty() && !acc.equals(filterAccount(c))) {
                continue;
            }
            if ((!o.user().isEmpty() && !o.user().equals(c.user())) || !o.mqttClient().isEmpty()) {
                continue;
            }
            listed.add(c);
        }
        listed.sort(sort.order(now));
        int from = (int) Math.min(offset, listed.size());
        int to = (int) Math.min(Math.min(offset + limit, Long.MAX_VALUE), listed.size());
        List<ConnInfo> page = listed.subList(from, Math.max(from, to));
        head(j, source.serverId(), now, page.size(), total, offset, limit).array("connections");
        for (ConnInfo c : page) {
            connection(j.element(), c, o, now).end();
        }
        return j.endArray().end().toString();
    }

    /**
     * The account as nats-server shows it with auth and matches closed connections against acc: empty
     * for the global account (it keeps a closed connection's account only when it is another one).
     */
    private static String filterAccount(ConnInfo c) {
        return GLOBAL_ACCOUNT.equals(c.account()) ? "" : c.account();
    }

    private static GoJsonWriter head(GoJsonWriter j, String id, Instant now, int num, long total, long offset, long limit) {
        return j.begin()
                .field("server_id", id)
                .field("now", GoFormats.time(now, ZoneOffset.UTC))
                .field("num_connections", num)
                .field("total", total)
                .field("offset", offset)
                .field("limit", limit);
    }

    /** One ConnInfo, with its optional members as the options ask. */
    private static GoJsonWriter connection(GoJsonWriter j, ConnInfo c, Options o, Instant now) {
        Instant at = c.closed() ? c.stop() : now;
        j.field("cid", c.cid());
        j.field("kind", "Client");
        j.field("type", "nats");
        j.field("ip", c.ip());
        j.field("port", c.port());
        j.field("start", GoFormats.time(c.start(), ZoneOffset.UTC));
        j.field("last_activity", GoFormats.time(c.lastActivity(), ZoneOffset.UTC));
        if (c.closed()) {
            j.field("stop", GoFormats.time(c.stop(), ZoneOffset.UTC));
            j.optional("reason", c.reason());
        }
        j.field("rtt", rtt(c.rttNanos()));
        j.field("uptime", GoFormats.uptime(nonNegative(Duration.between(c.start(), at))));
        j.field("idle", GoFormats.uptime(nonNegative(Duration.between(c.lastActivity(), at))));
        j.field("pending_bytes", c.pendingBytes());
        j.field("in_msgs", c.inMsgs());
        j.field("out_msgs", c.outMsgs());
        j.field("in_bytes", c.inBytes());
        j.field("out_bytes", c.outBytes());
        j.field("subscriptions", c.numSubs());
        j.optional("name", c.name());
        j.optional("lang", c.lang());
        j.optional("version", c.version());
        j.optional("tls_version", c.tlsVersion());
        j.optional("tls_cipher_suite", c.tlsCipher());
        if (o.auth()) {
            j.optional("authorized_user", c.authorizedUser());
            j.optional("account", filterAccount(c));
        }
        List<SubDetail> subs = c.subs();
        if (subs != null && !subs.isEmpty()) {
            if (o.subsDetail()) {
                j.array("subscriptions_list_detail");
                for (SubDetail s : subs) {
                    // A closed connection's details were taken with their account, an open one's without.
                    subDetail(j.element(), s, c.closed()).end();
                }
                j.endArray();
            } else if (o.subs()) {
                j.strings("subscriptions_list", subs.stream().map(SubDetail::subject).toList());
            }
        }
        return j;
    }

    /** nats-server's SubDetail members. */
    static GoJsonWriter subDetail(GoJsonWriter j, SubDetail s, boolean withAccount) {
        if (withAccount) {
            j.optional("account", s.account());
        }
        j.field("subject", s.subject());
        j.optional("qgroup", s.queue());
        j.field("sid", s.sid());
        j.field("msgs", s.msgs());
        j.optional("max", s.max());
        j.field("cid", s.cid());
        return j;
    }

    /** nats-server's getRTT().String(): microseconds below a millisecond, else nanoseconds. */
    static String rtt(long nanos) {
        if (nanos > 1_000 && nanos < 1_000_000) {
            nanos -= nanos % 1_000;
        }
        return GoDurations.format(nanos);
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
