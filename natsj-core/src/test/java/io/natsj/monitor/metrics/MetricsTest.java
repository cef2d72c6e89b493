package io.natsj.monitor.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * /metrics from JSON that nats-server 2.9.10 answered (a two-server cluster, three raw clients; the
 * files under go-2.9.10), checked against the lines prometheus-nats-exporter writes for it.
 */
class MetricsTest {
    private static final String ID = "NA4V6RL2AN4GDYNDOA3WMTMKAGNYEZHNAXAXT2Q2E4JPTG62QWJ24BY7";
    private static final String SID = "server_id=\"" + ID + "\"";

    private static String go(String endpoint) {
        try (InputStream in = MetricsTest.class.getResourceAsStream("/io/natsj/monitor/go-2.9.10/" + endpoint + ".json")) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(Function<String, String> endpoints) {
        return List.of(Metrics.render(endpoints, 2).split("\n"));
    }

    @Test
    void varzTopLevelNumbersAreGaugesAndIdentityStringsAreLabelledGauges() {
        List<String> l = lines(MetricsTest::go);
        assertTrue(l.contains("gnatsd_varz_in_msgs{" + SID + "} 54"), String.join("\n", l));
        assertTrue(l.contains("gnatsd_varz_connections{" + SID + "} 2"));
        assertTrue(l.contains("gnatsd_varz_mem{" + SID + "} 1.2476416e+07"));
        assertTrue(l.contains("gnatsd_varz_auth_timeout{" + SID + "} 2"));
        assertTrue(l.contains("gnatsd_varz_server_name{" + SID + ",value=\"srv-a\"} 1"));
        assertTrue(l.contains("gnatsd_varz_version{" + SID + ",value=\"2.9.10\"} 1"));
        assertTrue(l.contains("# HELP gnatsd_varz_in_msgs in_msgs"));
        assertTrue(l.contains("# TYPE gnatsd_varz_in_msgs gauge"));
        // Strings other than the three, booleans and nested objects are not metrics, as in the exporter.
        for (String absent : List.of("gnatsd_varz_go{", "gnatsd_varz_host{", "gnatsd_varz_cluster", "gnatsd_varz_http_req_stats",
                "gnatsd_varz_connect_urls", "gnatsd_varz_start{", "gnatsd_varz_system_account")) {
            assertFalse(l.stream().anyMatch(s -> s.startsWith(absent)), absent);
        }
    }

    @Test
    void connzTotalsAndPerConnectionFigures() {
        List<String> l = lines(MetricsTest::go);
        assertTrue(l.contains("gnatsd_connz_num_connections{" + SID + "} 2"), String.join("\n", l));
        assertTrue(l.contains("gnatsd_connz_limit{" + SID + "} 1024"));
        assertTrue(l.contains("# TYPE gnatsd_connz_in_msgs counter"));
        assertTrue(l.contains("gnatsd_connz_in_msgs{" + SID + "} 50"));
        assertTrue(l.contains("gnatsd_connz_out_bytes{" + SID + "} 1100"));
        assertTrue(l.contains("gnatsd_connz_subscriptions{" + SID + "} 2"));
        String worker = "{cid=\"5\",ip=\"127.0.0.1\",kind=\"Client\",lang=\"python\",name=\"orders-worker\",port=\"36482\","
                + SID + ",tls_cipher_suite=\"\",tls_version=\"\",type=\"nats\",version=\"3.11\"}";
        assertTrue(l.contains("gnatsd_connz_num_connections" + worker + " 1"));
        assertTrue(l.contains("gnatsd_connz_out_msgs" + worker + " 100"));
        assertTrue(l.contains("gnatsd_connz_rtt" + worker + " 330"));
        assertTrue(l.contains("gnatsd_connz_uptime" + worker + " 2000"));
        assertTrue(l.contains("gnatsd_connz_idle" + worker + " 1000"));
        double start = Instant.parse("2026-11-26T08:33:26.174281506Z").toEpochMilli();
        assertTrue(l.contains("gnatsd_connz_start" + worker + " " + GoFloat.format(start)));
        assertTrue(l.contains("# TYPE gnatsd_connz_start untyped"));
    }

    @Test
    void routezCountAndPerRouteFigures() {
        List<String> l = lines(MetricsTest::go);
        assertTrue(l.contains("gnatsd_routez_num_routes{" + SID + "} 1"), String.join("\n", l));
        assertTrue(l.contains("gnatsd_routez_server_id{" + SID + ",value=\"" + ID + "\"} 1"));
        String route = "{rid=\"4\"," + SID + "}";
        assertTrue(l.contains("gnatsd_routez_route_in_msgs" + route + " 4"));
        assertTrue(l.contains("gnatsd_routez_route_out_bytes" + route + " 3242"));
        assertTrue(l.contains("gnatsd_routez_route_subscriptions" + route + " 40"));
        assertTrue(l.contains("gnatsd_routez_route_rtt_seconds" + route + " 0.000183"));
        assertTrue(l.contains("gnatsd_routez_route_uptime_seconds" + route + " 4"));
        assertTrue(l.stream().anyMatch(s -> s.startsWith("gnatsd_routez_route_info{account=\"\",compression=\"\",ip=\"127.0.0.1\",remote_id=\"NAGH7")));
        assertTrue(l.contains("gnatsd_subsz_num_subscriptions{" + SID + "} 86"));
        assertTrue(l.contains("gnatsd_healthz_status{" + SID + "} 0"));
    }

    @Test
    void endpointsTheServerDoesNotServeAreLeftOut() {
        List<String> l = lines(e -> e.equals("varz") ? go(e) : null);
        assertTrue(l.contains("gnatsd_varz_in_msgs{" + SID + "} 54"));
        assertFalse(l.stream().anyMatch(s -> s.contains("gnatsd_connz") || s.contains("gnatsd_routez") || s.contains("gnatsd_subsz")));
        assertTrue(l.contains("natsj_event_loops{" + SID + "} 2"));
        assertTrue(l.stream().anyMatch(s -> s.startsWith("natsj_jvm_heap_used_bytes{" + SID + "} ")));
        assertTrue(l.stream().anyMatch(s -> s.startsWith("natsj_jvm_gc_collections_total{gc=\"")));
        // Text that is not a JSON object is left out too, not an error.
        assertFalse(Metrics.render(e -> "404 page not found\n", 1).contains("gnatsd_"));
    }

    @Test
    void eachFamilyHasOneHelpAndTypeAndItsSamplesTogether() {
        Set<String> seen = new HashSet<>();
        String current = null;
        List<String> order = new ArrayList<>();
        for (String line : lines(MetricsTest::go)) {
            if (line.startsWith("# HELP ")) {
                current = line.split(" ")[2];
                assertTrue(seen.add(current), "two HELP lines for " + current);
                order.add(current);
            } else if (!line.startsWith("#")) {
                String name = line.substring(0, line.indexOf(line.contains("{") ? '{' : ' '));
                assertEquals(current, name, line);
            }
        }
        List<String> sorted = new ArrayList<>(order);
        sorted.sort(null);
        assertEquals(sorted, order, "families sorted by name, as client_golang writes them");
    }

    @Test
    void labelValuesAndHelpAreEscaped() {
        Exposition e = new Exposition();
        e.gauge("x", "a\\b\nc \"q\"").add(1, "l", "a\"b\\c\nd");
        assertEquals("# HELP x a\\\\b\\nc \"q\"\n# TYPE x gauge\nx{l=\"a\\\"b\\\\c\\nd\"} 1\n", e.text());
    }

    @Test
    void valuesAreWrittenAsGoFormatFloatG() {
        // Printed by Go 1.19's strconv.FormatFloat(v, 'g', -1, 64).
        Map<Double, String> go = Map.ofEntries(Map.entry(54.0, "54"), Map.entry(0.25, "0.25"),
                Map.entry(12476416.0, "1.2476416e+07"), Map.entry(1048576.0, "1.048576e+06"), Map.entry(999999.0, "999999"),
                Map.entry(100000.0, "100000"), Map.entry(0.0001, "0.0001"), Map.entry(0.00001234, "1.234e-05"),
                Map.entry(1.5e21, "1.5e+21"), Map.entry(123456.789, "123456.789"), Map.entry(-3.5, "-3.5"),
                Map.entry(2e-7, "2e-07"), Map.entry(1.7e308, "1.7e+308"), Map.entry(0.1, "0.1"),
                Map.entry(67108864.0, "6.7108864e+07"), Map.entry(0.0, "0"), Map.entry(Double.NaN, "NaN"),
                Map.entry(Double.POSITIVE_INFINITY, "+Inf"));
        go.forEach((v, s) -> assertEquals(s, GoFloat.format(v), String.valueOf(v)));
    }

    @Test
    void jsonReaderReadsWhatEncodingJsonReads() {
        Object v = JsonReader.parse(" {\"a\": [1, -2.5e3, true, false, null, \"x\\\"\\u00b5\\n\"], \"b\": {}, \"rtt\": \"330µs\"} ");
        assertEquals(Map.of("a", java.util.Arrays.asList(1.0, -2500.0, true, false, null, "x\"µ\n"), "b", Map.of(),
                "rtt", "330µs"), v);
        for (String bad : List.of("", "{", "{\"a\" 1}", "[1,]x", "tru", "{\"a\":1} x")) {
            try {
                JsonReader.parse(bad);
                throw new AssertionError("accepted " + bad);
            } catch (IllegalArgumentException expected) {
                // refused, as it should be
            }
        }
    }

    @Test
    void natsUptimeTextIsReadAsTheExporterReadsIt() {
        assertEquals(5000, ExporterTimes.uptimeMillis("5s"));
        assertEquals(((365 + 2) * 86400L + 3 * 3600 + 4 * 60 + 5) * 1000, ExporterTimes.uptimeMillis("1y2d3h4m5s"));
        assertEquals(86400_000, ExporterTimes.uptimeMillis("1d"));
        assertEquals(-1, ExporterTimes.uptimeMillis("soon"));
        assertEquals(1500, ExporterTimes.micros("1.5ms"));
        assertEquals(-1, ExporterTimes.epochMillis("yesterday"));
    }
}
