package io.natsj.monitor.metrics;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The exporter's generic collector (its NATSCollector), used for /varz and /subsz: every top-level
 * number becomes a gauge {@code gnatsd_<endpoint>_<field>}, and the strings server_id, server_name
 * and version become gauges of value 1 with the string in a {@code value} label. Booleans, strings
 * and nested objects are left out, as the exporter leaves them out.
 */
final class FlatCollector implements EndpointCollector {
    /** The strings the exporter turns into labelled gauges. */
    private static final Set<String> LABEL_KEYS = Set.of("server_id", "server_name", "version");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private final String endpoint;

    FlatCollector(String endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public void collect(Map<String, Object> doc, String serverId, Exposition out) {
        for (Map.Entry<String, Object> e : doc.entrySet()) {
            String key = e.getKey();
            if (!NAME.matcher(key).matches()) {
                continue;
            }
            String name = Metrics.PREFIX + endpoint + "_" + key;
            if (e.getValue() instanceof Double d) {
                out.gauge(name, key).add(d, "server_id", serverId);
            } else if (e.getValue() instanceof String s && LABEL_KEYS.contains(key)) {
                out.gauge(name, key).add(1, "server_id", serverId, "value", s);
            }
        }
    }
}
