package io.natsj.it.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.Subscription;
import io.natsj.it.support.ServerProcess.Binary;
import io.natsj.monitor.metrics.Metrics;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /metrics of a running natsj, read by the Prometheus Python client's text-format parser (Debian's
 * python3-prometheus-client): it parses, and its figures are the server's after known jnats traffic.
 */
class MetricsTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final int MESSAGES = 25;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void metricsParseAsPrometheusTextAndCarryTheServersFigures(@TempDir Path dir) throws Exception {
        requireParser(dir);
        try (MonitoredServer natsj = new MonitoredServer(dir);
                Connection pub = natsj.connect("metrics-pub");
                Connection sub = natsj.connect("metrics-sub")) {
            traffic(pub, sub);

            HttpResponse<String> r = natsj.get("/metrics");
            assertEquals(200, r.statusCode());
            assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
            Path file = dir.resolve("metrics.prom");
            Files.writeString(file, r.body());
            Path copy = Path.of("target", "metrics-it.prom");
            Files.writeString(copy, r.body());
            JsonNode fams = parse(dir, file);

            String serverId = json.readTree(natsj.get("/varz").body()).get("server_id").asText();
            assertEquals(MESSAGES, value(fams, "gnatsd_varz_in_msgs", Map.of("server_id", serverId)), 0);
            assertEquals(MESSAGES, value(fams, "gnatsd_varz_out_msgs", Map.of("server_id", serverId)), 0);
            assertEquals(MESSAGES * 10, value(fams, "gnatsd_varz_in_bytes", Map.of("server_id", serverId)), 0);
            assertEquals(2, value(fams, "gnatsd_varz_connections", Map.of("server_id", serverId)), 0);
            assertEquals(1, value(fams, "gnatsd_varz_version", Map.of("server_id", serverId, "value", "2.9.10")), 0);
            assertEquals("gauge", fams.get("gnatsd_varz_in_msgs").get("type").asText());
            assertEquals("in_msgs", fams.get("gnatsd_varz_in_msgs").get("help").asText());
            assertTrue(value(fams, "natsj_event_loops", Map.of("server_id", serverId)) >= 1);
            assertTrue(value(fams, "natsj_jvm_heap_used_bytes", Map.of("server_id", serverId)) > 0);
            // The Python parser names a counter family without its _total suffix.
            assertEquals("counter", fams.get("natsj_jvm_gc_collections").get("type").asText());

            // The endpoints /metrics reads follow what the server serves: where /connz answers (once
            // natsj has it), its figures are there; where it is a 404, its families are left out.
            boolean hasConnz = natsj.get("/connz").statusCode() == 200;
            assertEquals(hasConnz, fams.has("gnatsd_connz_num_connections"), "connz families iff /connz is served");
            if (hasConnz) {
                assertEquals(2, value(fams, "gnatsd_connz_num_connections", Map.of("server_id", serverId)), 0);
                assertEquals("counter", fams.get("gnatsd_connz_in_msgs").get("type").asText());
            }
            boolean hasRoutez = natsj.get("/routez").statusCode() == 200;
            assertEquals(hasRoutez, fams.has("gnatsd_routez_num_routes"), "routez families iff /routez is served");
            assertEquals(0, value(fams, "gnatsd_healthz_status", Map.of("server_id", serverId)), 0);
        }
    }

    /**
     * The same families as prometheus-nats-exporter would give for nats-server 2.9.10 under the same
     * traffic: nats-server's endpoints are read over HTTP and flattened by the same code, and for every
     * endpoint natsj serves the family names agree, as do the values that do not depend on the process.
     */
    @Test
    void sameFamiliesAsForNatsServerUnderTheSameTraffic(@TempDir Path dir) throws Exception {
        Path goDir = Files.createDirectories(dir.resolve("go"));
        try (MonitoredServer natsj = new MonitoredServer(dir); MonitoredServer go = new MonitoredServer(Binary.GO, goDir);
                Connection natsjPub = natsj.connect("metrics-pub"); Connection natsjSub = natsj.connect("metrics-sub");
                Connection goPub = go.connect("metrics-pub"); Connection goSub = go.connect("metrics-sub")) {
            traffic(natsjPub, natsjSub);
            traffic(goPub, goSub);
            String fromNatsj = natsj.get("/metrics").body();
            String fromGo = Metrics.render(e -> {
                try {
                    HttpResponse<String> r = go.get("/" + e);
                    return r.statusCode() == 404 ? null : r.body();
                } catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            }, 1);
            Set<String> served = new TreeSet<>();
            for (String e : List.of("varz", "connz", "routez", "subsz", "healthz")) {
                if (natsj.get("/" + e).statusCode() == 200) {
                    served.add(e);
                }
            }
            assertTrue(served.containsAll(List.of("varz", "healthz")), served.toString());
            Map<String, String> n = gnatsdSamples(fromNatsj, served);
            Map<String, String> g = gnatsdSamples(fromGo, served);
            assertEquals(families(g), families(n), "families of " + served);
            for (String same : List.of("gnatsd_varz_in_msgs", "gnatsd_varz_out_msgs", "gnatsd_varz_in_bytes",
                    "gnatsd_varz_out_bytes", "gnatsd_varz_connections", "gnatsd_varz_total_connections",
                    "gnatsd_varz_max_payload", "gnatsd_varz_max_pending", "gnatsd_varz_ping_interval",
                    "gnatsd_varz_slow_consumers", "gnatsd_healthz_status")) {
                assertEquals(g.get(same), n.get(same), same);
            }
        }
    }

    /** {@link #MESSAGES} messages from one connection to the other. */
    private static void traffic(Connection pub, Connection sub) throws Exception {
        Subscription s = sub.subscribe("metrics.>");
        sub.flush(Duration.ofSeconds(5));
        for (int i = 0; i < MESSAGES; i++) {
            pub.publish("metrics.x", "0123456789".getBytes(StandardCharsets.UTF_8));
        }
        pub.flush(Duration.ofSeconds(5));
        for (int i = 0; i < MESSAGES; i++) {
            assertTrue(s.nextMessage(Duration.ofSeconds(5)) != null);
        }
    }

    /** Each gnatsd sample line of the served endpoints, by family name (server_id label dropped). */
    private static Map<String, String> gnatsdSamples(String exposition, Set<String> endpoints) {
        Map<String, String> out = new TreeMap<>();
        for (String line : exposition.split("\n")) {
            if (line.startsWith("#") || !line.startsWith("gnatsd_")) {
                continue;
            }
            String name = line.substring(0, line.indexOf('{'));
            String endpoint = name.split("_")[1];
            if (endpoints.contains(endpoint) && !line.contains(",value=")) {
                out.put(name, line.substring(line.lastIndexOf(' ') + 1));
            } else if (endpoints.contains(endpoint)) {
                out.put(name, "labelled");
            }
        }
        return out;
    }

    private static Set<String> families(Map<String, String> samples) {
        return new TreeSet<>(samples.keySet());
    }

    private void requireParser(Path dir) throws Exception {
        boolean present = ExternalTool.executable(PYTHON)
                && ExternalTool.run(dir, PYTHON, "-c", "import prometheus_client.parser").exitCode() == 0;
        ExternalTool.require(present, "Python's prometheus_client parser", "apt-get install python3-prometheus-client");
    }

    /** The families as the Python parser read them; fails with its error when it refuses the text. */
    private JsonNode parse(Path dir, Path exposition) throws Exception {
        Path script = dir.resolve("parse_prometheus.py");
        try (InputStream in = MetricsTest.class.getResourceAsStream("parse_prometheus.py")) {
            Files.copy(in, script);
        }
        ExternalTool.Result r = ExternalTool.run(dir, PYTHON, script.toString(), exposition.toString());
        assertEquals(0, r.exitCode(), "the parser refused /metrics:\n" + r.stderr());
        return json.readTree(r.stdout());
    }

    /** The value of the family's sample with exactly these labels. */
    private static double value(JsonNode fams, String family, Map<String, String> labels) {
        JsonNode f = fams.get(family);
        assertTrue(f != null, "no family " + family + " in " + fams.fieldNames().next() + "...");
        for (JsonNode s : f.get("samples")) {
            Map<String, String> l = new HashMap<>();
            s.get(1).fields().forEachRemaining(e -> l.put(e.getKey(), e.getValue().asText()));
            if (l.equals(labels)) {
                return s.get(2).asDouble();
            }
        }
        throw new AssertionError("no sample " + labels + " in " + f);
    }
}
