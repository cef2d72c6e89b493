package io.natsj.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Paths, refusals and the request counts of the JSON endpoints. */
class MonitorRoutesTest {
    private final MonitorRoutes routes = new MonitorRoutes(new FakeSource(), "/");

    private MonitorRoutes.Response get(String path, String... kv) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            q.put(kv[i], List.of(kv[i + 1]));
        }
        return routes.handle(path, q);
    }

    @Test
    void badQueryIsA400InPlainText() {
        MonitorRoutes.Response r = get("/connz", "limit", "x");
        assertEquals(400, r.status());
        assertEquals("text/plain; charset=utf-8", r.contentType());
        assertEquals("Error decoding int for 'limit': strconv.Atoi: parsing \"x\": invalid syntax", r.body());
        assertEquals("filtered response: not leader", get("/jsz", "leader-only", "true").body());
        assertEquals("Account X does not exist", get("/accountz", "acc", "X").body());
    }

    @Test
    void countsAsNatsServer() {
        get("/connz", "auth", "bad");     // refused before counting
        get("/connz", "sort", "bad");     // counted, then refused
        get("/routez", "subs", "bad");    // refused before counting
        get("/subsz", "subs", "bad");     // counted first
        get("/subscriptionsz");           // counted as /subsz
        get("/gatewayz", "accs", "bad");  // counted first
        for (String p : List.of("/leafz", "/accountz", "/accstatz", "/jsz", "/routez")) {
            assertEquals(200, get(p).status(), p);
        }
        String varz = get("/varz").body();
        assertTrue(varz.contains("\"http_req_stats\": {\n    \"/accountz\": 1,\n    \"/accstatz\": 1,\n    \"/connz\": 1,\n"
                + "    \"/gatewayz\": 1,\n    \"/jsz\": 1,\n    \"/leafz\": 1,\n    \"/routez\": 1,\n    \"/subsz\": 2,\n"
                + "    \"/varz\": 1\n  }"), varz);
    }

    @Test
    void jsonpAndShapes() {
        MonitorRoutes.Response r = get("/leafz", "callback", "cb");
        assertEquals("application/javascript", r.contentType());
        assertTrue(r.body().startsWith("cb({") && r.body().endsWith("\"leafnodes\": 0,\n  \"leafs\": null\n})"), r.body());
        assertTrue(get("/gatewayz").body().endsWith("\"outbound_gateways\": {},\n  \"inbound_gateways\": {}\n}"));
        assertTrue(get("/routez").body().endsWith("\"num_routes\": 0,\n  \"routes\": []\n}"));
        assertTrue(get("/accountz").body().endsWith("\"system_account\": \"$SYS\",\n  \"accounts\": [\n    \"$G\",\n    \"$SYS\"\n  ]\n}"));
        String statz = get("/accstatz").body();
        assertTrue(statz.contains("\"acc\": \"$G\"") && !statz.contains("\"acc\": \"$SYS\""), statz);
        assertTrue(get("/accstatz", "unused", "1").body().contains("\"acc\": \"$SYS\""));
        assertEquals(404, get("/connz/").status());
    }
}
