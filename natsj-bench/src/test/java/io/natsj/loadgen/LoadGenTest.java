package io.natsj.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.NatsServer;
import io.natsj.NatsServerOptions;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The load generator at a tiny scale against natsj started in this JVM: every scenario completes and
 * its counts add up. CPU and memory figures are of this JVM (server and generator together), so only
 * their presence is checked.
 */
class LoadGenTest {
    private static final long TIMEOUT_MILLIS = 20_000;
    private static NatsServer server;
    private static Target target;

    @BeforeAll
    static void startServer() {
        server = new NatsServer(NatsServerOptions.builder().host("127.0.0.1").port(0).build()).start();
        target = new Target("natsj", "127.0.0.1", server.port(), ProcessHandle.current().pid());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @ParameterizedTest
    @CsvSource({
        "pub, 1, 0, false, 16", "pub, 1, 0, false, 1024",
        "pubsub, 1, 1, false, 16", "pubsub, 1, 1, false, 65536",
        "fanout, 1, 4, false, 16", "fanin, 4, 1, false, 1024",
        "queue, 1, 4, true, 16", "queue, 1, 4, true, 1024"})
    void throughputRunsDeliverEveryMessage(String name, int pubs, int subs, boolean queue, int size) throws Exception {
        long n = size > 1024 ? 200 : 5_000;
        RunResult r = new Throughput(name, pubs, subs, queue, size, n).run(target, 1, TIMEOUT_MILLIS);
        assertTrue(r.ok(), r.rawLine(""));
        long expected = subs == 0 || queue ? n : n * subs;
        assertEquals(expected, (long) r.get("msgs"), r.rawLine(""));
        assertTrue(r.get("msgs_per_s") > 0 && r.get("server_ns_per_msg") > 0, r.rawLine(""));
    }

    @Test
    void requestReplyAnswersEveryRequest() throws Exception {
        RunResult r = new ReqRep(1024, 300, 50).run(target, 1, TIMEOUT_MILLIS);
        assertTrue(r.ok(), r.rawLine(""));
        assertEquals(300, (long) r.get("msgs"));
        assertTrue(r.get("p50_us") > 0 && r.get("p50_us") <= r.get("p99_us") && r.get("p99_us") <= r.get("p999_us"),
                r.rawLine(""));
    }

    @Test
    void idleConnectionsAreAllHeld() throws Exception {
        RunResult r = new IdleConns(300, 0).run(target, 1, TIMEOUT_MILLIS);
        assertTrue(r.ok(), r.rawLine(""));
        assertTrue(r.get("rss_kib") > 0, r.rawLine(""));
    }

    @Test
    void manySubscriptionsWithNoneMatching() throws Exception {
        RunResult r = new ManySubs(false, 20, 2_000, 16, 20_000).run(target, 1, TIMEOUT_MILLIS);
        assertTrue(r.ok(), r.rawLine(""));
        assertTrue(r.get("ratio") > 0, r.rawLine(""));
    }

    @Test
    void manySubscriptionsWithSomeMatchingDeliverToThem() throws Exception {
        RunResult r = new ManySubs(true, 20, 2_000, 16, 5_000).run(target, 1, TIMEOUT_MILLIS);
        assertTrue(r.ok(), r.rawLine(""));
        assertTrue(r.get("ratio") > 0, r.rawLine(""));
    }

    @Test
    void aStalledSubscriberIsCutAndTheFastOnesLoseNothing() throws Exception {
        // A small max_pending, so the cut comes in a second or two (the publisher is stalled at half of
        // it, and each stall ends after at most a second); the write deadline is kept out of the way.
        NatsServerOptions options = NatsServerOptions.builder().host("127.0.0.1").port(0)
                .maxPending(1024 * 1024).writeDeadline(Duration.ofSeconds(60)).build();
        try (NatsServer small = new NatsServer(options).start()) {
            Target t = new Target("natsj", "127.0.0.1", small.port(), -1);
            RunResult r = new Stalled(1024, 2_000).run(t, 1, TIMEOUT_MILLIS);
            assertTrue(r.ok(), r.rawLine(""));
            assertEquals(Boolean.TRUE, r.value("cut"), r.rawLine(""));
            assertEquals(0L, ((Number) r.value("fast_lost")).longValue(), r.rawLine(""));
            assertEquals(0L, ((Number) r.value("fast_out_of_order")).longValue(), r.rawLine(""));
            assertEquals(Boolean.TRUE, r.value("stalled_eof"), r.rawLine(""));
            assertTrue(r.get("published") > r.get("published_before_cut"), r.rawLine(""));
        }
    }
}
