package io.natsj.monitor;

import io.natsj.protocol.GoJsonWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * /accstatz: traffic per account (nats-server's AccountStatz). Accounts without connections are left
 * out unless unused ones are asked for. Over HTTP nats-server 2.9.10 reads only "unused"; the list of
 * accounts comes with system-account requests.
 */
final class AccountStatz {
    private AccountStatz() {
    }

    /** nats-server's AccountStatzOptions; an empty list means every account. */
    record Options(List<String> accounts, boolean includeUnused) {
        static final Options DEFAULT = new Options(List.of(), false);

        static Options fromQuery(GoQuery q) throws MonitorRequestException {
            return new Options(List.of(), q.bool("unused"));
        }

        static Options fromJson(String json) throws MonitorRequestException {
            OptionsJson o = OptionsJson.parse("AccountStatzEventOptions", json);
            return new Options(o.strings("accounts"), o.bool("include_unused"));
        }
    }

    /** How many accounts the document would list. */
    static int listed(MonitorSource source, Options o) {
        int n = 0;
        for (String name : o.accounts().isEmpty() ? source.accountNames() : o.accounts()) {
            AccountStat a = source.accountStat(name);
            if (a != null && (o.includeUnused() || a.conns() > 0)) {
                n++;
            }
        }
        return n;
    }

    static String render(MonitorSource source, Options o, Instant now, boolean indent) {
        GoJsonWriter j = new GoJsonWriter(indent).begin()
                .field("server_id", source.serverId())
                .field("now", GoFormats.time(now, ZoneOffset.UTC))
                .array("account_statz");
        for (String name : o.accounts().isEmpty() ? source.accountNames() : o.accounts()) {
            AccountStat a = source.accountStat(name);
            if (a == null || (!o.includeUnused() && a.conns() == 0)) {
                continue;
            }
            j.element()
                    .field("acc", a.account())
                    .field("conns", a.conns())
                    .field("leafnodes", a.leafNodes())
                    .field("total_conns", a.conns() + a.leafNodes());
            j.object("sent").field("msgs", a.sentMsgs()).field("bytes", a.sentBytes()).end();
            j.object("received").field("msgs", a.receivedMsgs()).field("bytes", a.receivedBytes()).end();
            j.field("slow_consumers", a.slowConsumers()).end();
        }
        return j.endArray().end().toString();
    }
}
