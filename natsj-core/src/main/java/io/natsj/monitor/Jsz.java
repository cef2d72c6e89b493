package io.natsj.monitor;

import io.natsj.protocol.GoJsonWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.time.ZoneOffset;

/** /jsz: nats-server's JSInfo, with JetStream off or on (streams and consumers come with the stream API). */
final class Jsz {
    private Jsz() {
    }

    /** nats-server's JSzOptions. */
    record Options(String account, boolean accounts, boolean streams, boolean consumer, boolean config,
            boolean leaderOnly, long offset, long limit) {
        static final Options DEFAULT = new Options("", false, false, false, false, false, 0, 0);

        /** As nats-server's HandleJsz decodes the query, in its order. */
        static Options fromQuery(GoQuery q) throws MonitorRequestException {
            boolean accounts = q.bool("accounts");
            boolean streams = q.bool("streams");
            boolean consumers = q.bool("consumers");
            boolean config = q.bool("config");
            long offset = q.integer("offset");
            long limit = q.integer("limit");
            boolean leader = q.bool("leader-only");
            return new Options(q.get("acc"), accounts, streams, consumers, config, leader, offset, limit);
        }

        static Options fromJson(String json) throws MonitorRequestException {
            OptionsJson o = OptionsJson.parse("JszEventOptions", json);
            return new Options(o.string("account"), o.bool("accounts"), o.bool("streams"), o.bool("consumer"),
                    o.bool("config"), o.bool("leader_only"), o.integer("offset"), o.integer("limit"));
        }
    }

    static String render(MonitorSource source, Options o, Instant now, boolean indent) throws MonitorRequestException {
        JetStreamInfo js = source.jetStream();
        if (js == null) {
            return disabled(source, o, now, indent);
        }
        GoJsonWriter j = new GoJsonWriter(indent).begin()
                .field("server_id", source.serverId())
                .field("now", GoFormats.time(now, ZoneOffset.UTC));
        js.config(j, true);
        js.stats(j);
        j.field("streams", js.streams()).field("consumers", js.consumers()).field("messages", js.messages())
                .field("bytes", js.bytes());
        List<JetStreamInfo.Account> details = details(js.accounts(), o);
        if (!details.isEmpty()) {
            j.array("account_details");
            for (JetStreamInfo.Account a : details) {
                j.element();
                JetStreamInfo.accountDetail(j, a, o.streams() || o.consumer(), o.config());
                j.end();
            }
            j.endArray();
        }
        return j.end().toString();
    }

    /**
     * As nats-server's Jsz: the account named by acc alone (whatever "accounts" says), else with
     * accounts=true all of them (by name from a non-zero offset on), at most limit (default 1024).
     */
    private static List<JetStreamInfo.Account> details(List<JetStreamInfo.Account> all, Options o) {
        for (JetStreamInfo.Account a : all) {
            if (a.name().equals(o.account())) {
                return List.of(a);
            }
        }
        if (!(o.accounts() || o.streams() || o.consumer())) {
            return List.of();
        }
        List<JetStreamInfo.Account> list = new ArrayList<>(all);
        if (o.offset() != 0) {
            list.sort(Comparator.comparing(JetStreamInfo.Account::name));
            list = o.offset() > list.size() ? List.of() : list.subList((int) o.offset(), list.size());
        }
        long limit = o.limit() == 0 ? 1024 : o.limit();
        if (limit > 0 && limit < list.size()) {
            list = list.subList(0, (int) limit);
        }
        return list;
    }

    private static String disabled(MonitorSource source, Options o, Instant now, boolean indent)
            throws MonitorRequestException {
        if (o.leaderOnly()) {
            // nats-server's errSkipZreq: a server without JetStream is never the leader.
            throw new MonitorRequestException("filtered response: not leader");
        }
        GoJsonWriter j = new GoJsonWriter(indent).begin()
                .field("server_id", source.serverId())
                .field("now", GoFormats.time(now, ZoneOffset.UTC))
                .field("disabled", true);
        j.object("config").field("max_memory", 0).field("max_storage", 0).end();
        j.field("memory", 0).field("storage", 0).field("reserved_memory", 0).field("reserved_storage", 0)
                .field("accounts", 0).field("ha_assets", 0);
        j.object("api").field("total", 0).field("errors", 0).end();
        return j.field("streams", 0).field("consumers", 0).field("messages", 0).field("bytes", 0).end().toString();
    }
}
