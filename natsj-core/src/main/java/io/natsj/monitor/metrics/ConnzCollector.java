package io.natsj.monitor.metrics;

import static io.natsj.monitor.metrics.EndpointCollector.number;
import static io.natsj.monitor.metrics.EndpointCollector.text;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The exporter's connz collector in its detailed mode ({@code -connz_detailed}): the page's totals
 * under {@code server_id}, and each listed connection's figures under the connection's labels, in the
 * same families. Totals are sums over the connections the page lists (the exporter reads /connz with
 * its default limit of 1024), counters for messages and bytes, gauges for the rest.
 */
final class ConnzCollector implements EndpointCollector {
    /** The per-connection labels after server_id, each read from the field of its name. */
    private static final List<String> DETAIL_LABELS = List.of("cid", "kind", "type", "ip", "port", "name", "lang",
            "version", "tls_version", "tls_cipher_suite");
    private static final String P = Metrics.PREFIX + "connz_";

    @Override
    public String endpoint() {
        return "connz";
    }

    @Override
    public void collect(Map<String, Object> doc, String serverId, Exposition out) {
        double pending = 0;
        double subs = 0;
        double inBytes = 0;
        double outBytes = 0;
        double inMsgs = 0;
        double outMsgs = 0;
        if (doc.get("connections") instanceof List<?> conns) {
            for (Object o : conns) {
                if (!(o instanceof Map<?, ?> raw)) {
                    continue;
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> c = (Map<String, Object>) raw;
                pending += number(c, "pending_bytes", 0);
                subs += number(c, "subscriptions", 0);
                inBytes += number(c, "in_bytes", 0);
                outBytes += number(c, "out_bytes", 0);
                inMsgs += number(c, "in_msgs", 0);
                outMsgs += number(c, "out_msgs", 0);
                connection(c, serverId, out);
            }
        }
        out.gauge(P + "num_connections", "num_connections").add(number(doc, "num_connections", 0), "server_id", serverId);
        out.gauge(P + "total", "total").add(number(doc, "total", 0), "server_id", serverId);
        out.gauge(P + "offset", "offset").add(number(doc, "offset", 0), "server_id", serverId);
        out.gauge(P + "limit", "limit").add(number(doc, "limit", 0), "server_id", serverId);
        out.gauge(P + "pending_bytes", "pending_bytes").add(pending, "server_id", serverId);
        out.gauge(P + "subscriptions", "subscriptions").add(subs, "server_id", serverId);
        out.counter(P + "in_bytes", "in_bytes").add(inBytes, "server_id", serverId);
        out.counter(P + "out_bytes", "out_bytes").add(outBytes, "server_id", serverId);
        out.counter(P + "in_msgs", "in_msgs").add(inMsgs, "server_id", serverId);
        out.counter(P + "out_msgs", "out_msgs").add(outMsgs, "server_id", serverId);
    }

    private static void connection(Map<String, Object> c, String serverId, Exposition out) {
        Map<String, String> l = new TreeMap<>();
        l.put("server_id", serverId);
        for (String k : DETAIL_LABELS) {
            l.put(k, text(c, k));
        }
        out.gauge(P + "num_connections", "num_connections").add(1, l);
        out.gauge(P + "pending_bytes", "pending_bytes").add(number(c, "pending_bytes", 0), l);
        out.gauge(P + "subscriptions", "subscriptions").add(number(c, "subscriptions", 0), l);
        out.counter(P + "in_bytes", "in_bytes").add(number(c, "in_bytes", 0), l);
        out.counter(P + "out_bytes", "out_bytes").add(number(c, "out_bytes", 0), l);
        out.counter(P + "in_msgs", "in_msgs").add(number(c, "in_msgs", 0), l);
        out.counter(P + "out_msgs", "out_msgs").add(number(c, "out_msgs", 0), l);
        // The exporter writes 0 for a time the document does not have.
        double start = c.get("start") instanceof String s ? ExporterTimes.epochMillis(s) : 0;
        out.untyped(P + "start", "epoch time at which the connection was started").add(start, l);
        double last = c.get("last_activity") instanceof String s ? ExporterTimes.epochMillis(s) : 0;
        out.untyped(P + "last_activity", "epoch time at which the last activity was registred").add(last, l);
        double rtt = c.get("rtt") instanceof String s ? ExporterTimes.micros(s) : 0;
        out.gauge(P + "rtt", "response time latency in microseconds").add(rtt, l);
        double uptime = c.get("uptime") instanceof String s ? ExporterTimes.uptimeMillis(s) : 0;
        out.untyped(P + "uptime", "uptime duration in milliseconds").add(uptime, l);
        double idle = c.get("idle") instanceof String s ? ExporterTimes.uptimeMillis(s) : 0;
        out.gauge(P + "idle", "idle time duration in milliseconds").add(idle, l);
    }
}
