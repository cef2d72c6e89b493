package io.natsj.monitor.metrics;

import java.util.Map;

/** The exporter's healthz collector: {@code gnatsd_healthz_status}, 0 when the status is "ok", else 1. */
final class HealthzCollector implements EndpointCollector {
    @Override
    public String endpoint() {
        return "healthz";
    }

    @Override
    public void collect(Map<String, Object> doc, String serverId, Exposition out) {
        double status = "ok".equals(doc.get("status")) ? 0 : 1;
        out.gauge(Metrics.PREFIX + "healthz_status", "status").add(status, "server_id", serverId);
    }
}
