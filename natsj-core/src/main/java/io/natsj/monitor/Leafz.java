package io.natsj.monitor;

import io.natsj.protocol.GoJsonWriter;
import java.time.Instant;
import java.time.ZoneOffset;

/** /leafz: natsj has no leaf nodes yet, so nats-server's answer without any ("leafs" is null there). */
final class Leafz {
    private Leafz() {
    }

    /** nats-server's LeafzOptions. */
    record Options(boolean subs, String account) {
        static final Options DEFAULT = new Options(false, "");

        static Options fromQuery(GoQuery q) throws MonitorRequestException {
            boolean subs = q.bool("subs");
            return new Options(subs, q.get("acc"));
        }

        static Options fromJson(String json) throws MonitorRequestException {
            OptionsJson o = OptionsJson.parse("LeafzEventOptions", json);
            return new Options(o.bool("subscriptions"), o.string("account"));
        }
    }

    static String render(MonitorSource source, Options o, Instant now, boolean indent) {
        return new GoJsonWriter(indent).begin()
                .field("server_id", source.serverId())
                .field("now", GoFormats.time(now, ZoneOffset.UTC))
                .field("leafnodes", 0)
                .nullField("leafs")
                .end().toString();
    }
}
