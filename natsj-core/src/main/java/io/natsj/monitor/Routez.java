package io.natsj.monitor;

import io.natsj.protocol.GoJsonWriter;
import java.time.Instant;
import java.time.ZoneOffset;

/** /routez: natsj has no cluster yet, so nats-server's answer for a server without routes. */
final class Routez {
    private Routez() {
    }

    /** nats-server's RoutezOptions; nothing to list yet, but bad values are refused as there. */
    record Options(boolean subs, boolean subsDetail) {
        static final Options DEFAULT = new Options(false, false);

        static Options fromQuery(GoQuery q) throws MonitorRequestException {
            boolean[] subs = q.subs();
            return new Options(subs[0], subs[1]);
        }

        static Options fromJson(String json) throws MonitorRequestException {
            OptionsJson o = OptionsJson.parse("RoutezEventOptions", json);
            return new Options(o.bool("subscriptions"), o.bool("subscriptions_detail"));
        }
    }

    static String render(MonitorSource source, Options o, Instant now, boolean indent) {
        return new GoJsonWriter(indent).begin()
                .field("server_id", source.serverId())
                .field("now", GoFormats.time(now, ZoneOffset.UTC))
                .field("num_routes", 0)
                .array("routes").endArray()
                .end().toString();
    }
}
