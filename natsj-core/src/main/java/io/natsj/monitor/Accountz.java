package io.natsj.monitor;

import io.natsj.protocol.GoJsonWriter;
import java.time.Instant;
import java.time.ZoneOffset;

/** /accountz: the account names, or one account's details (nats-server's Accountz and AccountInfo). */
final class Accountz {
    private Accountz() {
    }

    /** nats-server's AccountzOptions. */
    record Options(String account) {
        static final Options DEFAULT = new Options("");

        static Options fromQuery(GoQuery q) {
            return new Options(q.get("acc"));
        }

        static Options fromJson(String json) throws MonitorRequestException {
            return new Options(OptionsJson.parse("AccountzEventOptions", json).string("account"));
        }
    }

    static String render(MonitorSource source, Options o, Instant now, boolean indent) throws MonitorRequestException {
        AccountInfo info = null;
        if (!o.account().isEmpty()) {
            info = source.account(o.account());
            if (info == null) {
                throw new MonitorRequestException("Account " + o.account() + " does not exist");
            }
        }
        GoJsonWriter j = new GoJsonWriter(indent).begin()
                .field("server_id", source.serverId())
                .field("now", GoFormats.time(now, ZoneOffset.UTC))
                .optional("system_account", source.systemAccount());
        if (info == null) {
            j.strings("accounts", source.accountNames());
        } else {
            detail(j.object("account_detail"), info).end();
        }
        return j.end().toString();
    }

    /** One account's details alone, compact (the system account's INFO request). */
    static String detail(MonitorSource source, String account) throws MonitorRequestException {
        AccountInfo info = source.account(account);
        if (info == null) {
            throw new MonitorRequestException("Account " + account + " does not exist");
        }
        return detail(new GoJsonWriter(false).begin(), info).end().toString();
    }

    private static GoJsonWriter detail(GoJsonWriter j, AccountInfo a) {
        j.field("account_name", a.name());
        j.field("update_time", GoFormats.time(a.updateTime(), ZoneOffset.UTC));
        if (a.system()) {
            j.field("is_system", true);
        }
        j.field("expired", false);
        j.field("complete", true);
        j.field("jetstream_enabled", a.jetStream());
        j.field("leafnode_connections", a.leafConnections());
        j.field("client_connections", a.clientConnections());
        j.field("subscriptions", a.subscriptions());
        if (!a.exports().isEmpty()) {
            j.array("exports");
            for (AccountInfo.ExportInfo e : a.exports()) {
                j.element().field("subject", e.subject()).field("type", e.service() ? "service" : "stream");
                if (e.service()) {
                    j.optional("response_type", e.responseType());
                }
                if (!e.approvedAccounts().isEmpty()) {
                    j.strings("approved_accounts", e.approvedAccounts());
                }
                j.end();
            }
            j.endArray();
        }
        if (!a.imports().isEmpty()) {
            j.array("imports");
            for (AccountInfo.ImportInfo i : a.imports()) {
                j.element().field("subject", i.subject()).field("account", i.account());
                // nats-server's ExtImport: a service's exported subject is "to", a stream's local one "local_subject".
                j.optional(i.service() ? "to" : "local_subject", i.to());
                j.field("type", i.service() ? "service" : "stream");
                j.field("invalid", false).field("share", false).field("tracking", false);
                j.end();
            }
            j.endArray();
        }
        a.stats().writeFields(j.object("sublist_stats"));
        return j.end();
    }
}
