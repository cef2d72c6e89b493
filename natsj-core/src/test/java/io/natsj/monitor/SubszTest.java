package io.natsj.monitor;

import static io.natsj.monitor.FakeSource.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** /subsz figures, list, paging and test subject. */
class SubszTest {
    private final FakeSource src = new FakeSource();

    SubszTest() {
        src.subs.get("$G").addAll(List.of(new SubDetail("$G", "foo", null, "1", 3, 0, 4),
                new SubDetail("$G", "foo.*", "q", "2", 1, 0, 4), new SubDetail("$G", "bar.>", null, "3", 0, 5, 5)));
        src.subs.get("$SYS").add(new SubDetail("$SYS", "$SYS.REQ.>", null, "1", 0, 0, 1));
        src.stats.put("$G", new SublistStats(3, 2, 4, 1, 8, 2, 2, 3));
        src.stats.put("$SYS", new SublistStats(1, 1, 1, 0, 2, 1, 1, 1));
    }

    private String http(Subsz.Options o) throws MonitorRequestException {
        return Subsz.render(src, o, T0, true, true);
    }

    @Test
    void figuresOnlyWithoutAList() throws Exception {
        assertEquals("{\n  \"num_subscriptions\": 4,\n  \"num_cache\": 3,\n  \"num_inserts\": 5,\n  \"num_removes\": 1,\n"
                + "  \"num_matches\": 10,\n  \"cache_hit_rate\": 0.3,\n  \"max_fanout\": 2,\n  \"avg_fanout\": 1.3333333333333333\n}",
                http(Subsz.Options.DEFAULT));
        // Nothing passes the test subject: the figures only, over HTTP.
        assertTrue(http(new Subsz.Options(true, 0, 0, "", "nothing")).startsWith("{\n  \"num_subscriptions\""));
        String full = Subsz.render(src, new Subsz.Options(false, 0, 0, "$G", ""), T0, false, false);
        assertEquals("{\"server_id\":\"NFAKE\",\"now\":\"2026-01-02T03:04:05Z\",\"num_subscriptions\":3,\"num_cache\":2,"
                + "\"num_inserts\":4,\"num_removes\":1,\"num_matches\":8,\"cache_hit_rate\":0.25,\"max_fanout\":2,"
                + "\"avg_fanout\":1.5,\"total\":0,\"offset\":0,\"limit\":1024}", full);
    }

    @Test
    void listsPagesAndTests() throws Exception {
        String all = http(new Subsz.Options(true, 0, 0, "", ""));
        assertTrue(all.contains("\"total\": 4,\n  \"offset\": 0,\n  \"limit\": 1024,\n  \"subscriptions_list\": ["), all);
        String page = http(new Subsz.Options(true, 1, 1, "$G", ""));
        assertTrue(page.contains("\"total\": 1,\n  \"offset\": 1,\n  \"limit\": 1,"), page);
        assertTrue(page.contains("{\n      \"account\": \"$G\",\n      \"subject\": \"foo.*\",\n      \"qgroup\": \"q\",\n"
                + "      \"sid\": \"2\",\n      \"msgs\": 1,\n      \"cid\": 4\n    }"), page);
        String tested = http(new Subsz.Options(true, 0, 0, "", "bar.x.y"));
        assertTrue(tested.contains("\"total\": 1,") && tested.contains("\"max\": 5,"), tested);
        String foo = http(new Subsz.Options(true, 0, 0, "", "foo"));
        assertTrue(foo.contains("\"total\": 1,") && foo.contains("\"subject\": \"foo\","), foo);
    }

    @Test
    void optionsAndRefusals() throws Exception {
        assertEquals(new Subsz.Options(true, 2, 3, "A", "x"), Subsz.Options.fromQuery(ConnzOptionsTest.query(
                "subs", "true", "offset", "2", "limit", "3", "acc", "A", "test", "x")));
        assertEquals(new Subsz.Options(true, 2, 3, "A", "x"),
                Subsz.Options.fromJson("{\"subscriptions\":true,\"offset\":2,\"limit\":3,\"account\":\"A\",\"test\":\"x\"}"));
        assertEquals("Error decoding boolean for 'subs': strconv.ParseBool: parsing \"detail\": invalid syntax",
                assertThrows(MonitorRequestException.class, () -> Subsz.Options.fromQuery(ConnzOptionsTest.query("subs", "detail"))).getMessage());
        for (String bad : List.of("foo.*", "foo.>", "foo..bar", ".foo")) {
            assertEquals("invalid test subject, must be valid publish subject: " + bad,
                    assertThrows(MonitorRequestException.class, () -> http(new Subsz.Options(false, 0, 0, "", bad))).getMessage());
        }
    }
}
