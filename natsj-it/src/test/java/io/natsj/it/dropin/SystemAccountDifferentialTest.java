package io.natsj.it.dropin;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.natsj.it.support.ServerProcess;
import io.natsj.it.support.ServerProcess.Binary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The system account, seen by jnats clients: the same scenario (a watcher in the system account, a
 * user of account A who publishes and leaves, a failed login, requests from both) run on nats-server
 * and on natsj, and every advisory and answer compared: the same subjects, the same JSON keys in the
 * same order with the same types, and equal values where they describe the scenario rather than the
 * process (names, accounts, users, counts, reasons, error texts).
 */
class SystemAccountDifferentialTest {
    private static final Pattern CLIENT_PORT = Pattern.compile("Listening for client connections on 127\\.0\\.0\\.1:(\\d+)");
    private static final String CONFIG = "host: 127.0.0.1\nport: -1\nserver_name: watched\n"
            + "server_tags: [\"az:1\"]\n"
            + "accounts {\n  SYS { users [ {user: sys, password: sys} ] }\n"
            + "  A { users [ {user: a, password: a} ] }\n}\nsystem_account: SYS\n";
    /**
     * Values equal on both servers: what the scenario did, not when or in which process. Bytes a client
     * received are not among them: answers carry times, whose length varies.
     */
    private static final List<String> SAME = List.of("type", "server.name", "server.host", "server.ver",
            "server.tags", "server.jetstream", "client.acc", "client.user", "client.name", "client.lang",
            "client.ver", "client.kind", "client.client_type", "acc", "conns", "leafnodes", "total_conns",
            "sent.msgs", "sent.bytes", "received.msgs", "slow_consumers", "reason",
            "error.code", "error.description", "data.status", "statsz.connections", "statsz.active_accounts",
            "statsz.active_servers", "statsz.cores", "data.account_statz.0.acc", "data.account_statz.0.conns",
            "data.subscriptions", "data.server_name", "data.connections", "data.system_account", "data.tags",
            "data.num_connections", "data.total", "data.connections.0.name", "data.connections.0.account",
            "data.connections.0.subscriptions", "data.connections.1.name", "data.connections.1.reason",
            "data.account_name", "data.client_connections", "data.num_routes",
            "data.account_detail.account_name", "data");

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void advisoriesAndAnswersAsNatsServer(@TempDir Path dir) throws Exception {
        DropinSupport.write(dir.resolve("sys.conf"), CONFIG);
        Map<String, JsonNode> go = scenario(Binary.GO, dir);
        Map<String, JsonNode> natsj = scenario(Binary.NATSJ, dir);

        assertEquals(go.keySet(), natsj.keySet(), "the same messages");
        for (String what : go.keySet()) {
            assertEquals(shape(go.get(what)), shape(natsj.get(what)), what + ": keys, order and types");
            if (what.equals("STATSZ")) {
                continue; // periodic: its figures depend on when it was sent
            }
            Map<String, JsonNode> g = flat(go.get(what));
            Map<String, JsonNode> n = flat(natsj.get(what));
            for (String k : SAME) {
                assertEquals(g.get(k), n.get(k), what + ": " + k);
            }
        }
        JsonNode connect = natsj.get("$SYS.ACCOUNT.A.CONNECT");
        assertEquals("alice", connect.at("/client/name").asText());
        assertEquals("a", connect.at("/client/user").asText());
        JsonNode gone = natsj.get("$SYS.ACCOUNT.A.DISCONNECT");
        assertEquals("Client Closed", gone.get("reason").asText());
        assertEquals(3, gone.at("/sent/msgs").asInt(), "the message and two requests");
        assertEquals(5, gone.at("/sent/bytes").asInt());
        assertEquals("Authentication Failure", natsj.get("CLIENT.AUTH.ERR").get("reason").asText());
        assertEquals(400, natsj.get("VARZ bad json").at("/error/code").asInt());
        assertTrue(natsj.get("VARZ").at("/data/subscriptions").asInt() > 40, "the system account's own subscriptions count");
    }

    /**
     * Lame duck mode is announced on $SYS.SERVER.<id>.LAMEDUCK, the subject nats-server 2.10 uses
     * (2.9 announces it to clients only), before clients are closed.
     */
    @Test
    void lameDuckModeIsAnnounced(@TempDir Path dir) throws Exception {
        DropinSupport.write(dir.resolve("ldm.conf"), CONFIG + "lame_duck_duration: \"30s\"\nlame_duck_grace_period: \"1s\"\n");
        try (ServerProcess p = ServerProcess.start(Binary.NATSJ, dir, "-c", "ldm.conf")) {
            p.awaitReady();
            try (Connection sys = Nats.connect(options("nats://127.0.0.1:" + port(p), "sys", "sys", "watcher"))) {
                io.nats.client.Subscription sub = sys.subscribe("$SYS.SERVER.*.LAMEDUCK");
                sys.flush(Duration.ofSeconds(5));
                String id = request(sys, "$SYS.REQ.SERVER.PING", "").at("/server/id").asText();
                p.signal("USR2");
                Message m = sub.nextMessage(Duration.ofSeconds(10));
                assertNotNull(m, "no LAMEDUCK advisory");
                assertEquals("$SYS.SERVER." + id + ".LAMEDUCK", m.getSubject());
                JsonNode body = json.readTree(m.getData());
                assertEquals("watched", body.get("name").asText());
                assertEquals(id, body.get("id").asText());
            }
        }
    }

    /** Runs the scenario; returns each message by what it was (event subject or request). */
    private Map<String, JsonNode> scenario(Binary binary, Path dir) throws Exception {
        Map<String, JsonNode> seen = new LinkedHashMap<>();
        try (ServerProcess p = ServerProcess.start(binary, dir, "-c", "sys.conf")) {
            p.awaitReady();
            String url = "nats://127.0.0.1:" + port(p);
            ConcurrentLinkedQueue<Message> events = new ConcurrentLinkedQueue<>();
            try (Connection sys = Nats.connect(options(url, "sys", "sys", "watcher"))) {
                Dispatcher d = sys.createDispatcher(events::add);
                d.subscribe("$SYS.ACCOUNT.A.>");
                d.subscribe("$SYS.SERVER.*.CLIENT.AUTH.ERR");
                d.subscribe("$SYS.SERVER.*.STATSZ");
                d.subscribe("$SYS.SERVER.*.SHUTDOWN");
                sys.flush(Duration.ofSeconds(5));

                try (Connection alice = Nats.connect(options(url, "a", "a", "alice"))) {
                    alice.publish("orders", "hello".getBytes(StandardCharsets.UTF_8));
                    alice.flush(Duration.ofSeconds(5));
                    // Through the import every account has: its own figures.
                    seen.put("A: $SYS.REQ.ACCOUNT.PING.STATZ", request(alice, "$SYS.REQ.ACCOUNT.PING.STATZ", ""));
                    seen.put("A: $SYS.REQ.SERVER.PING.CONNZ", request(alice, "$SYS.REQ.SERVER.PING.CONNZ", ""));
                    seen.put("ACCOUNT A CONNZ", request(sys, "$SYS.REQ.ACCOUNT.A.CONNZ", "{\"subscriptions\":true}"));
                    seen.put("ACCOUNT A INFO", request(sys, "$SYS.REQ.ACCOUNT.A.INFO", ""));
                    // Only the count: nats-server also lists the account's service-import subscriptions.
                    seen.put("ACCOUNT A SUBSZ count", request(sys, "$SYS.REQ.ACCOUNT.A.SUBSZ", "").at("/data/num_subscriptions"));
                }
                try {
                    Nats.connect(options(url, "a", "wrong", "mallory")).close();
                    throw new AssertionError("a wrong password got in");
                } catch (Exception e) {
                    // refused, as it should be
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().anyMatch(m -> m.getSubject().endsWith(".DISCONNECT"))
                        && events.stream().anyMatch(m -> m.getSubject().endsWith(".AUTH.ERR")));
                // Requests, answered or not.
                seen.put("PING", request(sys, "$SYS.REQ.SERVER.PING", ""));
                seen.put("VARZ", request(sys, "$SYS.REQ.SERVER.PING.VARZ", ""));
                seen.put("VARZ filtered by tags", request(sys, "$SYS.REQ.SERVER.PING.VARZ", "{\"tags\":[\"az:1\"]}"));
                seen.put("HEALTHZ", request(sys, "$SYS.REQ.SERVER.PING.HEALTHZ", ""));
                seen.put("VARZ bad json", request(sys, "$SYS.REQ.SERVER.PING.VARZ", "{bad"));
                seen.put("VARZ wrong type", request(sys, "$SYS.REQ.SERVER.PING.VARZ", "{\"server_name\":5}"));
                seen.put("HEALTHZ array", request(sys, "$SYS.REQ.SERVER.PING.HEALTHZ", "[]"));
                seen.put("ACCOUNT PING STATZ", request(sys, "$SYS.REQ.ACCOUNT.PING.STATZ", ""));
                seen.put("ACCOUNT SYS STATZ", request(sys, "$SYS.REQ.ACCOUNT.SYS.STATZ", ""));
                seen.put("ACCOUNT NOPE INFO", request(sys, "$SYS.REQ.ACCOUNT.NOPE.INFO", ""));
                seen.put("CONNZ", request(sys, "$SYS.REQ.SERVER.PING.CONNZ", "{\"state\":2,\"sort\":\"cid\"}"));
                seen.put("CONNZ bad sort", request(sys, "$SYS.REQ.SERVER.PING.CONNZ", "{\"sort\":\"nope\"}"));
                seen.put("CONNZ wrong type", request(sys, "$SYS.REQ.SERVER.PING.CONNZ", "{\"sort\":5}"));
                seen.put("SUBSZ", request(sys, "$SYS.REQ.SERVER.PING.SUBSZ", ""));
                for (String z : List.of("ROUTEZ", "GATEWAYZ", "LEAFZ", "ACCOUNTZ", "JSZ")) {
                    seen.put(z, request(sys, "$SYS.REQ.SERVER.PING." + z, ""));
                }
                seen.put("ACCOUNTZ A", request(sys, "$SYS.REQ.SERVER.PING.ACCOUNTZ", "{\"account\":\"A\"}"));
                String id = seen.get("PING").at("/server/id").asText();
                seen.put("direct STATSZ", request(sys, "$SYS.REQ.SERVER." + id + ".STATSZ", ""));
                seen.put("direct HEALTHZ", request(sys, "$SYS.REQ.SERVER." + id + ".HEALTHZ", "null"));
                assertNull(requestOrNull(sys, "$SYS.REQ.SERVER.PING.VARZ", "{\"server_name\":\"elsewhere\"}"),
                        "a request for another server gets no answer");
                assertNull(requestOrNull(sys, "$SYS.REQ.ACCOUNT.A.STATZ", ""), "an account without connections: no answer");
                await().atMost(Duration.ofSeconds(15)).until(() -> events.stream().anyMatch(m -> m.getSubject().endsWith(".STATSZ")));

                p.signal("TERM");
                await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().anyMatch(m -> m.getSubject().endsWith(".SHUTDOWN")));
            }
            for (Message m : events) {
                String key = m.getSubject().replaceAll("^\\$SYS\\.SERVER\\.[A-Z0-9]+\\.", "");
                seen.putIfAbsent(key, json.readTree(m.getData()));
            }
        }
        return seen;
    }

    private JsonNode request(Connection c, String subject, String body) throws Exception {
        JsonNode answer = requestOrNull(c, subject, body);
        assertNotNull(answer, "no answer to " + subject + " " + body);
        return answer;
    }

    private JsonNode requestOrNull(Connection c, String subject, String body) throws Exception {
        Message m = c.request(subject, body.getBytes(StandardCharsets.UTF_8), Duration.ofMillis(1500));
        return m == null ? null : json.readTree(m.getData());
    }

    private static Options options(String url, String user, String pass, String name) {
        return new Options.Builder().server(url).userInfo(user, pass).connectionName(name)
                .connectionTimeout(Duration.ofSeconds(5)).maxReconnects(0).noRandomize().build();
    }

    private static int port(ServerProcess p) {
        Matcher m = CLIENT_PORT.matcher(p.output());
        if (!m.find()) {
            throw new AssertionError("no client port in:\n" + p.output());
        }
        return Integer.parseInt(m.group(1));
    }

    /** Every key path with its JSON type, in document order (array elements by their first). */
    private static List<String> shape(JsonNode n) {
        List<String> out = new ArrayList<>();
        shape("", n, out);
        return out;
    }

    private static void shape(String path, JsonNode n, List<String> out) {
        out.add(path + ":" + n.getNodeType());
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                shape(path + "/" + e.getKey(), e.getValue(), out);
            }
        } else if (n.isArray() && n.size() > 0) {
            shape(path + "/0", n.get(0), out);
        }
    }

    /** Leaf values by dotted path. */
    private static Map<String, JsonNode> flat(JsonNode n) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        flat("", n, out);
        return out;
    }

    private static void flat(String path, JsonNode n, Map<String, JsonNode> out) {
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                flat(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue(), out);
            }
        } else if (n.isArray() && !path.endsWith("tags")) {
            for (int i = 0; i < n.size(); i++) {
                flat(path + "." + i, n.get(i), out);
            }
        } else {
            out.put(path, n);
        }
    }
}
