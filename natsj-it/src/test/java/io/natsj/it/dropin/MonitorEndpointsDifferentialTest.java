package io.natsj.it.dropin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.natsj.it.support.ServerProcess.Binary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /subsz, /accountz, /accstatz, /routez, /gatewayz, /leafz and /jsz on natsj and on nats-server after
 * the same {@link MonitorScenario}: the same shapes and figures, and the same refusals of bad queries.
 *
 * <p>Both servers' system accounts put internal subscriptions in every account (the "$SYS." service
 * imports, three per account) and 40 in their own, so counts are compared as they are. nats-server
 * also lists the subscription of a service import under the account's internal client; natsj counts
 * it but lists client subscriptions only, so lists are compared for the scenario's clients.
 */
class MonitorEndpointsDifferentialTest {
    @TempDir
    static Path dir;
    private static MonitorScenario go;
    private static MonitorScenario natsj;

    @BeforeAll
    static void runScenario() throws Exception {
        go = MonitorScenario.start(Binary.GO, dir);
        natsj = MonitorScenario.start(Binary.NATSJ, dir);
    }

    @AfterAll
    static void stop() {
        if (go != null) {
            go.close();
        }
        if (natsj != null) {
            natsj.close();
        }
    }

    @Test
    void subszAsNatsServer() throws Exception {
        for (String q : List.of("", "?subs=0", "?acc=A", "?subs=1&acc=A&test=nothing.here")) {
            assertEquals(JsonShape.of(go.json("/subsz" + q)), JsonShape.of(natsj.json("/subsz" + q)), q);
        }
        assertEquals(JsonShape.of(go.json("/subsz")), JsonShape.of(natsj.json("/subscriptionsz")));
        for (String q : List.of("?subs=1&acc=A", "?subs=1&acc=B", "?subs=true&acc=A&test=orders.new",
                "?subs=1&acc=A&test=limited.x&offset=0&limit=1", "?subs=1&acc=A&test=orders.old&offset=1&limit=1",
                "?subs=1&acc=A&test=orders.new&offset=5")) {
            JsonNode g = go.json("/subsz" + q);
            JsonNode n = natsj.json("/subsz" + q);
            assertEquals(JsonShape.of(g), JsonShape.of(n), q);
            assertEquals(clientSubs(go, g), clientSubs(natsj, n), q);
            String acc = q.substring(q.indexOf("acc=") + 4).split("&")[0];
            assertEquals(g.get("num_subscriptions"), n.get("num_subscriptions"), q);
            for (String k : List.of("offset", "limit", "num_removes")) {
                assertEquals(g.get(k), n.get(k), q + " " + k);
            }
            if (q.contains("test=")) {
                assertEquals(g.get("total"), n.get("total"), q);
            }
        }
        JsonNode a = natsj.json("/subsz?subs=1&acc=A");
        assertEquals(7, a.get("num_subscriptions").asInt(), "4 of clients, 3 system imports");
        assertTrue(a.get("num_matches").asLong() > 0, a.toString());
    }

    /** The subscriptions of the scenario's clients, as comparable text (cids become names). */
    private static TreeSet<String> clientSubs(MonitorScenario s, JsonNode subsz) {
        TreeSet<String> out = new TreeSet<>();
        JsonNode list = subsz.get("subscriptions_list");
        if (list == null) {
            return out;
        }
        for (JsonNode d : list) {
            String name = s.nameOf(d.get("cid").asLong());
            if (d.get("subject").asText().startsWith("$SYS.") || !s.cids.containsKey(name)) {
                continue;
            }
            Map<String, String> m = new TreeMap<>();
            d.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
            m.put("cid", name);
            out.add(m.toString());
        }
        return out;
    }

    @Test
    void accountzAsNatsServer() throws Exception {
        JsonNode g = go.json("/accountz");
        JsonNode n = natsj.json("/accountz");
        assertEquals(JsonShape.of(g), JsonShape.of(n));
        assertEquals(g.get("system_account"), n.get("system_account"));
        assertEquals(names(g.get("accounts")), names(n.get("accounts")));
        assertEquals(new TreeSet<>(List.of("$G", "$SYS", "A", "B")), names(n.get("accounts")));
        for (String acc : List.of("A", "B", "$G")) {
            JsonNode gd = go.json("/accountz?acc=" + acc).get("account_detail");
            JsonNode nd = natsj.json("/accountz?acc=" + acc).get("account_detail");
            assertEquals(JsonShape.of(gd), JsonShape.of(nd), acc);
            for (String k : List.of("account_name", "is_system", "expired", "complete", "jetstream_enabled",
                    "leafnode_connections", "client_connections")) {
                assertEquals(gd.get(k), nd.get(k), acc + " " + k);
            }
            assertEquals(elements(gd.get("exports")), elements(nd.get("exports")), acc + " exports");
            assertEquals(elements(gd.get("imports")), elements(nd.get("imports")), acc + " imports");
            assertEquals(gd.get("subscriptions"), nd.get("subscriptions"), acc + " subscriptions");
        }
        assertTrue(natsj.json("/accountz?acc=$SYS").get("account_detail").get("is_system").asBoolean());
    }

    private static TreeSet<String> names(JsonNode array) {
        TreeSet<String> out = new TreeSet<>();
        array.forEach(e -> out.add(e.asText()));
        return out;
    }

    private static TreeSet<String> elements(JsonNode array) {
        TreeSet<String> out = new TreeSet<>();
        if (array != null) {
            array.forEach(e -> out.add(e.toString()));
        }
        return out;
    }

    @Test
    void accstatzAsNatsServer() throws Exception {
        for (String q : List.of("", "?unused=1", "?unused=false")) {
            JsonNode g = go.json("/accstatz" + q);
            JsonNode n = natsj.json("/accstatz" + q);
            assertEquals(JsonShape.of(g), JsonShape.of(n), q);
            assertEquals(byAccount(g), byAccount(n), q);
        }
        assertEquals(new TreeSet<>(List.of("A", "B")), byAccount(natsj.json("/accstatz")).keySet());
    }

    private static Map<String, String> byAccount(JsonNode statz) {
        Map<String, String> m = new TreeMap<>();
        statz.get("account_statz").forEach(a -> m.put(a.get("acc").asText(), a.toString()));
        return m;
    }

    @Test
    void endpointsWithoutClusteringAsNatsServer() throws Exception {
        for (String path : List.of("/routez", "/routez?subs=1", "/routez?subs=detail", "/gatewayz", "/gatewayz?accs=1&gw_name=x",
                "/gatewayz?acc_name=A", "/leafz", "/leafz?subs=true&acc=A", "/jsz", "/jsz?accounts=1&streams=1&consumers=1&config=1",
                "/jsz?acc=A&offset=2&limit=3")) {
            JsonNode g = go.json(path);
            JsonNode n = natsj.json(path);
            assertEquals(JsonShape.of(g), JsonShape.of(n), path);
            ObjectNode gv = g.deepCopy();
            ObjectNode nv = n.deepCopy();
            for (ObjectNode o : List.of(gv, nv)) {
                o.remove("server_id");
                o.remove("now");
            }
            assertEquals(gv, nv, path);
        }
    }

    /** The debugging endpoints: answered, not counted, a text dump under a JSON content type. */
    @Test
    void debuggingEndpointsAsNatsServer() throws Exception {
        for (String path : List.of("/ipqueuesz", "/ipqueuesz?all=1&queues=x", "/ipqueuesz?all=x", "/ipqueuesz?callback=cb")) {
            assertEquals(go.get(path), natsj.get(path), path);
        }
        String g = go.get("/stacksz");
        String n = natsj.get("/stacksz");
        assertEquals(g.substring(0, g.indexOf('|', g.indexOf('|') + 1)), n.substring(0, n.indexOf('|', n.indexOf('|') + 1)));
        assertTrue(n.contains("\"natsj-monitor\""), "the JVM's threads, the monitoring one among them");
        assertEquals(go.json("/varz").get("http_req_stats").has("/stacksz"), natsj.json("/varz").get("http_req_stats").has("/stacksz"));
    }

    @Test
    void badQueriesAnswerAsNatsServer() throws Exception {
        List<String> table = new ArrayList<>(List.of("/subsz?subs=x", "/subsz?subs=detail", "/subsz?offset=x", "/subsz?limit=1e3",
                "/subsz?test=foo.*", "/subsz?test=foo.%3E", "/subsz?test=a..b", "/subsz?test=.a", "/subsz?subs=1&test=a.",
                "/subscriptionsz?limit=x", "/routez?subs=x", "/routez?subs=DETAIL", "/gatewayz?accs=x", "/leafz?subs=x",
                "/accountz?acc=nope", "/accountz?acc=a", "/accstatz?unused=x", "/jsz?accounts=x", "/jsz?streams=x",
                "/jsz?consumers=x", "/jsz?config=x", "/jsz?offset=x", "/jsz?limit=x", "/jsz?leader-only=x",
                "/jsz?leader-only=true", "/jsz?leader-only=1&accounts=x", "/healthz?js-enabled-only=x"));
        for (String q : table) {
            String g = go.get(q);
            String n = natsj.get(q);
            if (g.startsWith("text/plain")) {
                assertEquals(g, n, q);
            } else {
                assertEquals(g.substring(0, g.indexOf('|', g.indexOf('|') + 1)), n.substring(0, n.indexOf('|', n.indexOf('|') + 1)), q);
            }
        }
        assertEquals(go.json("/varz").get("http_req_stats"), natsj.json("/varz").get("http_req_stats"));
    }
}
