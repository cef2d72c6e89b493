package io.natsj.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.JetStreamOptions;
import io.natsj.NatsServer;
import io.natsj.NatsServerOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JetStream publish scenarios count only real PubAcks: against natsj with JetStream every
 * message is acknowledged and stored; against a fake JetStream (a core NATS responder) that answers
 * one publish wrongly, the run fails instead of counting it.
 */
class JsPublishTest {
    private static final long TIMEOUT = 30_000;

    @TempDir
    Path store;

    @Test
    void countsEveryPubAckFromJetStream() throws Exception {
        NatsServerOptions options = NatsServerOptions.builder().host("127.0.0.1").port(0)
                .jetStream(JetStreamOptions.builder().enabled(true).storeDir(store.toString()).build()).build();
        try (NatsServer server = new NatsServer(options).start()) {
            Target target = new Target("natsj", "127.0.0.1", server.port(), -1);
            String disk = Machine.blockDevice(store);
            for (JsPublish s : new JsPublish[] {
                new JsPublish(false, "file", 16, 200, 1, 1, disk),
                new JsPublish(false, "memory", 1024, 200, 1, 1, disk),
                new JsPublish(true, "file", 1024, 3_000, 64, 1, disk),
                new JsPublish(true, "memory", 16, 5_000, 256, 3, disk),
            }) {
                RunResult r = s.run(target, 1, TIMEOUT);
                assertTrue(r.ok(), s.key() + ": " + r.status() + " " + r.why());
                long n = (long) r.get("n");
                assertEquals(n, (long) r.get("msgs"), s.key());
                assertEquals(n, (long) r.get("stored"), s.key());
                assertTrue(r.get("msgs_per_s") > 0 && r.get("p99_us") > 0, s.key());
                assertTrue(disk == null || r.get("disk_util") >= 0, s.key() + " on " + disk);
            }
        }
    }

    @Test
    void failsOnAnErrorAnswer() throws Exception {
        RunResult r = againstFake(seq -> seq == 50
                ? "{\"error\":{\"code\":503,\"err_code\":10077,\"description\":\"resource limits exceeded\"},\"stream\":\"X\",\"seq\":0}"
                : "{\"stream\":\"X\", \"seq\":" + seq + "}", 200, true);
        assertFalse(r.ok());
        assertEquals("error", r.status());
        assertTrue(r.why().contains("resource limits exceeded"), r.why());
        assertEquals(199, (long) r.get("msgs"));
    }

    @Test
    void failsOnARepeatedSequence() throws Exception {
        RunResult r = againstFake(seq -> "{\"stream\":\"X\", \"seq\":" + (seq == 7 ? 6 : seq) + "}", 100, false);
        assertFalse(r.ok());
        assertTrue(r.why().contains("sequence 6 acknowledged twice"), r.why());
    }

    @Test
    void failsOnADuplicate() throws Exception {
        RunResult r = againstFake(seq -> "{\"stream\":\"X\", \"seq\":" + seq + (seq == 3 ? ",\"duplicate\": true}" : "}"), 50, true);
        assertFalse(r.ok());
        assertTrue(r.why().contains("duplicate"), r.why());
    }

    @Test
    void failsOnAStatusAnswer() throws Exception {
        RunResult r = againstFake(seq -> seq == 5 ? STATUS_503 : "{\"stream\":\"X\", \"seq\":" + seq + "}", 50, false);
        assertFalse(r.ok());
        assertTrue(r.why().contains("NATS/1.0 503"), r.why());
    }

    /** What a no-responders answer is: headers only, a 503 status. */
    private static final String STATUS_503 = "NATS/1.0 503\r\n\r\n";

    /** Runs a JsPublish against natsj without JetStream, where a responder plays the JetStream API. */
    private static RunResult againstFake(LongFunction<String> ackFor, long n, boolean async) throws Exception {
        NatsServerOptions options = NatsServerOptions.builder().host("127.0.0.1").port(0).build();
        try (NatsServer server = new NatsServer(options).start()) {
            Target target = new Target("fake", "127.0.0.1", server.port(), -1);
            try (FakeJetStream fake = new FakeJetStream(target, ackFor, n)) {
                return new JsPublish(async, "file", 16, n, 16, 1, null).run(target, 1, TIMEOUT);
            }
        }
    }

    /** Answers $JS.API stream requests and publishes on js.bench.> with the PubAcks it is given. */
    private static final class FakeJetStream implements NatsConn.Tap, AutoCloseable {
        private final NatsConn conn;
        private final Thread thread;
        private final LongFunction<String> ackFor;
        private final long stored;
        private long seq;
        private volatile boolean closing;

        FakeJetStream(Target target, LongFunction<String> ackFor, long stored) throws IOException {
            this.ackFor = ackFor;
            this.stored = stored;
            conn = NatsConn.open(target, this, 0);
            conn.sendAscii("SUB $JS.API.> 1\r\nSUB js.bench.> 2\r\n");
            conn.flush(10_000);
            thread = new Thread(() -> {
                try {
                    while (conn.readOnce() >= 0) {
                        conn.flushBuffer();
                    }
                } catch (IOException e) {
                    if (!closing) {
                        throw new IllegalStateException(e);
                    }
                }
            }, "fake-js");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public boolean wantsPayload() {
            return true;
        }

        @Override
        public void onMessage(NatsConn c, byte[] args, int argsLen, byte[] payload, int payloadLen) {
            String[] a = new String(args, 0, argsLen, StandardCharsets.US_ASCII).split(" ");
            String subject = a[0];
            String reply = a[2];
            String answer;
            if (subject.startsWith("$JS.API.STREAM.CREATE.")) {
                answer = "{\"type\":\"io.nats.jetstream.api.v1.stream_create_response\",\"config\":{}}";
            } else if (subject.startsWith("$JS.API.STREAM.INFO.")) {
                answer = "{\"config\":{},\"state\":{\"messages\":" + stored + ",\"bytes\":0}}";
            } else if (subject.startsWith("$JS.API.STREAM.DELETE.")) {
                answer = "{\"success\":true}";
            } else {
                answer = ackFor.apply(++seq);
            }
            byte[] b = answer.getBytes(StandardCharsets.UTF_8);
            try {
                c.sendAscii(answer.startsWith("NATS/1.0") ? "HPUB " + reply + " " + b.length + " " + b.length + "\r\n"
                        : "PUB " + reply + " " + b.length + "\r\n");
                c.send(b, 0, b.length);
                c.sendAscii("\r\n");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() throws InterruptedException {
            closing = true;
            conn.close();
            thread.join(5_000);
        }
    }
}
