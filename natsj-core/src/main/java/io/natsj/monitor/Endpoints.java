package io.natsj.monitor;

import java.time.Instant;
import java.util.Map;

/**
 * The monitoring documents for callers outside the HTTP port: the system account's requests
 * ($SYS.REQ.SERVER.*.VARZ and the like) answer with the same data as the endpoints, compacted.
 */
public final class Endpoints {
    private Endpoints() {
    }

    /** The /varz document, compact; {@code httpReqStats} from the monitoring port, empty without one. */
    public static String varz(MonitorSource source, Map<String, Long> httpReqStats) {
        return CompactJson.compact(Varz.render(source, httpReqStats, Instant.now()));
    }

    /** Now, as the monitoring documents' "now" (RFC 3339 in UTC, as Go writes it). */
    public static String now() {
        return GoFormats.time(Instant.now(), java.time.ZoneOffset.UTC);
    }

    /** The /healthz document without JetStream: nothing else to check. */
    public static String healthz() {
        return "{\"status\":\"ok\"}";
    }
}
