package io.natsj.monitor;

import static io.natsj.monitor.FakeSource.T0;
import static io.natsj.monitor.FakeSource.conn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** /connz sorting, paging and filtering, nats-server's quirks included. */
class ConnzTest {
    private static final Instant NOW = T0.plusSeconds(100);
    private static final Pattern CID = Pattern.compile("\"cid\": (\\d+),\n      \"kind\"");

    private final FakeSource src = new FakeSource();

    ConnzTest() {
        src.open.add(conn(1, "$G", "alice", 5, 1, 2, 0, 50));
        src.open.add(conn(2, "$G", "bob", 9, 3, 0, 10, 20));
        src.open.add(conn(3, "A", "carol", 1, 7, 4, 30, 90));
        src.closed.add(FakeSource.closed(conn(4, "$G", "dave", 2, 2, 1, 5, 6), 40, "Client Closed"));
        src.closed.add(FakeSource.closed(conn(5, "A", "erin", 0, 0, 0, 7, 8), 8, "Authentication Failure"));
        src.subs.put("A", new ArrayList<>());
    }

    private String render(Connz.Options o) throws MonitorRequestException {
        return Connz.render(src, o, NOW, true);
    }

    private static Connz.Options sorted(String sort, ConnState state) {
        return new Connz.Options(sort, false, false, false, 0, 0, 0, state, "", "", "", "");
    }

    private static List<Long> cids(String json) {
        List<Long> out = new ArrayList<>();
        Matcher m = CID.matcher(json);
        while (m.find()) {
            out.add(Long.parseLong(m.group(1)));
        }
        return out;
    }

    @Test
    void sortsAsNatsServer() throws Exception {
        assertEquals(List.of(1L, 2L, 3L), cids(render(sorted("", ConnState.OPEN))));
        assertEquals(List.of(1L, 2L, 3L), cids(render(sorted("start", ConnState.OPEN))));
        assertEquals(List.of(3L, 1L, 2L), cids(render(sorted("subs", ConnState.OPEN))));
        assertEquals(List.of(2L, 1L, 3L), cids(render(sorted("msgs_from", ConnState.OPEN))));
        assertEquals(List.of(3L, 2L, 1L), cids(render(sorted("msgs_to", ConnState.OPEN))));
        assertEquals(List.of(2L, 1L, 3L), cids(render(sorted("bytes_from", ConnState.OPEN))));
        assertEquals(List.of(3L, 1L, 2L), cids(render(sorted("last", ConnState.OPEN))));
        // byIdle compares last activity minus start: 50, 10, 60 seconds.
        assertEquals(List.of(3L, 1L, 2L), cids(render(sorted("idle", ConnState.OPEN))));
        // Uptime goes up (shortest first); a closed connection's ends at its stop.
        assertEquals(List.of(5L, 4L, 3L, 2L, 1L), cids(render(sorted("uptime", ConnState.ALL))));
        assertEquals(List.of(4L, 5L), cids(render(sorted("stop", ConnState.CLOSED))));
        assertEquals(List.of(5L, 4L), cids(render(sorted("reason", ConnState.CLOSED))));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), cids(render(sorted("cid", ConnState.ALL))));
    }

    @Test
    void refusesSortsAsNatsServer() {
        assertEquals("invalid sorting option: nope", refusal(sorted("nope", ConnState.OPEN)));
        assertEquals("sort by stop only valid on closed connections", refusal(sorted("stop", ConnState.ALL)));
        assertEquals("sort by reason only valid on closed connections", refusal(sorted("reason", ConnState.OPEN)));
        assertEquals("filter by subject only valid with account filtering",
                refusal(new Connz.Options("", false, false, false, 0, 0, 0, ConnState.OPEN, "", "", "", "s.1")));
    }

    private String refusal(Connz.Options o) {
        return assertThrows(MonitorRequestException.class, () -> render(o)).getMessage();
    }

    @Test
    void pagesAfterSorting() throws Exception {
        String page = render(new Connz.Options("msgs_from", false, false, false, 1, 1, 0, ConnState.OPEN, "", "", "", ""));
        assertEquals(List.of(1L), cids(page));
        assertTrue(page.contains("\"num_connections\": 1,\n  \"total\": 3,\n  \"offset\": 1,\n  \"limit\": 1,"), page);
        String beyond = render(new Connz.Options("", false, false, false, 9, 0, 0, ConnState.OPEN, "", "", "", ""));
        assertTrue(beyond.contains("\"num_connections\": 0,\n  \"total\": 3,\n  \"offset\": 9,\n  \"limit\": 1024,\n  \"connections\": []"), beyond);
        String negative = render(new Connz.Options("", false, false, false, -4, -1, 0, ConnState.OPEN, "", "", "", ""));
        assertTrue(negative.contains("\"offset\": 0,\n  \"limit\": 1024,"), negative);
    }

    @Test
    void cidLooksOnlyAmongClosedConnectionsWhenStateIsAny() throws Exception {
        String open = render(new Connz.Options("", false, false, false, 0, 0, 2, ConnState.OPEN, "", "", "", ""));
        assertEquals(List.of(2L), cids(open));
        assertTrue(open.contains("\"total\": 3,\n  \"offset\": 0,\n  \"limit\": 1,"), open);
        assertEquals(List.of(), cids(render(new Connz.Options("", false, false, false, 0, 0, 2, ConnState.ALL, "", "", "", ""))));
        assertEquals(List.of(4L), cids(render(new Connz.Options("", false, false, false, 0, 0, 4, ConnState.ALL, "", "", "", ""))));
    }

    @Test
    void filtersAsNatsServer() throws Exception {
        // The user filter leaves the total as it was.
        String user = render(new Connz.Options("", false, false, false, 0, 0, 0, ConnState.OPEN, "bob", "", "", ""));
        assertEquals(List.of(2L), cids(user));
        assertTrue(user.contains("\"num_connections\": 1,\n  \"total\": 3,"), user);
        assertEquals(List.of(3L, 5L), cids(render(new Connz.Options("", false, false, false, 0, 0, 0, ConnState.ALL, "", "A", "", ""))));
        // Closed connections of the global account are kept without an account name and never match acc=$G.
        assertEquals(List.of(1L, 2L), cids(render(new Connz.Options("", false, false, false, 0, 0, 0, ConnState.ALL, "", "$G", "", ""))));
        String unknown = render(new Connz.Options("", false, false, false, 0, 0, 0, ConnState.OPEN, "", "nope", "", ""));
        assertTrue(unknown.startsWith("{\n  \"server_id\": \"\",") && unknown.endsWith("\"connections\": null\n}"), unknown);
        assertEquals(List.of(1L), cids(render(new Connz.Options("", false, false, false, 0, 0, 0, ConnState.OPEN, "", "$G", "", "s.1"))));
        assertEquals(List.of(), cids(render(new Connz.Options("", false, false, false, 0, 0, 0, ConnState.NONE, "", "", "", ""))));
    }

    @Test
    void connectionMembersAsConnInfo() throws Exception {
        String auth = render(new Connz.Options("", true, false, true, 0, 0, 0, ConnState.ALL, "", "", "", ""));
        String c3 = auth.substring(auth.indexOf("\"cid\": 3,"), auth.indexOf("\"cid\": 4,"));
        assertTrue(c3.contains("\"rtt\": \"1.234567ms\",\n      \"uptime\": \"1m10s\",\n      \"idle\": \"10s\","), c3);
        assertTrue(c3.contains("\"authorized_user\": \"carol\",\n      \"account\": \"A\",\n      \"subscriptions_list_detail\": [\n"
                + "        {\n          \"subject\": \"s.3\",\n          \"sid\": \"1\",\n          \"msgs\": 0,\n          \"cid\": 3\n        }"), c3);
        String c4 = auth.substring(auth.indexOf("\"cid\": 4,"));
        assertTrue(c4.contains("\"stop\": \"2026-01-02T03:04:45Z\",\n      \"reason\": \"Client Closed\","), c4);
        assertTrue(c4.contains("\"authorized_user\": \"dave\",\n      \"subscriptions_list_detail\": [\n        {\n          \"account\": \"$G\","), c4);
        String list = render(new Connz.Options("", false, true, false, 0, 0, 1, ConnState.OPEN, "", "", "", ""));
        assertTrue(list.contains("\"subscriptions_list\": [\n        \"s.1\"\n      ]"), list);
        assertTrue(!list.contains("authorized_user"), list);
        assertEquals("{\"server_id\":\"NFAKE\",\"now\":\"2026-01-02T03:05:45Z\",\"num_connections\":0,\"total\":0,"
                + "\"offset\":0,\"limit\":1024,\"connections\":[]}",
                Connz.render(new FakeSource(), Connz.Options.DEFAULT, NOW, false));
    }

    @Test
    void rttAsGoDurationString() {
        assertEquals("0s", Connz.rtt(0));
        assertEquals("1ns", Connz.rtt(1));
        assertEquals("437µs", Connz.rtt(437_891));
        assertEquals("1.234567ms", Connz.rtt(1_234_567));
    }
}
