package io.natsj.monitor.metrics;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitoring port's {@code /metrics}: what prometheus-nats-exporter (run with -varz -connz_detailed
 * -routez -subz -healthz -use_internal_server_id) would serve for this server, derived as the exporter
 * derives it, by reading the monitoring endpoints' JSON. So the metrics follow whatever the endpoints
 * answer, and an endpoint the server does not serve is left out. natsj's own figures follow, named
 * {@code natsj_...}.
 */
public final class Metrics {
    private static final Logger LOG = LoggerFactory.getLogger(Metrics.class);

    /** The Prometheus text format's content type. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** The exporter's namespace for nats-server's metrics (kept from gnatsd for its dashboards). */
    static final String PREFIX = "gnatsd_";

    /**
     * The endpoints read, in this order; varz first, as it names the server for the server_id label.
     * JetStream's /jsz goes here when natsj has it, with a collector for the exporter's jetstream_*
     * families; /leafz and /gatewayz likewise.
     */
    private static final List<EndpointCollector> COLLECTORS = List.of(
            new FlatCollector("varz"), new ConnzCollector(), new RoutezCollector(), new FlatCollector("subsz"),
            new HealthzCollector());

    private Metrics() {
    }

    /**
     * @param endpointJson an endpoint's JSON by its name ("varz", "connz", ...) as the server would
     *     answer a plain GET of it, or null when the server has no such endpoint
     * @param eventLoops the server's I/O event loops, for natsj's own metrics
     */
    public static String render(Function<String, String> endpointJson, int eventLoops) {
        Exposition out = new Exposition();
        String serverId = "";
        for (EndpointCollector c : COLLECTORS) {
            Map<String, Object> doc = document(c.endpoint(), endpointJson.apply(c.endpoint()));
            if (doc == null) {
                continue;
            }
            if (c.endpoint().equals("varz") && doc.get("server_id") instanceof String id) {
                serverId = id;
            }
            c.collect(doc, serverId, out);
        }
        JvmCollector.collect(eventLoops, serverId, out);
        return out.text();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> document(String endpoint, String json) {
        if (json == null) {
            return null;
        }
        try {
            if (JsonReader.parse(json) instanceof Map<?, ?> m) {
                return (Map<String, Object>) m;
            }
            LOG.debug("/metrics: /{} is not a JSON object; left out", endpoint);
        } catch (IllegalArgumentException e) {
            LOG.debug("/metrics: /{} is not JSON ({}); left out", endpoint, e.getMessage());
        }
        return null;
    }
}
