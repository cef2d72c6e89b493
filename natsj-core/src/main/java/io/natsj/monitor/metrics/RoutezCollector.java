package io.natsj.monitor.metrics;

import static io.natsj.monitor.metrics.EndpointCollector.number;
import static io.natsj.monitor.metrics.EndpointCollector.text;

import java.util.List;
import java.util.Map;

/**
 * The exporter's routez collector: {@code gnatsd_routez_num_routes}, the server's id (and name, when
 * the document has one; nats-server 2.9 has none) as labelled gauges, and each route's figures under
 * {@code server_id} and {@code rid}, with one {@code route_info} gauge carrying the route's other labels.
 */
final class RoutezCollector implements EndpointCollector {
    private static final String P = Metrics.PREFIX + "routez_";

    @Override
    public String endpoint() {
        return "routez";
    }

    @Override
    public void collect(Map<String, Object> doc, String serverId, Exposition out) {
        out.gauge(P + "num_routes", "num_routes").add(number(doc, "num_routes", 0), "server_id", serverId);
        for (String k : List.of("server_id", "server_name")) {
            if (doc.get(k) instanceof String s) {
                out.gauge(P + k, k).add(1, "server_id", serverId, "value", s);
            }
        }
        if (doc.get("routes") instanceof List<?> routes) {
            for (Object o : routes) {
                if (o instanceof Map<?, ?> raw) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> r = (Map<String, Object>) raw;
                    route(r, serverId, out);
                }
            }
        }
    }

    private static void route(Map<String, Object> r, String serverId, Exposition out) {
        String rid = text(r, "rid");
        out.gauge(P + "route_info", "route_info").add(1, "server_id", serverId, "rid", rid,
                "remote_id", text(r, "remote_id"), "remote_name", text(r, "remote_name"), "account", text(r, "account"),
                "ip", text(r, "ip"), "compression", text(r, "compression"));
        if (r.get("rtt") instanceof String s && !s.isEmpty() && ExporterTimes.seconds(s) >= 0) {
            out.gauge(P + "route_rtt_seconds", "rtt_seconds").add(ExporterTimes.seconds(s), "server_id", serverId, "rid", rid);
        }
        out.gauge(P + "route_subscriptions", "subscriptions").add(number(r, "subscriptions", 0),
                "server_id", serverId, "rid", rid);
        if (r.get("uptime") instanceof String s && ExporterTimes.uptime(s) != null) {
            out.gauge(P + "route_uptime_seconds", "uptime_seconds").add(ExporterTimes.uptime(s).toNanos() / 1e9,
                    "server_id", serverId, "rid", rid);
        }
        for (String k : List.of("in_msgs", "out_msgs", "in_bytes", "out_bytes")) {
            out.gauge(P + "route_" + k, k).add(number(r, k, 0), "server_id", serverId, "rid", rid);
        }
    }
}
