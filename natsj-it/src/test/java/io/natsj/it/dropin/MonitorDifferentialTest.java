package io.natsj.it.dropin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.natsj.it.support.ServerProcess;
import io.natsj.it.support.ServerProcess.Binary;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP monitoring port: natsj and nats-server started from the same configuration, with a little
 * jnats traffic, answer /, /varz and /healthz alike: the same /varz keys in the same order with the
 * same JSON types, the same values where they do not depend on the process, the same index page,
 * health body and 404s, under http_base_path too.
 */
class MonitorDifferentialTest {
    private static final Pattern CLIENT_PORT = Pattern.compile("Listening for client connections on 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern MONITOR_PORT = Pattern.compile("Starting http monitor on 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern GO_TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?(Z|[+-]\\d\\d:\\d\\d)");
    private static final Pattern UPTIME = Pattern.compile("(\\d+y)?(\\d+d)?(\\d+h)?(\\d+m)?\\d+s");
    /** /varz values that must be equal: configuration and what the clients did, not the process's own. */
    private static final List<String> SAME_VALUES = List.of("version", "proto", "host", "auth_required",
            "tls_required", "max_connections", "max_subscriptions", "ping_interval", "ping_max", "http_host",
            "http_port", "http_base_path", "https_port", "auth_timeout", "max_control_line", "max_payload",
            "max_pending", "cluster", "gateway", "leaf", "mqtt", "websocket", "jetstream", "tls_timeout",
            "write_deadline", "connections", "routes", "remotes", "leafnodes", "http_req_stats", "tags",
            "system_account", "total_connections", "in_msgs", "out_msgs", "in_bytes", "out_bytes", "subscriptions",
            "slow_consumers");

    private static final String CONFIG = "host: 127.0.0.1\nport: -1\nhttp: 127.0.0.1:-1\n"
            + "max_payload: 512KB\nping_interval: \"30s\"\nmax_subs: 100\nserver_tags: [\"cloud:aws\", \"region:eu\"]\n"
            + "authorization { user: mon, password: itor }\n";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void varzHealthzIndexAnd404AsNatsServer(@TempDir Path dir) throws Exception {
        DropinSupport.write(dir.resolve("mon.conf"), CONFIG);
        Served go = serve(Binary.GO, dir, "-c", "mon.conf");
        Served natsj = serve(Binary.NATSJ, dir, "-c", "mon.conf");

        assertEquals(go.index, withoutNatsjLinks(natsj.index));
        assertTrue(natsj.index.contains("<a href=./metrics>") && natsj.index.contains("<a href=./dashboard class=last>"), natsj.index);
        assertEquals(go.healthz, natsj.healthz);
        assertEquals("application/json|200|{\"status\":\"ok\"}", natsj.healthz);
        assertEquals(go.jsonp, natsj.jsonp);
        assertEquals(go.notFound, natsj.notFound);
        assertTrue(natsj.notFound.startsWith("text/plain; charset=utf-8|404|404 page not found\n"), natsj.notFound);

        assertEquals(fields(go.varz), fields(natsj.varz), "the keys, in order, with their JSON types");
        for (String k : SAME_VALUES) {
            assertEquals(go.varz.get(k), natsj.varz.get(k), k);
        }
        assertEquals(2, natsj.varz.get("connections").asInt());
        assertEquals(-1, natsj.varz.get("http_port").asInt());
        assertEquals(512 * 1024, natsj.varz.get("max_payload").asInt());
        assertEquals(30_000_000_000L, natsj.varz.get("ping_interval").asLong());
        assertTrue(natsj.varz.get("auth_required").asBoolean());
        assertEquals(Map.of("/", 1, "/healthz", 2, "/varz", 1),
                json.convertValue(natsj.varz.get("http_req_stats"), Map.class));
        for (String k : List.of("start", "now", "config_load_time")) {
            assertTrue(GO_TIME.matcher(natsj.varz.get(k).asText()).matches(), k + ": " + natsj.varz.get(k));
        }
        assertTrue(UPTIME.matcher(natsj.varz.get("uptime").asText()).matches(), natsj.varz.get("uptime").toString());
        assertEquals(natsj.clientPort, natsj.varz.get("port").asInt());
        assertTrue(natsj.varz.get("subscriptions").asLong() >= 1);
    }

    @Test
    void basePathAsNatsServer(@TempDir Path dir) throws Exception {
        DropinSupport.write(dir.resolve("base.conf"), "host: 127.0.0.1\nport: -1\nhttp_base_path: \"/mon/\"\n");
        List<String> go = basePathAnswers(Binary.GO, dir);
        List<String> natsj = basePathAnswers(Binary.NATSJ, dir);
        assertEquals(go, natsj);
        assertTrue(natsj.get(0).contains("<a href=./mon/varz>General</a>"), natsj.get(0));
        assertTrue(natsj.get(1).startsWith("application/json|200|"), natsj.get(1));
    }

    @Test
    void monitoringOptionsCannotBeReloadedAsNatsServer(@TempDir Path dir) throws Exception {
        assertEquals(reloadFailure(Binary.GO, dir.resolve("go")), reloadFailure(Binary.NATSJ, dir.resolve("natsj")));
    }

    private static String reloadFailure(Binary binary, Path dir) throws Exception {
        java.nio.file.Files.createDirectories(dir);
        Path conf = dir.resolve("r.conf");
        DropinSupport.write(conf, "host: 127.0.0.1\nport: -1\nhttp_port: -1\n");
        try (ServerProcess p = ServerProcess.start(binary, dir, "-c", conf.toString())) {
            p.awaitReady();
            DropinSupport.write(conf, "host: 127.0.0.1\nport: -1\nhttp_port: -1\nhttp_base_path: /x\n");
            p.signal("HUP");
            p.awaitOutput("Failed to reload server configuration", Duration.ofSeconds(10));
            Matcher m = Pattern.compile("\\[ERR\\] (Failed to reload[^\\n]*)").matcher(p.output());
            assertTrue(m.find(), p.output());
            return m.group(1);
        }
    }

    @Test
    void portsFileListsTheMonitoringPortAsNatsServer(@TempDir Path dir) throws Exception {
        assertEquals(portsFileShape(Binary.GO, dir.resolve("go")), portsFileShape(Binary.NATSJ, dir.resolve("natsj")));
    }

    private static String portsFileShape(Binary binary, Path dir) throws Exception {
        java.nio.file.Files.createDirectories(dir);
        try (ServerProcess p = DropinSupport.startAsNatsServer(binary, dir, "-a", "127.0.0.1", "-p", "-1", "-m", "-1",
                "--ports_file_dir", dir.toString())) {
            p.awaitReady();
            String ports = DropinSupport.awaitPortsFile(dir, p.pid());
            assertTrue(ports.contains("\"http://127.0.0.1:" + port(MONITOR_PORT, p) + "\""), ports);
            return ports.replaceAll(":\\d+\"", ":PORT\"");
        }
    }

    @Test
    void busyMonitoringPortIsFatalAsInNatsServer(@TempDir Path dir) throws Exception {
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            String port = Integer.toString(busy.getLocalPort());
            ServerProcess.Result go = ServerProcess.run(Binary.GO, dir, "-a", "127.0.0.1", "-p", "-1", "-m", port);
            ServerProcess.Result natsj = ServerProcess.run(Binary.NATSJ, dir, "-a", "127.0.0.1", "-p", "-1", "-m", port);
            assertEquals(go.exitCode(), natsj.exitCode(), natsj.output());
            assertEquals(fatal(go.output()), fatal(natsj.output()));
            assertTrue(fatal(natsj.output()).startsWith("Can't start monitoring: can't listen to the monitor port: listen tcp 127.0.0.1:"),
                    natsj.output());
        }
    }

    private static String fatal(String output) {
        Matcher m = Pattern.compile("\\[FTL\\] ([^\\n]*)").matcher(output);
        return m.find() ? m.group(1) : output;
    }

    private List<String> basePathAnswers(Binary binary, Path dir) throws Exception {
        try (ServerProcess p = ServerProcess.start(binary, dir, "-c", "base.conf", "-m", "-1")) {
            p.awaitReady();
            int port = port(MONITOR_PORT, p);
            String base = "http://127.0.0.1:" + port;
            List<String> out = new ArrayList<>();
            out.add(withoutNatsjLinks(get(base + "/mon")));
            String varz = get(base + "/mon/varz");
            out.add(varz.substring(0, varz.indexOf('|', varz.indexOf('|') + 1) + 1)
                    + json.readTree(varz.substring(varz.indexOf('{'))).get("http_base_path"));
            out.add(get(base + "/mon/healthz"));
            for (String path : List.of("/", "/varz", "/healthz", "/mon/", "/mon/varz/", "/mon/nope")) {
                out.add(path + " " + get(base + path));
            }
            return out;
        }
    }

    private record Served(int clientPort, JsonNode varz, String index, String healthz, String jsonp, String notFound) {
    }

    private Served serve(Binary binary, Path dir, String... args) throws Exception {
        try (ServerProcess p = ServerProcess.start(binary, dir, args)) {
            p.awaitReady();
            int clientPort = port(CLIENT_PORT, p);
            String base = "http://127.0.0.1:" + port(MONITOR_PORT, p);
            Options o = new Options.Builder().server("nats://127.0.0.1:" + clientPort).userInfo("mon", "itor")
                    .connectionTimeout(Duration.ofSeconds(5)).build();
            // A connection that publishes and closes first: its figures stay in the server's totals.
            try (Connection gone = Nats.connect(o)) {
                gone.publish("mon.gone", "bye".getBytes(StandardCharsets.UTF_8));
                gone.flush(Duration.ofSeconds(5));
            }
            try (Connection a = Nats.connect(o); Connection b = Nats.connect(o)) {
                Subscription sub = b.subscribe("mon.>");
                b.flush(Duration.ofSeconds(5));
                for (int i = 0; i < 3; i++) {
                    a.publish("mon.x", ("hello " + i).getBytes(StandardCharsets.UTF_8));
                }
                a.flush(Duration.ofSeconds(5));
                for (int i = 0; i < 3; i++) {
                    assertTrue(sub.nextMessage(Duration.ofSeconds(5)) != null);
                }
                String index = get(base + "/");
                String healthz = get(base + "/healthz");
                String jsonp = get(base + "/healthz?callback=cb");
                String notFound = get(base + "/nope") + " " + get(base + "/varz/") + " " + get(base + "/connz/x");
                String varz = get(base + "/varz");
                JsonNode tree = json.readTree(varz.substring(varz.indexOf('{')));
                return new Served(clientPort, tree, index, healthz, jsonp, notFound);
            }
        }
    }

    /** The index page without the links to natsj's own endpoints, /metrics and /dashboard. */
    private static String withoutNatsjLinks(String index) {
        return index.replaceAll("\t<a href=\\.[^ >]*/(metrics|dashboard)[ >][^\n]*\n", "");
    }

    /** The object's keys in order, each with its JSON type (and the types inside objects). */
    private static List<String> fields(JsonNode n) {
        List<String> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            out.add(e.getKey() + ":" + e.getValue().getNodeType());
        }
        return out;
    }

    /** "content type|status|body". */
    private String get(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.headers().firstValue("Content-Type").orElse("") + "|" + r.statusCode() + "|" + r.body();
    }

    private static int port(Pattern p, ServerProcess s) {
        Matcher m = p.matcher(s.output());
        if (!m.find()) {
            throw new AssertionError("no " + p + " in:\n" + s.output());
        }
        return Integer.parseInt(m.group(1));
    }
}
