package io.natsj.it.dropin;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.natsj.it.support.ServerProcess;
import io.natsj.it.support.ServerProcess.Binary;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One server (natsj or nats-server) from the same configuration, driven through the same jnats
 * scenario, for the monitoring differential tests: two accounts (B imports a stream and a service
 * from A); a client of B that subscribes,
 * publishes to itself and closes ("gone"); a client refused for a bad password ("bad"); then, open,
 * a publisher and a subscriber (plain, wildcard, queue and auto-unsubscribe subscriptions) in A and a
 * subscriber in B, with traffic settled before anything is read.
 */
final class MonitorScenario implements AutoCloseable {
    static final String CONFIG = "host: 127.0.0.1\nport: -1\nhttp: 127.0.0.1:-1\n"
            + "accounts {\n"
            + "  A: { users: [ {user: alice, password: pa}, {user: bob, password: pb} ],\n"
            + "       exports: [ {stream: \"orders.>\"}, {service: \"help\"}, {service: \"private\", accounts: [B]} ] }\n"
            + "  B: { users: [ {user: carol, password: pc} ],\n"
            + "       imports: [ {stream: {account: A, subject: \"orders.>\"}}, {service: {account: A, subject: \"help\"}, to: \"ask\"} ] }\n"
            + "}\n";
    /** The clients in the order they connect (so in cid order). */
    static final List<String> NAMES = List.of("gone", "bad", "pub", "sub", "other");

    private static final Pattern CLIENT_PORT = Pattern.compile("Listening for client connections on 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern MONITOR_PORT = Pattern.compile("Starting http monitor on 127\\.0\\.0\\.1:(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    final Binary binary;
    private final ServerProcess process;
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Connection> open;
    /** Each client's cid on this server. */
    final Map<String, Long> cids = new HashMap<>();

    private MonitorScenario(Binary binary, ServerProcess process, String base, List<Connection> open) {
        this.binary = binary;
        this.process = process;
        this.base = base;
        this.open = open;
    }

    static MonitorScenario start(Binary binary, Path parent) throws Exception {
        Path dir = parent.resolve(binary.name().toLowerCase());
        Files.createDirectories(dir);
        DropinSupport.write(dir.resolve("mon.conf"), CONFIG);
        ServerProcess p = ServerProcess.start(binary, dir, "-c", "mon.conf");
        try {
            p.awaitReady();
            String url = "nats://127.0.0.1:" + port(CLIENT_PORT, p);
            try (Connection gone = connect(url, "gone", "carol", "pc")) {
                Subscription s = gone.subscribe("gone.sub");
                gone.publish("gone.sub", "bye".getBytes(StandardCharsets.UTF_8));
                assertNotNull(s.nextMessage(Duration.ofSeconds(5)));
            }
            // Closed before "bad" comes, on the server too: their stop times sort the closed list.
            HttpClient client = HttpClient.newHttpClient();
            URI closed = URI.create("http://127.0.0.1:" + port(MONITOR_PORT, p) + "/connz?state=closed");
            await("the closed connection").atMost(Duration.ofSeconds(10)).until(() -> client.send(
                    HttpRequest.newBuilder(closed).build(), HttpResponse.BodyHandlers.ofString()).body().contains("\"gone\""));
            try (Connection bad = connect(url, "bad", "alice", "wrong")) {
                throw new AssertionError(binary + " let a bad password in");
            } catch (IOException refused) {
                // expected: the server closes it with "Authentication Failure"
            }
            Connection pub = connect(url, "pub", "alice", "pa");
            Connection sub = connect(url, "sub", "bob", "pb");
            Connection other = connect(url, "other", "carol", "pc");
            Subscription all = sub.subscribe("orders.>");
            Subscription queue = sub.subscribe("orders.*", "workers");
            Subscription news = sub.subscribe("orders.new");
            Subscription limited = sub.subscribe("limited.x");
            limited.unsubscribe(5);
            other.subscribe("b.only");
            sub.flush(Duration.ofSeconds(5));
            other.flush(Duration.ofSeconds(5));
            for (int i = 0; i < 3; i++) {
                pub.publish("orders.new", ("new " + i).getBytes(StandardCharsets.UTF_8));
            }
            for (int i = 0; i < 2; i++) {
                pub.publish("orders.old", ("old " + i).getBytes(StandardCharsets.UTF_8));
            }
            pub.flush(Duration.ofSeconds(5));
            receive(all, 5);
            receive(queue, 5);
            receive(news, 3);
            MonitorScenario sc = new MonitorScenario(binary, p, "http://127.0.0.1:" + port(MONITOR_PORT, p),
                    List.of(pub, sub, other));
            // Closed connections are recorded once the server has torn them down.
            await(binary + " to record the closed connections").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> sc.json("/connz?state=closed").get("total").asInt() == 2);
            for (JsonNode c : sc.json("/connz?state=any").get("connections")) {
                sc.cids.put(c.get("name").asText(), c.get("cid").asLong());
            }
            return sc;
        } catch (Exception | AssertionError e) {
            p.close();
            throw e;
        }
    }

    private static Connection connect(String url, String name, String user, String password) throws Exception {
        return Nats.connect(new Options.Builder().server(url).connectionName(name).userInfo(user, password)
                .maxReconnects(0).connectionTimeout(Duration.ofSeconds(5)).build());
    }

    private static void receive(Subscription s, int n) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            assertNotNull(s.nextMessage(Duration.ofSeconds(5)), s.getSubject());
        }
    }

    /** "content type|status|body". */
    String get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.headers().firstValue("Content-Type").orElse("") + "|" + r.statusCode() + "|" + r.body();
    }

    JsonNode json(String path) throws Exception {
        String r = get(path);
        if (!r.startsWith("application/json|200|")) {
            throw new AssertionError(binary + " " + path + ": " + r);
        }
        return JSON.readTree(r.substring(r.indexOf('|', r.indexOf('|') + 1) + 1));
    }

    /** The client's name for a cid of this server. */
    String nameOf(long cid) {
        return cids.entrySet().stream().filter(e -> e.getValue() == cid).map(Map.Entry::getKey).findFirst()
                .orElse("cid " + cid);
    }

    private static int port(Pattern p, ServerProcess s) {
        Matcher m = p.matcher(s.output());
        if (!m.find()) {
            throw new AssertionError("no " + p + " in:\n" + s.output());
        }
        return Integer.parseInt(m.group(1));
    }

    @Override
    public void close() {
        for (Connection c : open) {
            try {
                c.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        process.close();
    }
}
