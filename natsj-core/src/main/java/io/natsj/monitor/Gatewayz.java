package io.natsj.monitor;

import io.natsj.protocol.GoJsonWriter;
import java.time.Instant;
import java.time.ZoneOffset;

/** /gatewayz: natsj has no gateways yet, so nats-server's answer when gateways are not enabled. */
final class Gatewayz {
    private Gatewayz() {
    }

    /** nats-server's GatewayzOptions (an account name implies accounts). */
    record Options(String name, boolean accounts, String accountName) {
        static final Options DEFAULT = new Options("", false, "");

        static Options fromQuery(GoQuery q) throws MonitorRequestException {
            boolean accs = q.bool("accs");
            String acc = q.get("acc_name");
            return new Options(q.get("gw_name"), accs || !acc.isEmpty(), acc);
        }

        static Options fromJson(String json) throws MonitorRequestException {
            OptionsJson o = OptionsJson.parse("GatewayzEventOptions", json);
            return new Options(o.string("name"), o.bool("accounts"), o.string("account_name"));
        }
    }

    static String render(MonitorSource source, Options o, Instant now, boolean indent) {
        return new GoJsonWriter(indent).begin()
                .field("server_id", source.serverId())
                .field("now", GoFormats.time(now, ZoneOffset.UTC))
                .emptyObject("outbound_gateways")
                .emptyObject("inbound_gateways")
                .end().toString();
    }
}
