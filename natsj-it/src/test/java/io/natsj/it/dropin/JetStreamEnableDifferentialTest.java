package io.natsj.it.dropin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.AccountStatistics;
import io.natsj.it.support.ServerProcess;
import io.natsj.it.support.ServerProcess.Binary;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JetStream switched on, with no streams: natsj and nats-server 2.9.10 started from the same
 * configuration print the same JetStream start-up lines, advertise it in INFO alike, show the same
 * /varz "jetstream" block, /jsz and /accountz flag, and answer $JS.API.INFO byte for byte (for an
 * account with JetStream, one with limits, one without), stay silent on an unknown API subject, and
 * count API requests alike. jnats' getAccountStatistics works against both.
 */
class JetStreamEnableDifferentialTest {
    private static final Pattern CLIENT_PORT = Pattern.compile("Listening for client connections on 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern MONITOR_PORT = Pattern.compile("Starting http monitor on 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern LOG_PREFIX = Pattern.compile("^\\[\\d+\\] \\S+ \\S+ \\[INF\\] ?", Pattern.MULTILINE);

    /** Fixed limits and a relative store directory: every figure JetStream shows is the same for both. */
    private static final String CONFIG = "host: 127.0.0.1\nport: -1\nhttp: 127.0.0.1:-1\n"
            + "jetstream { store_dir: js, max_mem: 1G, max_file: \"2G\", domain: hub }\n"
            + "accounts {\n"
            + "  JS { jetstream: enabled, users [{user: js, password: js}] }\n"
            + "  LIM { jetstream { max_mem: 1M, max_file: 2G, max_streams: 10, max_consumers: 7 },"
            + " users [{user: lim, password: lim}] }\n"
            + "  NOJS { users [{user: nojs, password: nojs}] }\n"
            + "}\n";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    private record Seen(String banner, List<String> infoKeys, JsonNode varzJetStream, JsonNode jsz, JsonNode jszAccounts,
            boolean accountzJs, boolean accountzNoJs, Map<String, String> apiInfo, boolean unknownAnswered,
            JsonNode jszAfter, AccountStatistics stats, int noJsErrorCode) {
    }

    @Test
    void enabledJetStreamAsNatsServer(@TempDir Path dir) throws Exception {
        Seen go = run(Binary.GO, dir.resolve("go"));
        Seen natsj = run(Binary.NATSJ, dir.resolve("natsj"));

        assertEquals(go.banner(), natsj.banner(), "the JetStream start-up lines");
        assertTrue(natsj.banner().contains("  Store Directory: \"js/jetstream\"\n  Domain:          hub\n"), natsj.banner());
        assertTrue(natsj.banner().startsWith("Starting JetStream\n"), natsj.banner());

        assertEquals(go.infoKeys(), natsj.infoKeys(), "INFO's keys in order");
        assertEquals("jetstream", natsj.infoKeys().get(natsj.infoKeys().indexOf("max_payload") + 1));

        assertEquals(go.varzJetStream().toString(), natsj.varzJetStream().toString(), "/varz jetstream, keys in order");
        assertEquals(1_000_000_000L, natsj.varzJetStream().at("/config/max_memory").asLong());
        assertEquals(2L << 30, natsj.varzJetStream().at("/config/max_storage").asLong());
        assertEquals("js/jetstream", natsj.varzJetStream().at("/config/store_dir").asText());
        assertEquals(2, natsj.varzJetStream().at("/stats/accounts").asInt());

        assertEquals(go.jsz().toString(), natsj.jsz().toString(), "/jsz without the server's id and time, keys in order");
        assertEquals(go.jszAccounts().toString(), natsj.jszAccounts().toString(), "/jsz?accounts=true account details by name");
        assertEquals("18446744073709551615", natsj.jszAccounts().at("/JS/reserved_memory").asText());
        assertEquals(go.accountzJs(), natsj.accountzJs());
        assertEquals(go.accountzNoJs(), natsj.accountzNoJs());
        assertTrue(natsj.accountzJs());

        assertEquals(go.apiInfo(), natsj.apiInfo(), "$JS.API.INFO answers, byte for byte");
        assertTrue(natsj.apiInfo().get("nojs").contains("\"err_code\":10039"), natsj.apiInfo().get("nojs"));
        assertEquals(go.unknownAnswered(), natsj.unknownAnswered());
        assertEquals(false, natsj.unknownAnswered(), "nats-server does not answer an unknown API subject");
        assertEquals(go.jszAfter().toString(), natsj.jszAfter().toString(), "API counters after the requests");

        AccountStatistics s = natsj.stats();
        assertEquals(10, s.getLimits().getMaxStreams());
        assertEquals(7, s.getLimits().getMaxConsumers());
        assertEquals(1_000_000, s.getLimits().getMaxMemory());
        assertEquals("hub", s.getDomain());
        assertEquals(go.stats().getApi().getTotalApiRequests(), s.getApi().getTotalApiRequests());
        assertEquals(go.noJsErrorCode(), natsj.noJsErrorCode());
        assertEquals(10039, natsj.noJsErrorCode());
    }

    @Test
    void startUpLinesWithDefaultLimitsAsNatsServer(@TempDir Path dir) throws Exception {
        List<String> go = defaultsBanner(Binary.GO, dir.resolve("go"));
        List<String> natsj = defaultsBanner(Binary.NATSJ, dir.resolve("natsj"));
        assertEquals(go.size(), natsj.size(), natsj.toString());
        for (int i = 0; i < go.size(); i++) {
            String g = go.get(i);
            String n = natsj.get(i);
            if (g.strip().startsWith("Max Storage:")) {
                // 75% of the free disk space, which the other server's files just changed a little.
                assertTrue(n.strip().matches("Max Storage:     \\d+\\.\\d\\d [KMGT]B"), n);
            } else {
                assertEquals(g, n.replace(dir.resolve("natsj").toString(), dir.resolve("go").toString()));
            }
        }
    }

    private static List<String> defaultsBanner(Binary binary, Path dir) throws Exception {
        Files.createDirectories(dir);
        try (ServerProcess p = ServerProcess.start(binary, dir, "-a", "127.0.0.1", "-p", "-1", "-js", "-sd", dir.toString())) {
            p.awaitReady();
            return List.of(banner(p.output()).split("\n"));
        }
    }

    private Seen run(Binary binary, Path dir) throws Exception {
        Files.createDirectories(dir);
        DropinSupport.write(dir.resolve("js.conf"), CONFIG);
        try (ServerProcess p = ServerProcess.start(binary, dir, "-c", "js.conf")) {
            p.awaitReady();
            int clientPort = port(CLIENT_PORT, p);
            String base = "http://127.0.0.1:" + port(MONITOR_PORT, p);
            String banner = banner(p.output());
            List<String> infoKeys = infoKeys(clientPort);
            JsonNode varz = get(base + "/varz").get("jetstream");
            JsonNode jsz = withoutIdAndTime(get(base + "/jsz"));
            JsonNode jszAccounts = byName(get(base + "/jsz?accounts=true").get("account_details"));
            boolean accountzJs = get(base + "/accountz?acc=JS").at("/account_detail/jetstream_enabled").asBoolean();
            boolean accountzNoJs = get(base + "/accountz?acc=NOJS").at("/account_detail/jetstream_enabled").asBoolean();

            Map<String, String> apiInfo = new TreeMap<>();
            boolean unknownAnswered;
            AccountStatistics stats;
            int noJsError;
            try (Connection js = connect(clientPort, "js"); Connection lim = connect(clientPort, "lim");
                    Connection nojs = connect(clientPort, "nojs")) {
                apiInfo.put("js", request(js, "$JS.API.INFO", ""));
                apiInfo.put("js again, with a body", request(js, "$JS.API.INFO", "{\"junk\":1}"));
                apiInfo.put("lim", request(lim, "$JS.API.INFO", ""));
                apiInfo.put("nojs", request(nojs, "$JS.API.INFO", ""));
                unknownAnswered = js.request("$JS.API.NO.SUCH.THING", new byte[0], Duration.ofMillis(500)) != null;
                JetStreamManagement jsm = lim.jetStreamManagement();
                stats = jsm.getAccountStatistics();
                noJsError = assertThrows(JetStreamApiException.class,
                        () -> nojs.jetStreamManagement().getAccountStatistics()).getApiErrorCode();
            }
            JsonNode jszAfter = byName(get(base + "/jsz?accounts=true").get("account_details"));
            return new Seen(banner, infoKeys, varz, jsz, jszAccounts, accountzJs, accountzNoJs, apiInfo, unknownAnswered,
                    jszAfter, stats, noJsError);
        }
    }

    /** The lines from "Starting JetStream" to the closing dashes, without the log prefix. */
    private static String banner(String output) {
        String text = LOG_PREFIX.matcher(output).replaceAll("");
        int from = text.indexOf("Starting JetStream");
        int to = text.indexOf("-------------------------------------------", from);
        assertTrue(from >= 0 && to > from, output);
        return text.substring(from, to + 43);
    }

    private List<String> infoKeys(int port) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
            JsonNode info = json.readTree(line.substring(5));
            assertTrue(info.get("jetstream").asBoolean(), line);
            List<String> keys = new ArrayList<>();
            info.fieldNames().forEachRemaining(keys::add);
            return keys;
        }
    }

    private static Connection connect(int port, String user) throws Exception {
        return Nats.connect(new Options.Builder().server("nats://127.0.0.1:" + port).userInfo(user, user)
                .connectionTimeout(Duration.ofSeconds(5)).build());
    }

    private static String request(Connection c, String subject, String body) throws Exception {
        Message m = c.request(subject, body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
        assertNotNull(m, subject);
        return new String(m.getData(), StandardCharsets.UTF_8);
    }

    private static JsonNode withoutIdAndTime(JsonNode n) {
        ObjectNode o = (ObjectNode) n;
        assertTrue(JsonShape.GO_TIME.matcher(o.get("now").asText()).matches(), o.toString());
        o.remove("server_id");
        o.remove("now");
        return o;
    }

    /** Go lists the accounts in map order: keyed by name instead. */
    private JsonNode byName(JsonNode details) {
        ObjectNode out = json.createObjectNode();
        List<JsonNode> list = new ArrayList<>();
        details.forEach(list::add);
        list.sort((a, b) -> a.get("name").asText().compareTo(b.get("name").asText()));
        for (JsonNode d : list) {
            out.set(d.get("name").asText(), d);
        }
        return out;
    }

    private JsonNode get(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), url + ": " + r.body());
        return json.readTree(r.body());
    }

    private static int port(Pattern p, ServerProcess s) {
        Matcher m = p.matcher(s.output());
        if (!m.find()) {
            throw new AssertionError("no " + p + " in:\n" + s.output());
        }
        return Integer.parseInt(m.group(1));
    }
}
