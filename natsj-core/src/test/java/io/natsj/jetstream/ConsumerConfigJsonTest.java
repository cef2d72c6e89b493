package io.natsj.jetstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ConsumerConfigJson on its own (ConsumerApiGoldenTest checks it against nats-server's answers). */
class ConsumerConfigJsonTest {
    private static final ConsumerConfig FULL = new ConsumerConfig("dur", "dur", "all of it", ConsumerConfig.DeliverPolicy.BY_START_TIME,
            0, Instant.parse("2024-01-02T03:04:05.000000009Z"), ConsumerConfig.AckPolicy.EXPLICIT, 5_000_000_000L, 7,
            List.of(1_000_000_000L, 0L), "orders.>", ConsumerConfig.ReplayPolicy.ORIGINAL, -1L, "50%", 0, 20,
            1_000_000_000L, true, true, 7, 30_000_000_000L, 1024, "dlv.x", "grp", 60_000_000_000L, 1, true, true);

    @Test
    void writesEveryFieldInNatsServersOrder() {
        assertEquals("{\"durable_name\":\"dur\",\"name\":\"dur\",\"description\":\"all of it\",\"deliver_policy\":\"by_start_time\","
                + "\"opt_start_time\":\"2024-01-02T03:04:05.000000009Z\",\"ack_policy\":\"explicit\",\"ack_wait\":5000000000,"
                + "\"max_deliver\":7,\"backoff\":[1000000000,0],\"filter_subject\":\"orders.\\u003e\",\"replay_policy\":\"original\","
                + "\"rate_limit_bps\":18446744073709551615,\"sample_freq\":\"50%\",\"max_ack_pending\":20,"
                + "\"idle_heartbeat\":1000000000,\"flow_control\":true,\"headers_only\":true,\"max_batch\":7,"
                + "\"max_expires\":30000000000,\"max_bytes\":1024,\"deliver_subject\":\"dlv.x\",\"deliver_group\":\"grp\","
                + "\"inactive_threshold\":60000000000,\"num_replicas\":1,\"mem_storage\":true,\"direct\":true}",
                ConsumerConfigJson.encode(FULL));
    }

    @Test
    void zeroValuesAreLeftOutExceptThePoliciesAndReplicas() {
        assertEquals("{\"deliver_policy\":\"all\",\"ack_policy\":\"none\",\"replay_policy\":\"instant\",\"num_replicas\":0}",
                ConsumerConfigJson.encode(ConsumerConfigJson.EMPTY));
        ConsumerConfig nulls = new ConsumerConfig(null, null, null, ConsumerConfig.DeliverPolicy.NEW, 5, null,
                ConsumerConfig.AckPolicy.ALL, -1, -1, List.of(), null, ConsumerConfig.ReplayPolicy.INSTANT, 0, null, -3, -1, -1,
                false, false, -1, -1, -1, null, null, -1, -1, false, false);
        assertEquals("{\"deliver_policy\":\"new\",\"opt_start_seq\":5,\"ack_policy\":\"all\",\"ack_wait\":-1,\"max_deliver\":-1,"
                + "\"replay_policy\":\"instant\",\"max_waiting\":-3,\"max_ack_pending\":-1,\"idle_heartbeat\":-1,\"max_batch\":-1,"
                + "\"max_expires\":-1,\"max_bytes\":-1,\"inactive_threshold\":-1,\"num_replicas\":-1}",
                ConsumerConfigJson.encode(nulls), "null strings are Go's empty strings; negative numbers are not empty");
    }

    @Test
    void roundTrips() throws Exception {
        assertEquals(FULL, ConsumerConfigJson.decode(ConsumerConfigJson.encode(FULL)));
        assertEquals(ConsumerConfigJson.EMPTY, ConsumerConfigJson.decode(ConsumerConfigJson.encode(ConsumerConfigJson.EMPTY)));
        ConsumerConfigJson.CreateRequest r = ConsumerConfigJson.decodeCreateRequest(
                "{\"stream_name\":\"S\",\"config\":" + ConsumerConfigJson.encode(FULL) + "}");
        assertEquals(new ConsumerConfigJson.CreateRequest("S", FULL), r);
    }

    @Test
    void readsAsGoReads() throws Exception {
        ConsumerConfig c = config("{\"Durable_Name\":\"a\",\"DURABLE_NAME\":\"b\",\"unknown\":[1,{}],\"description\":\"x\","
                + "\"description\":null,\"backoff\":[null,5],\"Ack_Wait\":7}");
        assertEquals("b", c.durable(), "keys in any case, the last wins");
        assertEquals("x", c.description(), "null leaves a string alone");
        assertEquals(List.of(0L, 5L), c.backoffNanos(), "a null element is 0");
        assertEquals(7, c.ackWaitNanos());
        assertEquals(List.of(), config("{\"backoff\":[1],\"backoff\":null}").backoffNanos(), "null clears a slice");
        assertNull(config("{\"opt_start_time\":\"2024-01-02T03:04:05Z\",\"opt_start_time\":null}").optStartTime(),
                "null clears a pointer");
        ConsumerConfigJson.CreateRequest r = ConsumerConfigJson.decodeCreateRequest(
                "{\"stream_name\":\"S\",\"config\":{\"name\":\"n\"},\"config\":null,\"CONFIG\":{\"ack_policy\":\"all\"}}");
        assertEquals("n", r.config().name(), "repeated config objects fill one struct");
        assertEquals(ConsumerConfig.AckPolicy.ALL, r.config().ackPolicy());
        assertEquals(new ConsumerConfigJson.CreateRequest("", ConsumerConfigJson.EMPTY), ConsumerConfigJson.decodeCreateRequest("null"));
        assertEquals(ConsumerConfigJson.EMPTY, ConsumerConfigJson.decodeCreateRequest("{\"stream_name\":\"S\"}").config());
        assertEquals(-1L, config("{\"rate_limit_bps\":18446744073709551615}").rateLimitBps());
        assertEquals(0, config("{\"max_deliver\":-0}").maxDeliver());
        assertEquals(ConsumerConfig.DeliverPolicy.ALL, config("{\"deliver_policy\":\"last\",\"deliver_policy\":\"undefined\"}")
                .deliverPolicy());
        assertEquals(ConsumerConfig.AckPolicy.EXPLICIT, config("{\"ack\\u005fpolicy\":\"explicit\"}").ackPolicy(),
                "an escaped key is fine, only the value's raw text matters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "{", "[]", "5", "\"x\"", "{\"config\":\"x\"}", "{\"config\":[]}", "{\"stream_name\":5}",
        "{\"config\":{\"ack_policy\":\"ALL\"}}", "{\"config\":{\"ack_policy\":null}}", "{\"config\":{\"ack_policy\":2}}",
        "{\"config\":{\"ack_policy\":\"undefined\"}}", "{\"config\":{\"deliver_policy\":\"Last\"}}",
        "{\"config\":{\"deliver_policy\":null}}", "{\"config\":{\"replay_policy\":\"\"}}",
        "{\"config\":{\"ack_policy\":\"\\u0065xplicit\"}}", "{\"config\":{\"ack_policy\":\"bad\"},\"config\":{\"ack_policy\":\"all\"}}",
        "{\"config\":{\"max_deliver\":2.0}}", "{\"config\":{\"max_deliver\":1e1}}", "{\"config\":{\"max_deliver\":\"1\"}}",
        "{\"config\":{\"max_deliver\":9223372036854775808}}", "{\"config\":{\"opt_start_seq\":-1}}",
        "{\"config\":{\"opt_start_seq\":-0}}", "{\"config\":{\"rate_limit_bps\":18446744073709551616}}",
        "{\"config\":{\"flow_control\":\"true\"}}", "{\"config\":{\"flow_control\":1}}", "{\"config\":{\"backoff\":\"1s\"}}",
        "{\"config\":{\"backoff\":[\"1s\"]}}", "{\"config\":{\"backoff\":[1.5]}}", "{\"config\":{\"opt_start_time\":5}}",
        "{\"config\":{\"name\":5}}", "{\"config\":{\"max_waiting\":1,\"max_waiting\":\"x\"}}"})
    void refusesWhatNatsServerCallsInvalidJson(String body) {
        assertThrows(ConsumerConfigJson.InvalidJson.class, () -> ConsumerConfigJson.decodeCreateRequest(body));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-01-02T03:04:05Z=2024-01-02T03:04:05Z", "2024-01-02T3:04:05Z=2024-01-02T03:04:05Z",
        "2024-01-02T03:04:05,5Z=2024-01-02T03:04:05.5Z", "2024-01-02T03:04:05.1234567891Z=2024-01-02T03:04:05.123456789Z",
        "2024-01-02T03:04:05+01:00=2024-01-02T02:04:05Z", "2024-01-02T03:04:05-07:30=2024-01-02T10:34:05Z",
        "2024-01-02T03:04:05+25:00=2024-01-01T02:04:05Z", "2024-01-02T03:04:05+01:60=2024-01-02T01:04:05Z",
        "2024-02-29T00:00:00Z=2024-02-29T00:00:00Z", "0000-01-01T00:00:00Z=0000-01-01T00:00:00Z",
        "2024-01-02T03:04:05-00:00=2024-01-02T03:04:05Z"})
    void parsesTimesAsGo119(String pair) throws Exception {
        String[] p = pair.split("=");
        assertEquals(Instant.parse(p[1]), ConsumerConfigJson.rfc3339(p[0]));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-01-02t03:04:05Z", "2024-01-02T03:04:05z", "2024-02-30T00:00:00Z", "2023-02-29T00:00:00Z",
        "2024-00-01T00:00:00Z", "2024-01-00T00:00:00Z", "2024-01-02T24:00:00Z", "2024-01-02T03:04:60Z", "2024-01-02T03:04:05",
        "2024-01-02T03:04:05+0100", "2024-1-02T03:04:05Z", "2024-01-02 03:04:05Z", "2024-01-02T03:04:05.Z",
        "2024-01-02T03:04:05ZX", "2024-01-02T03:4:05Z", "2024-01-02T003:04:05Z", "", "yesterday", "24-01-02T03:04:05Z"})
    void refusesTimesGo119Refuses(String s) {
        assertThrows(ConsumerConfigJson.InvalidJson.class, () -> ConsumerConfigJson.rfc3339(s));
    }

    private static ConsumerConfig config(String json) throws ConsumerConfigJson.InvalidJson {
        return ConsumerConfigJson.decode(json);
    }
}
