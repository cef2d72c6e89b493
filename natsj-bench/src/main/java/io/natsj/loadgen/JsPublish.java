package io.natsj.loadgen;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * JetStream publishing into a stream (js-pub-sync-file, js-pub-async-mem, ...): each run creates a
 * stream of its own ($JS.API.STREAM.CREATE, one subject, file or memory storage), publishes into it
 * and deletes it, so that every run starts from an empty stream.
 *
 * <p>Every publish has a reply subject of its own under one _INBOX.&lt;id&gt;.* subscription of the
 * publisher's connection, as a client library's JetStream publish does, and every answer is checked:
 * it must be a PubAck ({"stream":..,"seq":N}), not an error, a duplicate or a status message, for a
 * message not answered before, and the sequences of the run must be exactly 1..N. STREAM.INFO must
 * then count N messages. A run with any wrong answer is reported as failed, never counted.
 *
 * <ul>
 *   <li>sync: one publisher waits for each PubAck before the next publish (the client's
 *       {@code js.publish}); latency is from writing the PUB to parsing its PubAck.
 *   <li>async: each publisher keeps up to {@code window} publishes unanswered (the client's
 *       {@code publishAsync} with a pending limit), writing as many as the window allows in one
 *       write; a reader thread per connection counts the PubAcks. Latency is from the write that
 *       carried the PUB to its PubAck.
 * </ul>
 *
 * Counted: acknowledged messages / (first publish ... last PubAck).
 */
final class JsPublish implements Scenario {
    private static final int READ_TIMEOUT_MILLIS = 10_000;
    /** Publishes in flight while {@link #fill} fills a stream. */
    static final int FILL_WINDOW = 256;

    private final boolean async;
    private final String storage;
    private final int size;
    private final long count;
    private final int window;
    private final int pubs;
    private final String disk;

    /**
     * @param storage "file" or "memory"
     * @param window async: unanswered publishes allowed per publisher
     * @param disk the block device holding the servers' stores (its activity is recorded), or null
     */
    JsPublish(boolean async, String storage, int size, long count, int window, int pubs, String disk) {
        if (!storage.equals("file") && !storage.equals("memory")) {
            throw new IllegalArgumentException("storage file or memory: " + storage);
        }
        this.async = async;
        this.storage = storage;
        this.size = size;
        this.count = count;
        this.window = async ? window : 1;
        this.pubs = async ? pubs : 1;
        this.disk = disk;
    }

    @Override
    public String key() {
        return "js-pub-" + (async ? "async" : "sync") + "-" + (storage.equals("file") ? "file" : "mem") + " " + size;
    }

    @Override
    public boolean jetStream() {
        return true;
    }

    @Override
    public RunResult run(Target target, double factor, long timeoutMillis) throws Exception {
        long n = Math.max(pubs, Scenario.scaled(count, factor));
        String id = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
        String stream = "BENCH_" + id.toUpperCase(Locale.ROOT);
        String subject = "js.bench." + id;
        RunResult r = new RunResult(key(), target.name()).put("storage", storage).put("mode", async ? "async" : "sync")
                .put("pubs", pubs).put("window", window).put("size", size).put("n", n);
        try (JsAdmin admin = new JsAdmin(target)) {
            admin.createStream(stream, subject, storage);
            try {
                measure(target, subject, n, timeoutMillis, r);
                if (r.ok()) {
                    long stored = admin.messages(stream);
                    r.put("stored", stored);
                    if (stored != n) {
                        r.fail("error", "STREAM.INFO counts " + stored + " messages, " + n + " were acknowledged");
                    }
                }
            } finally {
                try {
                    admin.deleteStream(stream);
                } catch (IOException e) {
                    r.fail("error", e.getMessage());
                }
            }
        }
        return r;
    }

    private void measure(Target target, String subject, long n, long timeoutMillis, RunResult r) throws Exception {
        List<AckingPublisher> publishers = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        try {
            for (int i = 0; i < pubs; i++) {
                long share = n / pubs + (i < n % pubs ? 1 : 0);
                publishers.add(new AckingPublisher(target, subject, size, share, window, async));
            }
            System.gc();
            long[] disk0 = ProcStats.disk(disk);
            CpuWindow cpu = CpuWindow.start(target);
            long t0 = System.nanoTime();
            long deadline = t0 + timeoutMillis * 1_000_000L;
            for (AckingPublisher p : publishers) {
                p.start(start, finish, deadline);
            }
            start.countDown();
            boolean complete = true;
            for (AckingPublisher p : publishers) {
                complete &= p.await(deadline);
            }
            CpuWindow.Usage usage = cpu.stop();
            putDisk(r, disk0, ProcStats.disk(disk), usage.wallNanos());
            long end = 0;
            long acked = 0;
            long answered = 0;
            Histogram latency = new Histogram(3_600_000_000_000L, 3);
            for (AckingPublisher p : publishers) {
                end = Math.max(end, p.endNanos);
                acked += p.acked();
                answered += p.answered;
                latency.add(p.latency);
            }
            double secs = ((complete && end > 0 ? end : System.nanoTime()) - t0) / 1e9;
            r.put("msgs", acked).put("expected", n).put("secs", secs).put("msgs_per_s", acked / secs)
                    .put("mb_per_s", acked * (double) size / secs / 1e6);
            if (latency.getTotalCount() > 0) {
                r.put("p50_us", latency.getValueAtPercentile(50) / 1e3)
                        .put("p90_us", latency.getValueAtPercentile(90) / 1e3)
                        .put("p99_us", latency.getValueAtPercentile(99) / 1e3)
                        .put("p999_us", latency.getValueAtPercentile(99.9) / 1e3)
                        .put("max_us", latency.getMaxValue() / 1e3)
                        .put("mean_us", latency.getMean() / 1e3);
            }
            Report.putCpu(r, usage, acked);
            for (AckingPublisher p : publishers) {
                if (p.errors > 0) {
                    r.put("ack_errors", p.errors);
                    r.fail("error", p.errors + " answers were not PubAcks, the first: " + p.firstError);
                }
                if (p.failure != null) {
                    r.fail("error", p.failure);
                }
            }
            if (!complete) {
                r.fail("incomplete", "timed out after " + timeoutMillis + " ms with " + answered + " of " + n + " answered");
            }
            if (r.ok()) {
                String wrong = checkSequences(publishers, n);
                if (wrong != null) {
                    r.fail("error", wrong);
                }
            }
        } finally {
            finish.countDown();
            publishers.forEach(AckingPublisher::close);
        }
    }

    /**
     * The store disk's activity during the run, whoever caused it (other work on the machine too):
     * writes and flushes a second, MB written a second, and the share of the time it had I/O in flight.
     */
    static void putDisk(RunResult r, long[] before, long[] after, long wallNanos) {
        if (before == null || after == null) {
            return;
        }
        double secs = wallNanos / 1e9;
        r.put("disk_writes_per_s", (after[0] - before[0]) / secs)
                .put("disk_mb_per_s", (after[1] - before[1]) * 512 / 1e6 / secs)
                .put("disk_util", (after[2] - before[2]) / 1e3 / secs)
                .put("disk_flushes_per_s", (after[3] - before[3]) / secs);
    }

    /**
     * Publishes n messages of size bytes to subject (payload 'a', 'b', ... 'z', 'a', ...), as an async
     * publisher with {@value #FILL_WINDOW} in flight, and checks that every one got a PubAck; throws if
     * not, or if that takes longer than timeoutMillis. What the consumer scenarios fill their stream
     * with before they measure.
     */
    static void fill(Target target, String subject, int size, long n, long timeoutMillis) throws IOException, InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        AckingPublisher p = new AckingPublisher(target, subject, size, n, FILL_WINDOW, true);
        try {
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            p.start(start, finish, deadline);
            start.countDown();
            boolean complete = p.await(deadline);
            if (p.failure != null) {
                throw new IOException("filling the stream: " + p.failure);
            }
            if (p.errors > 0) {
                throw new IOException("filling the stream: " + p.errors + " answers were not PubAcks, the first: " + p.firstError);
            }
            if (!complete) {
                throw new IOException("filling the stream: timed out after " + timeoutMillis + " ms with " + p.answered
                        + " of " + n + " published messages acknowledged");
            }
        } finally {
            finish.countDown();
            p.close();
        }
    }

    /** Every sequence of 1..n acknowledged exactly once (the stream was empty when the run began). */
    private static String checkSequences(List<AckingPublisher> publishers, long n) {
        if (n > Integer.MAX_VALUE - 1) {
            return null;
        }
        BitSet seen = new BitSet((int) n + 1);
        for (AckingPublisher p : publishers) {
            for (long s : p.seqs) {
                if (s < 1 || s > n) {
                    return "PubAck with sequence " + s + " outside 1.." + n;
                }
                if (seen.get((int) s)) {
                    return "sequence " + s + " acknowledged twice";
                }
                seen.set((int) s);
            }
        }
        return null;
    }

    /**
     * One connection that publishes {@code count} messages with reply subjects _INBOX.&lt;id&gt;.&lt;i&gt;
     * and checks the answers. Sync: one thread writes and reads. Async: a writer thread limited by a
     * window of permits, and a reader thread that parses answers and hands permits back once per read.
     */
    private static final class AckingPublisher implements NatsConn.Tap, AutoCloseable {
        private final NatsConn conn;
        private final boolean async;
        private final int count;
        private final int size;
        private final byte[] head;
        private final int prefixLen;
        private final byte[] payload;
        private final byte[] sizeCrlf;
        private final Semaphore permits;
        private final long[] sendNanos;
        final long[] seqs;
        private final BitSet answeredIndex;
        final Histogram latency = new Histogram(3_600_000_000_000L, 3);
        private final CountDownLatch done = new CountDownLatch(1);
        /** Written by the writer after it sets {@link #sendNanos}, before the write: read by the reader first. */
        private volatile int sent;
        /** Reader's side (the only thread that writes them); read by others after {@link #done}. */
        int answered;
        int errors;
        String firstError;
        private int released;
        volatile long endNanos;
        volatile String failure;
        private volatile boolean closing;

        AckingPublisher(Target target, String subject, int size, long count, int window, boolean async) throws IOException {
            if (count > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("too many messages for one publisher: " + count);
            }
            this.async = async;
            this.count = (int) count;
            this.size = size;
            String inbox = "_INBOX." + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
            byte[] prefix = NatsConn.ascii("PUB " + subject + " " + inbox + ".");
            this.prefixLen = prefix.length;
            this.head = new byte[prefixLen + 20];
            System.arraycopy(prefix, 0, head, 0, prefixLen);
            this.sizeCrlf = NatsConn.ascii(" " + size + "\r\n");
            this.payload = new byte[size + 2];
            for (int i = 0; i < size; i++) {
                payload[i] = (byte) ('a' + i % 26);
            }
            payload[size] = '\r';
            payload[size + 1] = '\n';
            this.permits = new Semaphore(window);
            this.sendNanos = new long[this.count];
            this.seqs = new long[this.count];
            this.answeredIndex = new BitSet(this.count);
            conn = NatsConn.open(target, this, 0);
            try {
                conn.sendAscii("SUB " + inbox + ".* 1\r\n");
                conn.flush(READ_TIMEOUT_MILLIS);
            } catch (IOException e) {
                conn.close();
                throw e;
            }
        }

        long acked() {
            return answered - (long) errors;
        }

        void start(CountDownLatch start, CountDownLatch finish, long deadline) {
            if (async) {
                Thread reader = new Thread(() -> readLoop(finish), "js-acks");
                reader.setDaemon(true);
                reader.start();
            }
            Thread writer = new Thread(() -> {
                try {
                    start.await();
                    if (async) {
                        publishAsync(deadline);
                    } else {
                        publishSync(deadline);
                    }
                } catch (IOException | RuntimeException e) {
                    fail(e instanceof SocketTimeoutException ? "no PubAck within " + READ_TIMEOUT_MILLIS + " ms"
                            : String.valueOf(e));
                } catch (InterruptedException e) {
                    fail("interrupted");
                }
                try {
                    // An exited thread's schedstat time is gone: stay until the CPU window has been read.
                    finish.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "js-pub");
            writer.setDaemon(true);
            writer.start();
        }

        private void fail(String why) {
            if (failure == null && !closing) {
                failure = why;
            }
            done.countDown();
        }

        /** Waits until every publish is answered; false if the deadline passed first or it failed. */
        boolean await(long deadline) throws InterruptedException {
            return done.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS) && failure == null;
        }

        private void publishSync(long deadline) throws IOException {
            conn.readTimeout(READ_TIMEOUT_MILLIS);
            for (int i = 0; i < count; i++) {
                if (System.nanoTime() > deadline) {
                    return;
                }
                sendNanos[i] = System.nanoTime();
                sent = i + 1;
                write(i);
                conn.flushBuffer();
                while (answered <= i) {
                    if (conn.readOnce() < 0) {
                        fail("connection closed by the server" + errSuffix());
                        return;
                    }
                }
            }
        }

        private void publishAsync(long deadline) throws IOException, InterruptedException {
            int i = 0;
            while (i < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !permits.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                    return;
                }
                int k = Math.min(1 + permits.drainPermits(), count - i);
                long now = System.nanoTime();
                for (int j = i; j < i + k; j++) {
                    sendNanos[j] = now;
                }
                sent = i + k;
                for (int j = i; j < i + k; j++) {
                    write(j);
                }
                conn.flushBuffer();
                i += k;
            }
        }

        /** The reader thread of an async publisher: parses answers, then returns their permits. */
        private void readLoop(CountDownLatch finish) {
            try {
                conn.readTimeout(0);
                while (finish.getCount() > 0) {
                    if (conn.readOnce() < 0) {
                        if (answered < count) {
                            fail("connection closed by the server" + errSuffix());
                        }
                        return;
                    }
                    int fresh = answered - released;
                    if (fresh > 0) {
                        released = answered;
                        permits.release(fresh);
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (answered < count) {
                    fail(String.valueOf(e));
                }
            }
        }

        private String errSuffix() {
            return conn.firstError() == null ? "" : " (-ERR " + conn.firstError() + ")";
        }

        private void write(int index) throws IOException {
            int at = prefixLen;
            if (index == 0) {
                head[at++] = '0';
            } else {
                int digits = 0;
                for (int v = index; v > 0; v /= 10) {
                    digits++;
                }
                for (int d = at + digits - 1, v = index; v > 0; v /= 10, d--) {
                    head[d] = (byte) ('0' + v % 10);
                }
                at += digits;
            }
            conn.send(head, 0, at);
            conn.send(sizeCrlf, 0, sizeCrlf.length);
            conn.send(payload, 0, payload.length);
        }

        @Override
        public boolean wantsPayload() {
            return true;
        }

        /** args: "_INBOX.id.index sid size" (MSG) or with header size (HMSG): the index is the subject's last token. */
        @Override
        public void onMessage(NatsConn c, byte[] args, int argsLen, byte[] p, int len) {
            long now = System.nanoTime();
            int sp = 0;
            while (sp < argsLen && args[sp] != ' ') {
                sp++;
            }
            int index = 0;
            int d = sp;
            for (int mul = 1; d > 0 && args[d - 1] >= '0' && args[d - 1] <= '9'; d--, mul *= 10) {
                index += (args[d - 1] - '0') * mul;
            }
            int published = sent; // volatile read: sendNanos up to here are visible
            if (d == sp || index >= published || answeredIndex.get(index)) {
                error("answer to no outstanding publish: " + new String(args, 0, argsLen, java.nio.charset.StandardCharsets.UTF_8));
                return;
            }
            answeredIndex.set(index);
            String wrong = null;
            long seq = -1;
            if (len >= 8 && p[0] == 'N' && p[1] == 'A' && p[2] == 'T' && p[3] == 'S' && p[4] == '/') {
                wrong = "status";
            } else if (JsonScan.indexOf(p, 0, len, "\"error\"") >= 0) {
                wrong = "error";
            } else if (JsonScan.indexOf(p, 0, len, "\"duplicate\"") >= 0) {
                wrong = "duplicate";
            } else if ((seq = JsonScan.number(p, 0, len, "\"seq\"")) <= 0) {
                wrong = "no sequence";
            }
            if (wrong != null) {
                error(new String(p, 0, Math.min(len, 300), java.nio.charset.StandardCharsets.UTF_8).trim());
                return;
            }
            seqs[index] = seq;
            latency.recordValue(Math.max(0, now - sendNanos[index]));
            answered(now);
        }

        private void error(String text) {
            errors++;
            if (firstError == null) {
                firstError = text;
            }
            answered(System.nanoTime());
        }

        private void answered(long now) {
            answered++;
            if (answered == count) {
                endNanos = now;
                done.countDown();
            }
        }

        @Override
        public void close() {
            closing = true;
            conn.close();
        }
    }
}
