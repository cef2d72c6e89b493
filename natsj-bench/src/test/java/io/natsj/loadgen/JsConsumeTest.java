package io.natsj.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.natsj.loadgen.FakeJetStreamServer.Fault;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The consumer scenarios: against nats-server with JetStream (when it is on the PATH) every message
 * is read and acknowledged; against a {@link FakeJetStreamServer} a flow-control request is answered,
 * and a duplicate, a gap, a lost ack, a stall or an unanswered CONSUMER.CREATE each fail the run, the
 * last two within their bounds.
 */
class JsConsumeTest {
    private static final long TIMEOUT = 30_000;

    @TempDir
    Path dir;

    @Test
    void readsAndAcknowledgesEveryMessageFromNatsServer() throws Exception {
        assumeTrue(Machine.onPath("nats-server"), "no nats-server on the PATH");
        String spec = "nats-server -a 127.0.0.1 -p {port} -js -sd " + dir.resolve("store");
        try (ServerProcess server = ServerProcess.start("go", spec, false, dir.resolve("go.log"))) {
            for (JsConsume s : new JsConsume[] {
                new JsConsume(false, 16, 20_000, 500, null),
                new JsConsume(false, 1024, 3_000, 500, null),
                new JsConsume(true, 16, 5_000, 500, null),
                new JsConsume(true, 1024, 2_000, 64, null),
            }) {
                RunResult r = s.run(server.target(), 1, TIMEOUT);
                assertTrue(r.ok(), r.rawLine(""));
                long n = (long) r.get("n");
                assertEquals(n, (long) r.get("msgs"), r.rawLine(""));
                assertEquals(n, (long) r.get("info_delivered"), r.rawLine(""));
                assertTrue(r.get("msgs_per_s") > 0 && r.get("server_ns_per_msg") > 0, r.rawLine(""));
                if (s.key().contains("pull")) {
                    assertEquals(n, (long) r.get("acks"), r.rawLine(""));
                    assertEquals(n, (long) r.get("info_ack_floor"), r.rawLine(""));
                    assertEquals(0, (long) r.get("info_ack_pending"), r.rawLine(""));
                    assertTrue(r.get("pull_requests") > 1, r.rawLine(""));
                }
            }
        }
    }

    @Test
    void orderedPushAnswersFlowControl() throws Exception {
        RunResult r = againstFake(Fault.FLOW_CONTROL, false, 1_000, s -> { });
        assertTrue(r.ok(), r.rawLine(""));
        assertEquals(1_000, (long) r.get("msgs"));
        assertEquals(1, (long) r.get("fc_answered"));
        assertEquals(1_000, (long) r.get("info_delivered"));
    }

    @Test
    void pullAcknowledgesEveryMessage() throws Exception {
        RunResult r = againstFake(Fault.NONE, true, 2_000, s -> { });
        assertTrue(r.ok(), r.rawLine(""));
        assertEquals(2_000, (long) r.get("acks"));
        assertEquals(2_000, (long) r.get("info_ack_floor"));
        // batch 100, topped up to 100 once 50 or fewer are outstanding: at least 20 requests, at most
        // 39 (100 + 50 + 50 + ..., when each socket read brings few messages)
        long requests = (long) r.get("pull_requests");
        assertTrue(requests >= 20 && requests <= 39, r.rawLine(""));
    }

    @Test
    void aDuplicateFailsTheRun() throws Exception {
        RunResult r = againstFake(Fault.DUPLICATE, false, 100, s -> { });
        assertFalse(r.ok());
        assertEquals("error", r.status());
        assertTrue(r.why().contains("stream sequence 10 delivered again after 10"), r.why());
    }

    @Test
    void aGapFailsTheRun() throws Exception {
        RunResult r = againstFake(Fault.SKIP, true, 100, s -> { });
        assertFalse(r.ok());
        assertTrue(r.why().contains("stream sequences 10..10 skipped"), r.why());
    }

    @Test
    void aLostAckFailsTheRun() throws Exception {
        RunResult r = againstFake(Fault.LOSE_ACK, true, 300, s -> s.checkMillis = 300);
        assertFalse(r.ok());
        assertTrue(r.why().contains("CONSUMER.INFO") && r.why().contains("ack_floor stream_seq 299"), r.why());
        assertEquals(300, (long) r.get("acks"));
    }

    @Test
    void aStallFailsTheRunWithinItsBound() throws Exception {
        long t0 = System.nanoTime();
        RunResult r = againstFake(Fault.STALL, false, 100, s -> s.stallMillis = 500);
        assertFalse(r.ok());
        assertEquals("incomplete", r.status());
        assertTrue(r.why().contains("stalled: no message for 500 ms after 50 of 100"), r.why());
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L);
    }

    @Test
    void anUnansweredCreateFailsAtOnceAndLaterRunsAreNotMade() throws Exception {
        try (FakeJetStreamServer fake = new FakeJetStreamServer(Fault.NO_CONSUMERS)) {
            JsConsume push = new JsConsume(false, 16, 100, 100, null);
            push.apiTimeoutMillis = 500;
            long t0 = System.nanoTime();
            RunResult r = push.run(fake.target(), 1, TIMEOUT);
            assertFalse(r.ok());
            assertTrue(r.why().startsWith("no answer to $JS.API.CONSUMER.CREATE.BENCH_"), r.why());
            assertTrue(System.nanoTime() - t0 < 10_000_000_000L);
            long published = fake.published;

            RunResult again = new JsConsume(true, 1024, 100, 100, null).run(fake.target(), 1, TIMEOUT);
            assertFalse(again.ok());
            assertTrue(again.why().startsWith("not run: in an earlier run on this server, no answer to"), again.why());
            assertEquals(published, fake.published, "no stream filled for a run that is not made");
        }
    }

    private static RunResult againstFake(Fault fault, boolean pull, long n, java.util.function.Consumer<JsConsume> tune)
            throws Exception {
        try (FakeJetStreamServer fake = new FakeJetStreamServer(fault)) {
            JsConsume s = new JsConsume(pull, 16, n, 100, null);
            tune.accept(s);
            return s.run(fake.target(), 1, TIMEOUT);
        }
    }
}
