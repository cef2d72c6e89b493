package io.natsj.monitor;

import static io.natsj.monitor.FakeSource.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The system-account entry: Go's JSON options in, json.Marshal's compact documents out. */
class MonitorEndpointsTest {
    private final FakeSource src = new FakeSource();

    MonitorEndpointsTest() {
        src.open.add(FakeSource.conn(1, "$G", "alice", 1, 2, 1, 0, 1));
    }

    @Test
    void rendersCompactDocumentsFromJsonOptions() throws Exception {
        assertEquals("{\"server_id\":\"NFAKE\",\"now\":\"2026-01-02T03:04:05Z\",\"num_connections\":1,\"total\":1,\"offset\":0,"
                + "\"limit\":1,\"connections\":[{\"cid\":1,\"kind\":\"Client\",\"type\":\"nats\",\"ip\":\"127.0.0.1\","
                + "\"port\":40001,\"start\":\"2026-01-02T03:04:05Z\",\"last_activity\":\"2026-01-02T03:04:06Z\","
                + "\"rtt\":\"1.234567ms\",\"uptime\":\"0s\",\"idle\":\"0s\",\"pending_bytes\":0,\"in_msgs\":1,\"out_msgs\":2,"
                + "\"in_bytes\":10,\"out_bytes\":20,\"subscriptions\":1,\"name\":\"c1\",\"lang\":\"java\",\"version\":\"2.0\","
                + "\"authorized_user\":\"alice\",\"subscriptions_list\":[\"s.1\"]}]}",
                MonitorEndpoints.connz(src, "{\"cid\":1,\"auth\":true,\"subscriptions\":true}", T0, null));
        assertEquals("{\"server_id\":\"NFAKE\",\"now\":\"2026-01-02T03:04:05Z\",\"num_subscriptions\":0,\"num_cache\":0,"
                + "\"num_inserts\":0,\"num_removes\":0,\"num_matches\":0,\"cache_hit_rate\":0,\"max_fanout\":0,"
                + "\"avg_fanout\":0,\"total\":0,\"offset\":0,\"limit\":1024}", MonitorEndpoints.subsz(src, null, T0, null));
        assertEquals("{\"server_id\":\"NFAKE\",\"now\":\"2026-01-02T03:04:05Z\",\"num_routes\":0,\"routes\":[]}",
                MonitorEndpoints.routez(src, "{\"subscriptions_detail\":true}", T0));
        assertEquals("{\"server_id\":\"NFAKE\",\"now\":\"2026-01-02T03:04:05Z\",\"outbound_gateways\":{},\"inbound_gateways\":{}}",
                MonitorEndpoints.gatewayz(src, "{\"name\":\"x\",\"accounts\":true}", T0));
        assertEquals("{\"server_id\":\"NFAKE\",\"now\":\"2026-01-02T03:04:05Z\",\"leafnodes\":0,\"leafs\":null}",
                MonitorEndpoints.leafz(src, "", T0, null));
        assertEquals("{\"server_id\":\"NFAKE\",\"now\":\"2026-01-02T03:04:05Z\",\"system_account\":\"$SYS\","
                + "\"accounts\":[\"$G\",\"$SYS\"]}", MonitorEndpoints.accountz(src, "{}", T0));
        assertEquals("{\"server_id\":\"NFAKE\",\"now\":\"2026-01-02T03:04:05Z\",\"account_statz\":[{\"acc\":\"$SYS\",\"conns\":0,"
                + "\"leafnodes\":0,\"total_conns\":0,\"sent\":{\"msgs\":1,\"bytes\":2},\"received\":{\"msgs\":3,\"bytes\":4},"
                + "\"slow_consumers\":0}]}",
                MonitorEndpoints.accstatz(src, "{\"accounts\":[\"$SYS\",\"nope\"],\"include_unused\":true}", T0, null));
        assertEquals("{\"server_id\":\"NFAKE\",\"now\":\"2026-01-02T03:04:05Z\",\"disabled\":true,\"config\":{\"max_memory\":0,"
                + "\"max_storage\":0},\"memory\":0,\"storage\":0,\"reserved_memory\":0,\"reserved_storage\":0,\"accounts\":0,"
                + "\"ha_assets\":0,\"api\":{\"total\":0,\"errors\":0},\"streams\":0,\"consumers\":0,\"messages\":0,\"bytes\":0}",
                MonitorEndpoints.jsz(src, "{\"accounts\":true}", T0, null));
    }

    @Test
    void refusesAsNatsServer() {
        assertEquals("filtered response: not leader",
                assertThrows(MonitorEndpoints.Refused.class, () -> MonitorEndpoints.jsz(src, "{\"leader_only\":true}", T0, null)).getMessage());
        assertEquals("Account X does not exist",
                assertThrows(MonitorEndpoints.Refused.class, () -> MonitorEndpoints.accountz(src, "{\"account\":\"X\"}", T0)).getMessage());
        assertEquals("json: cannot unmarshal string into Go struct field AccountStatzEventOptions.accounts of type []string",
                assertThrows(MonitorRequestException.class, () -> MonitorEndpoints.accstatz(src, "{\"accounts\":\"A\"}", T0, null)).getMessage());
        assertEquals("json: cannot unmarshal number into Go struct field AccountStatzEventOptions.accounts of type string",
                assertThrows(MonitorRequestException.class, () -> MonitorEndpoints.accstatz(src, "{\"accounts\":[1]}", T0, null)).getMessage());
        assertEquals("invalid sorting option: x",
                assertThrows(MonitorEndpoints.Refused.class, () -> MonitorEndpoints.connz(src, "{\"sort\":\"x\"}", T0, null)).getMessage());
        // nats-server answers a request its endpoint refuses with 500, whatever the HTTP port would say.
        assertThrows(MonitorEndpoints.Refused.class, () -> MonitorEndpoints.subsz(src, "{\"test\":\"a.*\"}", T0, null));
    }

    @Test
    void optionsOfTheSmallerEndpoints() throws Exception {
        assertEquals(new Routez.Options(false, true), Routez.Options.fromQuery(ConnzOptionsTest.query("subs", "detail")));
        assertEquals(new Gatewayz.Options("g", true, "A"),
                Gatewayz.Options.fromQuery(ConnzOptionsTest.query("gw_name", "g", "acc_name", "A")));
        assertEquals(new Gatewayz.Options("g", false, "A"),
                Gatewayz.Options.fromJson("{\"name\":\"g\",\"account_name\":\"A\"}"));
        assertEquals(new Leafz.Options(true, "A"), Leafz.Options.fromQuery(ConnzOptionsTest.query("subs", "1", "acc", "A")));
        assertEquals(new Accountz.Options("A"), Accountz.Options.fromQuery(ConnzOptionsTest.query("acc", "A", "unused", "x")));
        assertEquals(new AccountStatz.Options(List.of(), true),
                AccountStatz.Options.fromQuery(ConnzOptionsTest.query("unused", "1", "accs", "A")));
        assertEquals(new Jsz.Options("A", true, false, true, false, true, 2, 3), Jsz.Options.fromQuery(ConnzOptionsTest.query(
                "acc", "A", "accounts", "1", "consumers", "true", "leader-only", "T", "offset", "2", "limit", "3")));
        assertEquals(new Jsz.Options("A", true, true, true, true, true, 2, 3), Jsz.Options.fromJson("{\"account\":\"A\","
                + "\"accounts\":true,\"streams\":true,\"consumer\":true,\"config\":true,\"leader_only\":true,\"offset\":2,\"limit\":3}"));
    }
}
