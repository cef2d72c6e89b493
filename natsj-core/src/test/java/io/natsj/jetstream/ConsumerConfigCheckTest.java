package io.natsj.jetstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ConsumerConfigCheck's paths one by one, with nats-server's exact errors; in particular the ones
 * its API cannot reach on one server (ConsumerApiGoldenTest covers the reachable ones against
 * recorded answers).
 */
class ConsumerConfigCheckTest {
    private static final StreamConfig ORDERS = stream("{\"name\":\"ORDERS\",\"subjects\":[\"orders.*\"]}");
    private static final StreamConfig WQ = stream("{\"name\":\"WQ\",\"subjects\":[\"wq.>\"],\"retention\":\"workqueue\"}");

    private static StreamConfig stream(String json) {
        try {
            String name = json.substring(9, json.indexOf('"', 9));
            return StreamCreate.validate(name, json, s -> null, false, 0, 0);
        } catch (StreamConfigCheck.Invalid e) {
            throw new AssertionError(e);
        }
    }

    private static ConsumerConfig config(String json) throws Exception {
        return ConsumerConfigJson.decode(json);
    }

    private static String refusal(ThrowingRunnable r) {
        ConsumerConfigCheck.Invalid e = assertThrows(ConsumerConfigCheck.Invalid.class, r::run);
        return e.error.code() + " " + e.error.errCode() + " " + e.error.description();
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static String checked(String json, StreamConfig s, ConsumerConfigCheck.Limits l) {
        return refusal(() -> ConsumerConfigCheck.check(config(json), s, n -> null, l));
    }

    @Test
    void createSubjects() throws Exception {
        assertNull(ConsumerConfigCheck.parseCreateSubject("$JS.API.CONSUMER.CREATE"), "nats-server answers nothing");
        assertEquals(new ConsumerConfigCheck.CreateSubject(ConsumerConfigCheck.CreateKind.LEGACY_EPHEMERAL, "S", "", ""),
                ConsumerConfigCheck.parseCreateSubject("$JS.API.CONSUMER.CREATE.S"));
        assertEquals(new ConsumerConfigCheck.CreateSubject(ConsumerConfigCheck.CreateKind.NAMED, "S", "C", ""),
                ConsumerConfigCheck.parseCreateSubject("$JS.API.CONSUMER.CREATE.S.C"));
        assertEquals(new ConsumerConfigCheck.CreateSubject(ConsumerConfigCheck.CreateKind.NAMED, "S", "C", ""),
                ConsumerConfigCheck.parseCreateSubject("$JS.API.CONSUMER.CREATE.S.C.a"), "a one-token filter is ignored");
        assertEquals(new ConsumerConfigCheck.CreateSubject(ConsumerConfigCheck.CreateKind.NAMED, "S", "C", "a.b.>"),
                ConsumerConfigCheck.parseCreateSubject("$JS.API.CONSUMER.CREATE.S.C.a.b.>"));
        assertEquals(new ConsumerConfigCheck.CreateSubject(ConsumerConfigCheck.CreateKind.LEGACY_DURABLE, "S", "D", ""),
                ConsumerConfigCheck.parseCreateSubject("$JS.API.CONSUMER.DURABLE.CREATE.S.D"));
        assertEquals("400 10016 consumer expected to be durable but no durable name set in subject",
                refusal(() -> ConsumerConfigCheck.parseCreateSubject("$JS.API.CONSUMER.DURABLE.CREATE.S")));
        assertEquals("400 10016 consumer expected to be durable but no durable name set in subject",
                refusal(() -> ConsumerConfigCheck.parseCreateSubject("$JS.API.CONSUMER.DURABLE.CREATE.S.D.x")));
    }

    @Test
    void requestAgainstSubject() throws Exception {
        ConsumerConfigCheck.CreateSubject named = ConsumerConfigCheck.parseCreateSubject("$JS.API.CONSUMER.CREATE.S.C");
        ConsumerConfig c = ConsumerConfigCheck.checkCreateRequest(named,
                ConsumerConfigJson.decodeCreateRequest("{\"stream_name\":\"S\",\"config\":{\"name\":\"other\"}}"));
        assertEquals("C", c.name(), "the subject's name wins");
        assertEquals("500 10074 replicas > 1 not supported in non-clustered mode", refusal(() -> ConsumerConfigCheck
                .checkCreateRequest(named, ConsumerConfigJson.decodeCreateRequest("{\"stream_name\":\"S\",\"config\":{\"num_replicas\":2}}"))));
        assertEquals("400 10056 stream name in subject does not match request", refusal(() -> ConsumerConfigCheck
                .checkCreateRequest(named, ConsumerConfigJson.decodeCreateRequest("{\"stream_name\":\"T\",\"config\":{\"num_replicas\":2}}"))));
    }

    @Test
    void defaults() throws Exception {
        ConsumerConfig pull = ConsumerConfigCheck.withDefaults(config("{\"ack_policy\":\"explicit\"}"), ConsumerConfigCheck.Limits.NONE);
        assertEquals(512, pull.maxWaiting());
        assertEquals(30_000_000_000L, pull.ackWaitNanos());
        assertEquals(-1, pull.maxDeliver());
        assertEquals(1000, pull.maxAckPending());
        assertEquals(0, pull.maxBatch());
        assertEquals(0, pull.inactiveThresholdNanos(), "the ephemeral's threshold comes with forNewConsumer");
        ConsumerConfig push = ConsumerConfigCheck.withDefaults(config("{\"deliver_subject\":\"d\",\"backoff\":[7]}"),
                new ConsumerConfigCheck.Limits(100, 10, 50, 0));
        assertEquals(0, push.maxWaiting());
        assertEquals(7, push.ackWaitNanos(), "backoff[0] even without acknowledgements");
        assertEquals(0, push.maxAckPending());
        assertEquals(0, push.maxBatch(), "the server's max_batch is for pull consumers");
        ConsumerConfig limited = ConsumerConfigCheck.withDefaults(config("{\"ack_policy\":\"all\"}"),
                new ConsumerConfigCheck.Limits(100, 10, 0, 0));
        assertEquals(100, limited.maxAckPending());
        assertEquals(10, limited.maxBatch());
        ConsumerConfig kept = ConsumerConfigCheck.withDefaults(config("{\"ack_policy\":\"all\",\"ack_wait\":-1,\"max_ack_pending\":-1,"
                + "\"max_waiting\":3,\"max_deliver\":-5}"), new ConsumerConfigCheck.Limits(100, 10, 50, 0));
        assertEquals(List.of(-1L, -1L, 3L, -5L), List.of(kept.ackWaitNanos(), kept.maxAckPending(), kept.maxWaiting(), kept.maxDeliver()),
                "only zero values are replaced");
    }

    @Test
    void checksNatsServerCannotReachOverItsApi() throws Exception {
        assertEquals("400 10126 consumer config replica count exceeds parent stream",
                checked("{\"num_replicas\":2}", ORDERS, ConsumerConfigCheck.Limits.NONE));
        assertEquals("400 10133 replicas count cannot be negative", checked("{\"num_replicas\":-1}", ORDERS, ConsumerConfigCheck.Limits.NONE));
        ConsumerConfig pull = ConsumerConfigCheck.check(config("{\"durable_name\":\"D\",\"ack_policy\":\"explicit\"}"), ORDERS, null,
                ConsumerConfigCheck.Limits.NONE);
        ConsumerConfig push = ConsumerConfigCheck.check(config("{\"durable_name\":\"D\",\"ack_policy\":\"explicit\",\"deliver_subject\":\"d\"}"),
                ORDERS, null, ConsumerConfigCheck.Limits.NONE);
        // Max waiting differs between pull (512) and push (0), so nats-server's API always says that first.
        assertEquals("500 10012 can not update pull consumer to push based",
                refusal(() -> ConsumerConfigCheck.checkUpdate(pull, withMaxWaiting(push, 512), false)));
        assertEquals("500 10012 can not update push consumer to pull based",
                refusal(() -> ConsumerConfigCheck.checkUpdate(push, withMaxWaiting(pull, 0), false)));
    }

    private static ConsumerConfig withMaxWaiting(ConsumerConfig c, long n) throws Exception {
        String json = ConsumerConfigJson.encode(c).replaceAll(",\"max_waiting\":\\d+", "");
        return ConsumerConfigJson.decode(json.replace("\"replay_policy\":\"instant\"", "\"replay_policy\":\"instant\",\"max_waiting\":" + n));
    }

    @Test
    void limits() {
        ConsumerConfigCheck.Limits l = new ConsumerConfigCheck.Limits(100, 10, 50, 0);
        assertEquals("400 10121 consumer max ack pending exceeds system limit of 100",
                checked("{\"ack_policy\":\"explicit\",\"max_ack_pending\":101}", ORDERS, l), "the server's limit first");
        assertEquals("400 10121 consumer max ack pending exceeds system limit of 50",
                checked("{\"ack_policy\":\"explicit\",\"max_ack_pending\":51}", ORDERS, l));
        assertEquals("400 10125 consumer max request batch exceeds server limit of 10", checked("{\"max_batch\":11}", ORDERS, l));
    }

    @Test
    void sampleFrequency() {
        assertEquals("400 10095 failed to parse consumer sampling configuration: strconv.Atoi: parsing \"1e3\": invalid syntax",
                checked("{\"sample_freq\":\"1e3%\"}", ORDERS, ConsumerConfigCheck.Limits.NONE));
        assertEquals("400 10095 failed to parse consumer sampling configuration: <nil>",
                checked("{\"sample_freq\":\"-1\"}", ORDERS, ConsumerConfigCheck.Limits.NONE));
        assertEquals("400 10095 failed to parse consumer sampling configuration: strconv.Atoi: parsing \"\\t5\": invalid syntax",
                checked("{\"sample_freq\":\"\\t5\"}", ORDERS, ConsumerConfigCheck.Limits.NONE));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"7|7", "+7|7", "-7|-7", "007|7", "9223372036854775807|9223372036854775807",
        "-9223372036854775808|-9223372036854775808", "123456789012345678|123456789012345678"})
    void atoiParses(String s, long v) {
        long[] out = new long[1];
        assertNull(ConsumerConfigCheck.atoi(s, out));
        assertEquals(v, out[0]);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"''|invalid syntax", "+|invalid syntax", "-|invalid syntax", "1_000|invalid syntax",
        "0x10|invalid syntax", "9223372036854775808|value out of range", "-9223372036854775809|value out of range",
        "99999999999999999999x|value out of range", "1234567890123456789x|invalid syntax", "١|invalid syntax"})
    void atoiRefuses(String s, String why) {
        assertEquals("strconv.Atoi: parsing " + io.natsj.protocol.GoQuote.quote(s) + ": " + why,
                ConsumerConfigCheck.atoi(s, new long[1]));
    }

    @Test
    void updates() throws Exception {
        Function<String, ConsumerConfig> c = json -> {
            try {
                return ConsumerConfigCheck.check(config(json), ORDERS, null, ConsumerConfigCheck.Limits.NONE);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        ConsumerConfig eph = ConsumerConfigCheck.forNewConsumer(c.apply("{\"name\":\"E\"}"));
        assertEquals(5_000_000_000L, eph.inactiveThresholdNanos());
        ConsumerConfig again = c.apply("{\"name\":\"E\",\"description\":\"d\"}");
        assertEquals(5_000_000_000L, ConsumerConfigCheck.checkUpdate(eph, again, false).inactiveThresholdNanos(),
                "an ephemeral updated to no threshold gets the default again");
        ConsumerConfig dur = c.apply("{\"durable_name\":\"D\",\"inactive_threshold\":9}");
        assertEquals(0, ConsumerConfigCheck.checkUpdate(dur, c.apply("{\"durable_name\":\"D\"}"), false).inactiveThresholdNanos());
        assertSame(again, ConsumerConfigCheck.checkUpdate(again, again, true), "the same configuration is no change");
        ConsumerConfig push = c.apply("{\"durable_name\":\"D\",\"deliver_subject\":\"a\"}");
        ConsumerConfig moved = c.apply("{\"durable_name\":\"D\",\"deliver_subject\":\"b\"}");
        assertEquals(moved, ConsumerConfigCheck.checkUpdate(push, moved, false));
        assertEquals("400 10013 consumer name already in use", refusal(() -> ConsumerConfigCheck.checkUpdate(push, moved, true)));
        ConsumerConfig timed = c.apply("{\"deliver_policy\":\"by_start_time\",\"opt_start_time\":\"2024-01-02T03:04:05Z\"}");
        assertSame(timed, ConsumerConfigCheck.checkUpdate(timed, timed, false));
        assertEquals("500 10012 start time can not be updated", refusal(() -> ConsumerConfigCheck.checkUpdate(timed,
                c.apply("{\"deliver_policy\":\"by_start_time\",\"opt_start_time\":\"2024-01-02T03:04:05Z\",\"description\":\"x\"}"),
                false)));
        ConsumerConfig nullStrings = new ConsumerConfig(null, null, null, dur.deliverPolicy(), 0, null, dur.ackPolicy(),
                dur.ackWaitNanos(), dur.maxDeliver(), List.of(), null, dur.replayPolicy(), 0, null, dur.maxWaiting(),
                dur.maxAckPending(), 0, false, false, 0, 0, 0, null, null, 0, 0, false, false);
        ConsumerConfig emptyStrings = c.apply("{}");
        assertSame(emptyStrings, ConsumerConfigCheck.checkUpdate(nullStrings, emptyStrings, false), "null and \"\" are the same");
    }

    @Test
    void newConsumers() throws Exception {
        ConsumerConfigCheck.Limits acc = new ConsumerConfigCheck.Limits(0, 0, 0, 2);
        ConsumerConfig c = config("{\"durable_name\":\"D\"}");
        ConsumerConfigCheck.checkNew(c, ORDERS, 1, List.of(""), acc);
        assertEquals("400 10026 maximum consumers limit reached", refusal(() -> ConsumerConfigCheck.checkNew(c, ORDERS, 2, List.of(), acc)));
        ConsumerConfig wq = config("{\"durable_name\":\"W\",\"ack_policy\":\"explicit\",\"filter_subject\":\"wq.a.*\"}");
        ConsumerConfigCheck.checkNew(wq, WQ, 1, List.of("wq.b"), ConsumerConfigCheck.Limits.NONE);
        assertEquals("400 10100 filtered consumer not unique on workqueue stream",
                refusal(() -> ConsumerConfigCheck.checkNew(wq, WQ, 1, List.of("wq.a.>"), ConsumerConfigCheck.Limits.NONE)));
        ConsumerConfigCheck.checkNew(wq, WQ, 1, List.of("wq.*.x"), ConsumerConfigCheck.Limits.NONE); // they share wq.a.x, but
        // neither is a subset of the other, which is all nats-server 2.9.10 checks
        assertEquals("400 10100 filtered consumer not unique on workqueue stream",
                refusal(() -> ConsumerConfigCheck.checkNew(wq, WQ, 0, List.of(""), ConsumerConfigCheck.Limits.NONE)),
                "a direct consumer without a filter counts too");
        ConsumerConfigCheck.checkNew(config("{\"direct\":true,\"deliver_subject\":\"d\"}"), WQ, 1, List.of(""),
                ConsumerConfigCheck.Limits.NONE);
        String longName = "é".repeat(128);
        assertEquals("400 10102 consumer name is too long, maximum allowed is 255", refusal(() -> ConsumerConfigCheck.checkNew(
                config("{\"durable_name\":\"" + longName + "\"}"), ORDERS, 0, List.of(), ConsumerConfigCheck.Limits.NONE)),
                "255 bytes of UTF-8, not 255 characters");
        ConsumerConfigCheck.checkNew(config("{\"name\":\"" + "x".repeat(300) + "\"}"), ORDERS, 0, List.of(),
                ConsumerConfigCheck.Limits.NONE); // nats-server checks the length of durable names only
        assertEquals("400 10103 durable name can not contain '.', '*', '>'", refusal(() -> ConsumerConfigCheck.checkNew(
                config("{\"name\":\"a b\"}"), ORDERS, 0, List.of(), ConsumerConfigCheck.Limits.NONE)));
        assertEquals("x", ConsumerConfigCheck.existingName(config("{\"name\":\"x\"}")));
        assertEquals("d", ConsumerConfigCheck.existingName(config("{\"name\":\"x\",\"durable_name\":\"d\"}")));
        assertNull(ConsumerConfigCheck.existingName(config("{}")));
    }

    @Test
    void filterSubjectsOfSourcedStreams() throws Exception {
        StreamConfig a = stream("{\"name\":\"A\",\"subjects\":[\"a.>\"]}");
        StreamConfig b = StreamCreate.validate("B", "{\"name\":\"B\",\"subjects\":[\"b\"],\"sources\":[{\"name\":\"A\"}]}",
                Map.of("A", a)::get, false, 0, 0);
        StreamConfig m = StreamCreate.validate("M", "{\"name\":\"M\",\"mirror\":{\"name\":\"B\"}}", Map.of("A", a, "B", b)::get,
                false, 0, 0);
        Function<String, StreamConfig> all = Map.of("A", a, "B", b, "M", m)::get;
        ConsumerConfigCheck.check(config("{\"filter_subject\":\"a.x\"}"), m, all, ConsumerConfigCheck.Limits.NONE);
        ConsumerConfigCheck.check(config("{\"filter_subject\":\"b\"}"), m, all, ConsumerConfigCheck.Limits.NONE);
        assertEquals("400 10093 consumer filter subject is not a valid subset of the interest subjects", refusal(
                () -> ConsumerConfigCheck.check(config("{\"filter_subject\":\"c\"}"), m, all, ConsumerConfigCheck.Limits.NONE)));
        assertEquals("400 10093 consumer filter subject is not a valid subset of the interest subjects", refusal(
                () -> ConsumerConfigCheck.check(config("{\"filter_subject\":\"a.x\"}"), m, n -> null, ConsumerConfigCheck.Limits.NONE)),
                "the origin's subjects are only known while it exists");
    }

    @Test
    void subjectRules() {
        assertTrue(ConsumerConfigCheck.isSubsetMatch("orders.x", "orders.*"));
        assertTrue(ConsumerConfigCheck.isSubsetMatch("orders.*", "orders.>"));
        assertTrue(ConsumerConfigCheck.isSubsetMatch("orders.x", "orders.*x"), "nats-server reads '*x' as a wildcard");
        assertFalse(ConsumerConfigCheck.isSubsetMatch("orders.>", "orders.*"));
        assertFalse(ConsumerConfigCheck.isSubsetMatch("orders", "orders.>"));
        assertFalse(ConsumerConfigCheck.isSubsetMatch(">", "orders.>"));
        assertFalse(ConsumerConfigCheck.isSubsetMatch("a..b", "a.*.b"));
        assertTrue(ConsumerConfigCheck.isLiteral("a.b*.c>"));
        assertFalse(ConsumerConfigCheck.isLiteral("a.*"));
        assertFalse(ConsumerConfigCheck.isLiteral(">"));
        assertTrue(ConsumerConfigCheck.isValidName("ok-name_1"));
        assertFalse(ConsumerConfigCheck.isValidName(""));
        assertFalse(ConsumerConfigCheck.isValidName("a\tb"));
    }

    @Test
    void ephemeralNames() {
        String n = ConsumerConfigCheck.ephemeralName("kzm4o930JC8BvTpjO6Bo0Y");
        assertTrue(n.matches("[0-9A-Za-z]{8}"), n);
        assertEquals(n, ConsumerConfigCheck.ephemeralName("kzm4o930JC8BvTpjO6Bo0Y"));
        // getHash's first byte of SHA-256("") is 0xe3 = 227, 227 % 62 = 41: 'f'
        assertEquals('f', ConsumerConfigCheck.ephemeralName("").charAt(0));
    }
}
