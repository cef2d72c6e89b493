package io.natsj.monitor.metrics;

import java.util.Map;

/**
 * What one monitoring endpoint's JSON becomes in /metrics: the metrics prometheus-nats-exporter's
 * collector for that endpoint derives from the same JSON, with its names
 * ({@code gnatsd_<endpoint>_<field>}), types and labels.
 */
interface EndpointCollector {
    /** The endpoint, without the slash: "varz". */
    String endpoint();

    /**
     * @param doc the endpoint's JSON object
     * @param serverId the {@code server_id} label on every metric: the server's id, as the exporter
     *     labels with {@code -use_internal_server_id}
     */
    void collect(Map<String, Object> doc, String serverId, Exposition out);

    /** The field as a number, or {@code orElse} when it is missing or not a number. */
    static double number(Map<String, Object> doc, String key, double orElse) {
        return doc.get(key) instanceof Double d ? d : orElse;
    }

    /** The field as Go's {@code fmt.Sprintf("%v")} prints what encoding/json decoded; "" when missing. */
    static String text(Map<String, Object> doc, String key) {
        Object v = doc.get(key);
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            return GoFloat.format(d);
        }
        return v.toString();
    }
}
