package io.natsj.loadgen;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import org.HdrHistogram.Histogram;

/**
 * One requester and one echoing responder, one request at a time, as a client library's request()
 * does it: the requester subscribes once to _INBOX.&lt;id&gt;.* and gives every request its own reply
 * subject under it (so the server routes a new subject each time); the responder answers on the
 * reply subject with a payload of the request's size. Latency is from writing the request to parsing
 * the reply, in the requester's one thread with no hand-off.
 */
final class ReqRep implements Scenario {
    private static final long REQUEST_TIMEOUT_MILLIS = 5_000;

    private final int size;
    private final long count;
    private final long warmRequests;

    ReqRep(int size, long count, long warmRequests) {
        this.size = size;
        this.count = count;
        this.warmRequests = warmRequests;
    }

    @Override
    public String key() {
        return "reqrep " + size;
    }

    @Override
    public RunResult run(Target target, double factor, long timeoutMillis) throws Exception {
        long n = Scenario.scaled(count, factor);
        String subject = Scenario.freshSubject("bench.rr");
        RunResult r = new RunResult(key(), target.name()).put("size", size).put("n", n);
        try (Responder responder = new Responder(target, subject, size);
                Requester requester = new Requester(target, subject, size)) {
            requester.run(Scenario.scaled(warmRequests, Math.min(1, factor * 10)), Long.MAX_VALUE, null);
            Histogram latency = new Histogram(3_600_000_000_000L, 3);
            System.gc();
            CpuWindow cpu = CpuWindow.start(target);
            long t0 = System.nanoTime();
            long done = requester.run(n, t0 + timeoutMillis * 1_000_000L, latency);
            CpuWindow.Usage usage = cpu.stop();
            double secs = (System.nanoTime() - t0) / 1e9;
            r.put("msgs", done).put("secs", secs).put("msgs_per_s", done / secs);
            if (done > 0) {
                r.put("p50_us", latency.getValueAtPercentile(50) / 1e3)
                        .put("p90_us", latency.getValueAtPercentile(90) / 1e3)
                        .put("p99_us", latency.getValueAtPercentile(99) / 1e3)
                        .put("p999_us", latency.getValueAtPercentile(99.9) / 1e3)
                        .put("max_us", latency.getMaxValue() / 1e3)
                        .put("mean_us", latency.getMean() / 1e3);
            }
            Report.putCpu(r, usage, done);
            if (requester.failure != null) {
                r.fail("error", requester.failure);
            } else if (done < n) {
                r.fail("incomplete", "timed out after " + done + " of " + n + " requests");
            }
            if (responder.failure != null) {
                r.fail("error", "responder: " + responder.failure);
            }
        }
        return r;
    }

    /** Answers each request on its reply subject, in its own thread. */
    private static final class Responder implements NatsConn.Tap, AutoCloseable {
        private final NatsConn conn;
        private final byte[] payload;
        private final Thread thread;
        private final byte[] frame = new byte[4096];
        private volatile boolean closing;
        volatile String failure;

        Responder(Target target, String subject, int size) throws IOException {
            payload = new byte[size];
            Arrays.fill(payload, (byte) 'r');
            conn = NatsConn.open(target, this, 0);
            conn.sendAscii("SUB " + subject + " 1\r\n");
            conn.flush(10_000);
            thread = new Thread(this::loop, "responder");
            thread.setDaemon(true);
            thread.start();
        }

        private void loop() {
            try {
                while (conn.readOnce() >= 0) {
                    conn.flushBuffer();
                }
            } catch (IOException | RuntimeException e) {
                if (!closing) {
                    failure = String.valueOf(e.getMessage());
                }
            }
        }

        @Override
        public boolean wantsMsgArgs() {
            return true;
        }

        /** args: "subject sid reply size": replies "PUB reply size" with a payload of that size. */
        @Override
        public void onMsgArgs(NatsConn c, byte[] buf, int off, int len) {
            int end = off + len;
            int sizeStart = end;
            while (sizeStart > off && buf[sizeStart - 1] != ' ') {
                sizeStart--;
            }
            int replyEnd = sizeStart - 1;
            int replyStart = replyEnd;
            while (replyStart > off && buf[replyStart - 1] != ' ') {
                replyStart--;
            }
            int at = 0;
            frame[at++] = 'P';
            frame[at++] = 'U';
            frame[at++] = 'B';
            frame[at++] = ' ';
            System.arraycopy(buf, replyStart, frame, at, end - replyStart);
            at += end - replyStart;
            frame[at++] = '\r';
            frame[at++] = '\n';
            try {
                c.send(frame, 0, at);
                c.send(payload, 0, payload.length);
                c.send(frame, at - 2, 2);
            } catch (IOException e) {
                failure = e.getMessage();
            }
        }

        @Override
        public void close() {
            closing = true;
            conn.close();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Sends requests one after the other from the calling thread and reads each reply itself. */
    private static final class Requester implements AutoCloseable {
        private final NatsConn conn;
        private final String subject;
        private final String inbox;
        private final byte[] payload;
        private final int size;
        private long next;
        String failure;

        Requester(Target target, String subject, int size) throws IOException {
            this.subject = subject;
            this.size = size;
            this.inbox = "_INBOX." + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
            payload = new byte[size];
            Arrays.fill(payload, (byte) 'q');
            conn = NatsConn.open(target);
            conn.sendAscii("SUB " + inbox + ".* 1\r\n");
            conn.flush(10_000);
        }

        /** Up to n requests before the deadline; records latencies when given a histogram. Returns how many got a reply. */
        long run(long n, long deadlineNanos, Histogram latency) throws IOException {
            ProtocolReader reader = conn.reader();
            conn.readTimeout((int) REQUEST_TIMEOUT_MILLIS);
            long done = 0;
            for (; done < n; done++) {
                long start = System.nanoTime();
                if (start > deadlineNanos) {
                    break;
                }
                conn.sendAscii("PUB " + subject + " " + inbox + "." + next++ + " " + size + "\r\n");
                conn.send(payload, 0, size);
                conn.sendAscii("\r\n");
                conn.flushBuffer();
                long before = reader.messages();
                try {
                    while (reader.messages() == before) {
                        if (conn.readOnce() < 0) {
                            failure = "connection closed by the server";
                            return done;
                        }
                    }
                } catch (SocketTimeoutException e) {
                    failure = "no reply within " + REQUEST_TIMEOUT_MILLIS + " ms";
                    return done;
                }
                long t = System.nanoTime() - start;
                if (reader.lastPayloadSize() != size) {
                    failure = "reply of " + reader.lastPayloadSize() + " bytes, not " + size;
                    return done;
                }
                if (conn.firstError() != null) {
                    failure = "-ERR " + conn.firstError();
                    return done;
                }
                if (latency != null) {
                    latency.recordValue(t);
                }
            }
            return done;
        }

        @Override
        public void close() {
            conn.close();
        }
    }
}
