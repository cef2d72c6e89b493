package io.natsj.loadgen;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * JetStream consumers reading a file stream (js-consume-ordered-push-file, js-consume-pull-explicit-file).
 * Each run creates a file stream of its own, fills it with N messages ({@link JsPublish#fill}, not
 * measured; STREAM.INFO must then count N), creates a consumer on it from one connection and reads all
 * N, then deletes the stream.
 *
 * <ul>
 *   <li><b>ordered push</b>: the consumer a client library's ordered consumer creates: ephemeral,
 *       $JS.API.CONSUMER.CREATE.&lt;stream&gt; with deliver_subject an inbox the connection has
 *       subscribed beforehand, ack_policy none, flow_control, idle_heartbeat 5 s, mem_storage,
 *       num_replicas 1, deliver_policy all, max_deliver 1. Flow-control requests (status 100 with a
 *       reply subject) are answered at once with an empty message, as are the stalled-consumer
 *       subjects of idle heartbeats. Counted from writing the CREATE to the N-th message.
 *   <li><b>pull explicit</b>: a durable pull consumer ($JS.API.CONSUMER.CREATE.&lt;stream&gt;.&lt;name&gt;,
 *       ack_policy explicit, deliver_policy all), consumed as nats.go's Consume does it: requests
 *       $JS.API.CONSUMER.MSG.NEXT.&lt;stream&gt;.&lt;name&gt; {"batch":B,"expires":30 s} with one reply
 *       inbox, at most B messages asked for and not yet delivered, and the next request sent as soon
 *       as no more than B/2 are; each message is acknowledged with "+ACK" to its reply subject as it is
 *       read (the acks of one socket read go out in one write). Counted from writing the CREATE to the
 *       PONG of a PING written after the last ack (the server has read every ack).
 * </ul>
 *
 * Every message is checked: its reply subject is a $JS.ACK subject ({@link AckReply}) of this stream
 * and consumer, with stream and consumer sequence exactly one more than the previous message's
 * (so nothing is lost, duplicated or reordered), delivered count 1 and the published payload size; an
 * unexpected status (409, 503, ...) or -ERR fails the run at once. After the run CONSUMER.INFO must
 * agree: ordered push, delivered stream sequence N and nothing pending; pull, ack floor N and no ack
 * pending (a server that loses acks cannot pass), polled for up to {@value #CHECK_MILLIS} ms since
 * acks may be applied after the PONG.
 *
 * <p>Bounded: no answer to the CREATE in {@value #API_TIMEOUT_MILLIS} ms, or no message for
 * {@value #STALL_MILLIS} ms, fails the run with the reason; a server that left a CREATE unanswered
 * has its later consumer runs failed at once (without filling a stream), naming that first failure.
 */
final class JsConsume implements Scenario {
    static final long API_TIMEOUT_MILLIS = 10_000;
    static final long STALL_MILLIS = 10_000;
    static final long CHECK_MILLIS = 5_000;
    /** The pull requests' expiry, nats.go's Consume default. */
    static final long PULL_EXPIRES_NANOS = 30_000_000_000L;
    static final String DURABLE = "BENCH_PULL";
    private static final int POLL_MILLIS = 200;
    private static final byte[] PUB = NatsConn.ascii("PUB ");
    private static final byte[] ACK_TAIL = NatsConn.ascii(" 4\r\n+ACK\r\n");
    private static final byte[] EMPTY_TAIL = NatsConn.ascii(" 0\r\n\r\n");
    /** Servers (of this process's runs) that left a CONSUMER.CREATE unanswered, and how. */
    private static final Map<Target, String> NO_CONSUMERS = new ConcurrentHashMap<>();

    private final boolean pull;
    private final int size;
    private final long count;
    private final int batch;
    private final String disk;
    /** Bounds, shortened by tests. */
    long apiTimeoutMillis = API_TIMEOUT_MILLIS;
    long stallMillis = STALL_MILLIS;
    long checkMillis = CHECK_MILLIS;

    /**
     * @param pull pull consumer with explicit acks, else an ordered push consumer
     * @param batch pull: messages asked for and not yet delivered, at most
     * @param disk the block device holding the servers' stores (its activity is recorded), or null
     */
    JsConsume(boolean pull, int size, long count, int batch, String disk) {
        if (batch < 2) {
            throw new IllegalArgumentException("batch below 2: " + batch);
        }
        this.pull = pull;
        this.size = size;
        this.count = count;
        this.batch = batch;
        this.disk = disk;
    }

    @Override
    public String key() {
        return (pull ? "js-consume-pull-explicit-file " : "js-consume-ordered-push-file ") + size;
    }

    @Override
    public boolean jetStream() {
        return true;
    }

    @Override
    public RunResult run(Target target, double factor, long timeoutMillis) throws Exception {
        long n = Scenario.scaled(count, factor);
        RunResult r = new RunResult(key(), target.name()).put("storage", "file")
                .put("consumer", pull ? "pull-explicit" : "ordered-push").put("size", size).put("n", n);
        if (pull) {
            r.put("batch", batch);
        }
        String earlier = NO_CONSUMERS.get(target);
        if (earlier != null) {
            return r.fail("error", "not run: in an earlier run on this server, " + earlier);
        }
        String id = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
        String stream = "BENCH_" + id.toUpperCase(Locale.ROOT);
        String subject = "js.bench." + id;
        try (JsAdmin admin = new JsAdmin(target)) {
            admin.createStream(stream, subject, "file");
            try {
                long f0 = System.nanoTime();
                JsPublish.fill(target, subject, size, n, timeoutMillis);
                r.put("fill_secs", (System.nanoTime() - f0) / 1e9);
                long stored = admin.messages(stream);
                r.put("stored", stored);
                if (stored != n) {
                    return r.fail("error", "STREAM.INFO counts " + stored + " messages after filling the stream with " + n);
                }
                measure(target, admin, stream, n, timeoutMillis, r);
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

    private void measure(Target target, JsAdmin admin, String stream, long n, long timeoutMillis, RunResult r)
            throws IOException, InterruptedException {
        try (Consumer c = new Consumer(target, stream, n)) {
            System.gc();
            long[] disk0 = ProcStats.disk(disk);
            CpuWindow cpu = CpuWindow.start(target);
            long t0 = System.nanoTime();
            c.consume(t0, t0 + timeoutMillis * 1_000_000L);
            CpuWindow.Usage usage = cpu.stop();
            JsPublish.putDisk(r, disk0, ProcStats.disk(disk), usage.wallNanos());
            long end = c.endNanos > 0 ? c.endNanos : System.nanoTime();
            double secs = (end - t0) / 1e9;
            r.put("msgs", c.received).put("expected", n).put("secs", secs).put("msgs_per_s", c.received / secs)
                    .put("mb_per_s", c.received * (double) size / secs / 1e6);
            if (c.createdNanos > 0) {
                r.put("create_ms", (c.createdNanos - t0) / 1e6);
            }
            if (c.firstNanos > 0) {
                r.put("first_msg_ms", (c.firstNanos - t0) / 1e6);
            }
            if (pull) {
                r.put("acks", c.acks).put("pull_requests", c.requests).put("expired", c.expired);
            } else {
                r.put("fc_answered", c.flowControls).put("heartbeats", c.heartbeats);
            }
            r.put("last_pending", c.lastPending);
            Report.putCpu(r, usage, c.received);
            if (c.unanswered) {
                NO_CONSUMERS.putIfAbsent(target, c.failure);
            }
            if (c.failure != null) {
                r.fail(c.incomplete ? "incomplete" : "error", c.failure);
                return;
            }
            check(admin, stream, c.consumerName, n, r);
        }
    }

    /** CONSUMER.INFO must agree with what was read (polled: a server may apply acks after the PONG). */
    private void check(JsAdmin admin, String stream, String consumer, long n, RunResult r)
            throws IOException, InterruptedException {
        long until = System.nanoTime() + checkMillis * 1_000_000L;
        ConsumerState s;
        boolean agrees;
        while (true) {
            s = admin.consumerInfo(stream, consumer);
            agrees = pull ? s.ackFloorStreamSeq() == n && s.numAckPending() == 0 && s.numRedelivered() <= 0
                    : s.deliveredStreamSeq() == n && s.numPending() == 0;
            if (agrees || System.nanoTime() - until > 0) {
                break;
            }
            Thread.sleep(20);
        }
        r.put("info_delivered", s.deliveredStreamSeq()).put("info_ack_floor", s.ackFloorStreamSeq())
                .put("info_ack_pending", s.numAckPending()).put("info_redelivered", s.numRedelivered())
                .put("info_pending", s.numPending());
        if (!agrees) {
            r.fail("error", String.format(Locale.ROOT, "CONSUMER.INFO %s after the run: delivered stream_seq %d, ack_floor"
                    + " stream_seq %d, num_ack_pending %d, num_redelivered %d, num_pending %d (expected %s %d)", consumer,
                    s.deliveredStreamSeq(), s.ackFloorStreamSeq(), s.numAckPending(), s.numRedelivered(), s.numPending(),
                    pull ? "ack floor" : "delivered", n));
        }
    }

    /** The consuming connection: one thread (the caller's) reads, checks, acknowledges and requests. */
    private final class Consumer implements NatsConn.Tap, AutoCloseable {
        private final NatsConn conn;
        private final String stream;
        private final byte[] streamBytes;
        private byte[] consumerBytes;
        private final String deliver;
        private final String apiInbox;
        private final String nextSubject;
        private final long n;
        private final AckReply ack = new AckReply();
        private final int[] tokens = new int[7];
        private byte[] frame = new byte[256];
        private String createSubject;
        long received;
        long lastPending = -1;
        long flowControls;
        long heartbeats;
        long requests;
        long expired;
        long acks;
        private long outstanding;
        private long t0;
        long createdNanos;
        long firstNanos;
        long endNanos;
        private long lastProgress;
        private boolean complete;
        private boolean created;
        String consumerName;
        String failure;
        boolean incomplete;
        boolean unanswered;

        Consumer(Target target, String stream, long n) throws IOException {
            this.stream = stream;
            this.streamBytes = NatsConn.ascii(stream);
            this.n = n;
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            this.deliver = "_INBOX." + Long.toString(rnd.nextLong() & Long.MAX_VALUE, 36);
            this.apiInbox = "_INBOX." + Long.toString(rnd.nextLong() & Long.MAX_VALUE, 36);
            this.nextSubject = "$JS.API.CONSUMER.MSG.NEXT." + stream + "." + DURABLE;
            if (pull) {
                consumerBytes = NatsConn.ascii(DURABLE);
            }
            conn = NatsConn.open(target, this, 0);
            try {
                conn.sendAscii("SUB " + deliver + " 1\r\nSUB " + apiInbox + ".* 2\r\n");
                conn.flush(apiTimeoutMillis);
            } catch (IOException e) {
                conn.close();
                throw e;
            }
        }

        /** Creates the consumer at t0 and reads until all n are in (or a failure, or the deadline). */
        void consume(long t0, long deadline) throws IOException {
            this.t0 = t0;
            lastProgress = t0;
            String config;
            if (pull) {
                createSubject = "$JS.API.CONSUMER.CREATE." + stream + "." + DURABLE;
                config = "{\"durable_name\":\"" + DURABLE + "\",\"deliver_policy\":\"all\",\"ack_policy\":\"explicit\","
                        + "\"replay_policy\":\"instant\"}";
            } else {
                createSubject = "$JS.API.CONSUMER.CREATE." + stream;
                config = "{\"deliver_policy\":\"all\",\"ack_policy\":\"none\",\"max_deliver\":1,\"replay_policy\":\"instant\","
                        + "\"deliver_subject\":\"" + deliver + "\",\"flow_control\":true,\"idle_heartbeat\":5000000000,"
                        + "\"mem_storage\":true,\"num_replicas\":1}";
            }
            String body = "{\"stream_name\":\"" + stream + "\",\"config\":" + config + "}";
            conn.sendAscii("PUB " + createSubject + " " + apiInbox + ".1 " + body.length() + "\r\n" + body + "\r\n");
            conn.flushBuffer();
            conn.readTimeout(POLL_MILLIS);
            long apiNanos = apiTimeoutMillis * 1_000_000L;
            long stallNanos = stallMillis * 1_000_000L;
            while (failure == null && !(complete && created)) {
                long now = System.nanoTime();
                if (now - deadline > 0) {
                    incomplete = true;
                    fail("timed out after " + (now - t0) / 1_000_000 + " ms with " + received + " of " + n + " messages");
                    break;
                }
                if (!created && now - t0 > apiNanos) {
                    unanswered = true;
                    fail("no answer to " + createSubject + " within " + apiTimeoutMillis + " ms (does the server have consumers?)");
                    break;
                }
                if (created && now - lastProgress > stallNanos) {
                    incomplete = true;
                    fail("stalled: no message for " + stallMillis + " ms after " + received + " of " + n
                            + (pull ? " (" + outstanding + " requested and not delivered)" : "")
                            + (flowControls > 0 || heartbeats > 0 ? "; " + flowControls + " flow-control requests answered, "
                                    + heartbeats + " heartbeats" : ""));
                    break;
                }
                int read;
                try {
                    read = conn.readOnce();
                } catch (SocketTimeoutException e) {
                    continue;
                }
                if (read < 0) {
                    fail("connection closed by the server after " + received + " of " + n + " messages" + errSuffix());
                    break;
                }
                if (conn.errors() > 0) {
                    fail("-ERR " + conn.firstError());
                    break;
                }
                if (pull && created && failure == null) {
                    maybeRequest();
                }
                conn.flushBuffer();
            }
            if (failure == null) {
                if (pull) {
                    try {
                        // Once the PONG is in, the server has read every ack written before the PING.
                        conn.flush(apiTimeoutMillis);
                    } catch (SocketTimeoutException e) {
                        fail("no PONG within " + apiTimeoutMillis + " ms after the last ack");
                        return;
                    }
                    if (failure == null && conn.errors() > 0) {
                        fail("-ERR " + conn.firstError());
                    }
                    endNanos = System.nanoTime();
                }
            }
        }

        /** nats.go's Consume: ask for more once no more than half a batch is asked for and undelivered. */
        private void maybeRequest() throws IOException {
            long unasked = n - received - outstanding;
            if (unasked <= 0 || outstanding > batch / 2) {
                return;
            }
            long b = Math.min(batch - outstanding, unasked);
            String body = "{\"batch\":" + b + ",\"expires\":" + PULL_EXPIRES_NANOS + "}";
            conn.sendAscii("PUB " + nextSubject + " " + deliver + " " + body.length() + "\r\n" + body + "\r\n");
            outstanding += b;
            requests++;
        }

        private String errSuffix() {
            return conn.firstError() == null ? "" : " (-ERR " + conn.firstError() + ")";
        }

        private void fail(String why) {
            if (failure == null) {
                failure = why;
            }
        }

        @Override
        public boolean wantsPayload() {
            return true;
        }

        /** args: "subject sid [reply] size" (MSG) or "subject sid [reply] hdr_size total_size" (HMSG). */
        @Override
        public void onMessage(NatsConn c, byte[] args, int argsLen, byte[] p, int len) {
            if (failure != null) {
                return;
            }
            int count = 0;
            tokens[count++] = 0;
            for (int i = 0; i < argsLen; i++) {
                if (args[i] == ' ') {
                    if (count == tokens.length - 1) {
                        fail("unexpected message line: " + text(args, 0, argsLen));
                        return;
                    }
                    tokens[count++] = i + 1;
                }
            }
            tokens[count] = argsLen + 1;
            if (count < 3) {
                fail("unexpected message line: " + text(args, 0, argsLen));
                return;
            }
            if (tokenLen(1) == 1 && args[tokens[1]] == '2') {
                onApiAnswer(p, len);
                return;
            }
            boolean hmsg = Headers.isHeaderBlock(p, len);
            int replyToken = -1;
            int hdrLen = 0;
            if (hmsg) {
                if (count != 4 && count != 5) {
                    fail("unexpected message line: HMSG " + text(args, 0, argsLen));
                    return;
                }
                replyToken = count == 5 ? 2 : -1;
                hdrLen = (int) Math.min(len, number(args, count - 2));
                int status = Headers.status(p, hdrLen);
                if (status >= 0) {
                    onStatus(status, args, replyToken, p, hdrLen);
                    return;
                }
            } else {
                if (count != 3 && count != 4) {
                    fail("unexpected message line: MSG " + text(args, 0, argsLen));
                    return;
                }
                replyToken = count == 4 ? 2 : -1;
            }
            onDelivery(args, argsLen, replyToken, p, hdrLen, len);
        }

        private void onDelivery(byte[] args, int argsLen, int replyToken, byte[] p, int hdrLen, int len) {
            long now = System.nanoTime();
            if (replyToken < 0 || !ack.parse(args, tokens[replyToken], tokenLen(replyToken))) {
                fail("a message without a $JS.ACK reply subject: " + text(args, 0, argsLen));
                return;
            }
            if (consumerBytes == null) {
                consumerBytes = NatsConn.ascii(ack.consumer());
            }
            if (!ack.names(streamBytes, consumerBytes)) {
                fail("a message of " + ack.stream() + "/" + ack.consumer() + ", not of " + stream + "/"
                        + text(consumerBytes, 0, consumerBytes.length));
                return;
            }
            long expect = received + 1;
            if (ack.streamSeq != expect) {
                fail(ack.streamSeq < expect ? "stream sequence " + ack.streamSeq + " delivered again after " + received
                        : "stream sequences " + expect + ".." + (ack.streamSeq - 1) + " skipped (" + ack.streamSeq
                                + " came after " + received + ")");
                return;
            }
            if (ack.consumerSeq != expect) {
                fail("stream sequence " + ack.streamSeq + " with consumer sequence " + ack.consumerSeq + ", not " + expect);
                return;
            }
            if (ack.delivered != 1) {
                fail("stream sequence " + ack.streamSeq + " with delivery count " + ack.delivered + " (a redelivery)");
                return;
            }
            int bodyLen = len - hdrLen;
            if (bodyLen != size || size > 0 && (p[hdrLen] != 'a' || p[hdrLen + size - 1] != (byte) ('a' + (size - 1) % 26))) {
                fail("stream sequence " + ack.streamSeq + ": a body of " + bodyLen + " bytes that is not the "
                        + size + " published");
                return;
            }
            if (pull) {
                if (outstanding <= 0) {
                    fail("stream sequence " + ack.streamSeq + " delivered without being asked for");
                    return;
                }
                outstanding--;
                publish(args, tokens[replyToken], tokenLen(replyToken), ACK_TAIL);
                acks++;
            }
            if (received == 0) {
                firstNanos = now;
            }
            received++;
            lastPending = ack.pending;
            lastProgress = now;
            if (received == n) {
                complete = true;
                endNanos = now;
            }
        }

        private void onStatus(int status, byte[] args, int replyToken, byte[] p, int hdrLen) {
            if (status == 100) {
                if (replyToken >= 0) {
                    // Flow control: the server waits for this answer before it sends more.
                    flowControls++;
                    publish(args, tokens[replyToken], tokenLen(replyToken), EMPTY_TAIL);
                } else {
                    heartbeats++;
                    String stalled = Headers.value(p, hdrLen, "Nats-Consumer-Stalled");
                    if (stalled != null && !stalled.isEmpty()) {
                        byte[] s = NatsConn.ascii(stalled);
                        publish(s, 0, s.length, EMPTY_TAIL);
                    }
                }
            } else if (status == 408 && pull) {
                // A request expired: what it still had coming is no longer asked for.
                expired++;
                String left = Headers.value(p, hdrLen, "Nats-Pending-Messages");
                long k = left == null ? outstanding : parseLong(left, outstanding);
                outstanding = Math.max(0, outstanding - k);
            } else {
                fail("status " + Headers.statusLine(p, hdrLen) + " after " + received + " of " + n + " messages");
            }
        }

        private void onApiAnswer(byte[] p, int len) {
            if (created) {
                return;
            }
            String a = new String(p, 0, len, StandardCharsets.UTF_8);
            if (Headers.isHeaderBlock(p, len)) {
                fail(createSubject + " answered with status " + Headers.statusLine(p, len) + " (no JetStream?)");
                return;
            }
            if (a.contains("\"error\"")) {
                fail(createSubject + " refused: " + a.trim());
                return;
            }
            String name = JsonScan.string(a, "\"name\"");
            if (name == null || name.isEmpty() || pull && !name.equals(DURABLE)) {
                fail(createSubject + " answered without the consumer's name: " + a.trim());
                return;
            }
            if (consumerBytes != null && !Arrays.equals(consumerBytes, NatsConn.ascii(name))) {
                fail("messages came from consumer " + text(consumerBytes, 0, consumerBytes.length) + ", created was " + name);
                return;
            }
            consumerBytes = NatsConn.ascii(name);
            consumerName = name;
            created = true;
            createdNanos = System.nanoTime();
            lastProgress = createdNanos;
        }

        /** Buffers "PUB subject" + tail (" 4\r\n+ACK\r\n" or " 0\r\n\r\n"); written after the read. */
        private void publish(byte[] b, int off, int len, byte[] tail) {
            int need = PUB.length + len + tail.length;
            if (frame.length < need) {
                frame = new byte[need * 2];
            }
            System.arraycopy(PUB, 0, frame, 0, PUB.length);
            System.arraycopy(b, off, frame, PUB.length, len);
            System.arraycopy(tail, 0, frame, PUB.length + len, tail.length);
            try {
                conn.send(frame, 0, need);
            } catch (IOException e) {
                fail("writing to the server: " + e);
            }
        }

        private int tokenLen(int t) {
            return tokens[t + 1] - 1 - tokens[t];
        }

        private long number(byte[] b, int t) {
            long v = 0;
            for (int i = tokens[t], end = i + tokenLen(t); i < end; i++) {
                v = v * 10 + (b[i] - '0');
            }
            return v;
        }

        @Override
        public void close() {
            conn.close();
        }
    }

    private static long parseLong(String s, long otherwise) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private static String text(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.UTF_8);
    }
}
