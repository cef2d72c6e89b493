package io.natsj.jetstream;

import io.natsj.store.ConsumerState;
import io.natsj.store.ConsumerStore;
import io.natsj.store.StoreException;
import io.natsj.store.StoredMessage;
import io.natsj.config.GoDurations;
import io.natsj.routing.SubjectMapping;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer of a stream (nats-server's consumer on a single server): it walks the stream from its
 * starting sequence, delivers to its deliver subject (push) or to waiting MSG.NEXT requests (pull),
 * keeps what awaits acknowledgement, redelivers after ack_wait (or the backoff) and on a nak, and keeps
 * its state in a {@link ConsumerStore}.
 *
 * <p>Threading: everything here runs on its stream's consumer thread ({@link Host#loop}): deliveries,
 * acknowledgements (handed over by the publisher's loop), pull requests, timers. Nothing is locked.
 * Other threads reach it only through {@link #signal} (new messages stored) and tasks on that thread.
 */
final class Consumer {
    private static final Logger LOG = LoggerFactory.getLogger(Consumer.class);
    /** nats-server's JsFlowControlMaxPending: the window of unanswered bytes a flow-controlled push consumer has. */
    static final long FLOW_CONTROL_MAX_PENDING = 32L * 1024 * 1024;
    /** nats-server's JsDeleteWaitTimeDefault: ephemerals go away after this long without interest. */
    static final long EPHEMERAL_INACTIVE_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** Messages one run delivers before letting acks and other consumers of the thread in. */
    private static final int RUN_BATCH = 256;
    private static final long ACTIVE_POLL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** nats-server's default max_payload, the rate limiter's burst when the stream sets no max message size. */
    private static final long DEFAULT_BURST = 1024 * 1024;

    /** What a consumer is given by its stream. */
    interface Host {
        Stream stream();

        java.util.concurrent.ScheduledExecutorService loop();

        ConsumerIo io();

        /** A message acknowledged (or, with ack none, delivered): the stream may remove it. Consumer thread. */
        void acked(Consumer c, long sseq);

        /** The consumer was inactive past its threshold and asks to be deleted. Consumer thread. */
        void expired(Consumer c);

        /** Announces a delivery event on its advisory subject, when someone listens. Consumer thread. */
        void advise(Event event, Consumer c, long seq, long dseq, long deliveries, long ackTimeNanos);
    }

    /** Delivery events that have advisories. */
    enum Event {
        MAX_DELIVERIES, TERMINATED, NAKED, ACK_METRIC
    }

    /** A delivery waiting for its acknowledgement. */
    private static final class Pending {
        long dseq;
        long timestamp;

        Pending(long dseq, long timestamp) {
            this.dseq = dseq;
            this.timestamp = timestamp;
        }
    }

    final String name;
    private final Host host;
    private final ConsumerIo io;
    final Instant created;
    /** Written on the consumer thread; volatile so the API thread may read it for update checks. */
    private volatile ConsumerConfig cfg;
    private final ConsumerStore store;
    private final String ackPrefix;
    private final String ackSubject;
    private final String nextSubject;
    private final String fcPrefix;
    private final AtomicBoolean signalled = new AtomicBoolean();

    // Consumer thread only.
    private long sseq;
    private long dseq;
    private long adflr;
    private long asflr;
    private final Map<Long, Pending> pending = new HashMap<>();
    private final Map<Long, Long> rdc = new HashMap<>();
    private final LinkedHashSet<Long> rdq = new LinkedHashSet<>();
    private final WaitQueue waiting;
    private boolean active;
    private long[] skipList;
    private int skipIndex;
    private long skipResume;
    /** Flow control: the current window of unanswered bytes, and the most it may grow to. */
    private long maxpb;
    private long pblimit;
    private long pbytes;
    private long fcsz;
    private String fcid;
    /** When the last message went out (ns since the epoch; 0: never), for info and idle heartbeats. */
    private long lastDeliveredNanos;
    private long lastAckedNanos;
    private long npc = -1;
    private long npcm;
    private boolean replay;
    private long replayUntil;
    private long lastTimestamp;
    private long dthreshNanos;
    /** The rate limiter's bucket: bytes it holds, and when it was last filled (System.nanoTime). */
    private double rateTokens;
    private long rateStamp;
    private ScheduledFuture<?> ackTimer;
    private ScheduledFuture<?> heartbeatTimer;
    /** System.nanoTime of the last delivery or heartbeat: the idle heartbeat counts from it. */
    private long heartbeatFrom;
    private ScheduledFuture<?> inactiveTimer;
    private ScheduledFuture<?> waitTimer;
    private ScheduledFuture<?> interestPoll;
    private ScheduledFuture<?> delayed;
    private boolean closed;
    /** A store flush is queued on this thread (see {@link #flushSoon}). */
    private boolean flushQueued;
    private final List<Runnable> unsubscribe = new ArrayList<>();

    /**
     * A consumer over {@code store}: a new one (empty state) starts where its deliver policy says; a
     * restored one goes on from its stored state.
     */
    Consumer(Host host, String name, ConsumerConfig cfg, Instant created, ConsumerStore store, boolean restored) {
        this.host = host;
        this.io = host.io();
        this.name = name;
        this.cfg = cfg;
        this.created = created;
        this.store = store;
        String stream = host.stream().name();
        this.ackPrefix = "$JS.ACK." + stream + "." + name + ".";
        this.ackSubject = ackPrefix + "*.*.*.*.*";
        this.nextSubject = "$JS.API.CONSUMER.MSG.NEXT." + stream + "." + name;
        this.fcPrefix = "$JS.FC." + stream + "." + name + ".";
        this.waiting = cfg.isPush() ? null : new WaitQueue((int) cfg.maxWaiting());
        if (restored) {
            applyState(store.state());
        } else {
            selectStartingSeq();
        }
        updateInactiveThreshold();
    }

    ConsumerConfig config() {
        return cfg;
    }

    /** Writes a new configuration blob durably. Consumer thread. */
    void saveConfig(byte[] blob) {
        store.updateConfig(blob);
    }

    /** Subscribes and starts delivering. Consumer thread. */
    void start() {
        unsubscribe.add(io.subscribe(ackSubject, (subject, reply, body) -> onLoop(() -> processAck(subject, reply, body))));
        unsubscribe.add(io.subscribe(nextSubject, (subject, reply, body) -> {
            if (reply != null && !reply.isEmpty()) {
                onLoop(() -> processNextRequest(reply, body));
            }
        }));
        if (cfg.flowControl()) {
            // nats-server's setMaxPendingBytes: the window starts at 1/16 of the limit and doubles with
            // each flow-control reply, up to it (a slow start).
            pblimit = FLOW_CONTROL_MAX_PENDING;
            maxpb = Math.max(1, pblimit / 16);
            unsubscribe.add(io.subscribe(fcPrefix + "*", (subject, reply, body) -> onLoop(() -> processFlowControl(subject))));
        }
        if (cfg.isPush()) {
            active = io.hasInterest(cfg.deliverSubject());
            if (!active) {
                interestLost();
            } else {
                interestPoll = schedule(this::pollInterest, ACTIVE_POLL_NANOS);
            }
        } else if (dthreshNanos > 0) {
            inactiveTimer = schedule(this::deleteIfInactive, dthreshNanos);
        }
        if (cfg.replayPolicy() == ConsumerConfig.ReplayPolicy.ORIGINAL) {
            replay = true;
            replayUntil = host.stream().lastSeq();
        }
        if (!pending.isEmpty()) {
            long delay = Math.min(TimeUnit.MILLISECONDS.toNanos(500 + ThreadLocalRandom.current().nextInt(1000)), ackWait(0));
            ackTimer = schedule(this::checkPending, delay);
        }
        resetHeartbeat();
        signal();
    }

    // ---- signals and scheduling ------------------------------------------------------------------

    /** New messages may be there: run the delivery loop once more. Any thread. */
    void signal() {
        if (signalled.compareAndSet(false, true)) {
            onLoop(this::run);
        }
    }

    private void onLoop(Runnable task) {
        try {
            host.loop().execute(() -> {
                if (closed) {
                    return;
                }
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("JetStream consumer '{} > {}' failed: {}", host.stream().name(), name, e.toString(), e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Shutting down.
        }
    }

    private ScheduledFuture<?> schedule(Runnable task, long nanos) {
        try {
            return host.loop().schedule(() -> {
                if (!closed) {
                    task.run();
                }
            }, Math.max(0, nanos), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return null;
        }
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    // ---- starting point and state ----------------------------------------------------------------

    /** nats-server's selectStartingSeqNo. */
    private void selectStartingSeq() {
        var state = host.stream().store.state(false);
        long first = state.firstSeq();
        long last = state.lastSeq();
        if (cfg.optStartSeq() == 0) {
            switch (cfg.deliverPolicy()) {
                case ALL -> sseq = first;
                case LAST -> {
                    sseq = last;
                    if (filtered()) {
                        sseq = host.stream().store.filteredState(1, cfg.filterSubject()).last();
                    }
                }
                case LAST_PER_SUBJECT -> {
                    var subjects = host.stream().store.subjectsState(cfg.filterSubject());
                    if (!subjects.isEmpty()) {
                        long[] seqs = subjects.values().stream().mapToLong(s -> s.last()).sorted().toArray();
                        skipList = seqs;
                        skipIndex = 0;
                        skipResume = last;
                        sseq = seqs[0];
                    } else {
                        sseq = last;
                    }
                }
                case BY_START_TIME -> sseq = seqFromTime(cfg.optStartTime());
                default -> sseq = last + 1;
            }
        } else {
            sseq = cfg.optStartSeq();
        }
        if (first == 0) {
            sseq = 1;
        } else if (sseq < first) {
            sseq = first;
        } else if (sseq > last) {
            sseq = last + 1;
        }
        dseq = 1;
        adflr = 0;
        asflr = sseq - 1;
        store.setStarting(sseq - 1);
    }

    private long seqFromTime(Instant t) {
        long ts = t.getEpochSecond() * 1_000_000_000L + t.getNano();
        Stream s = host.stream();
        var state = s.store.state(false);
        for (long seq = state.firstSeq(); seq <= state.lastSeq() && seq > 0; ) {
            StoredMessage m = s.store.loadNext(null, seq);
            if (m == null) {
                break;
            }
            if (m.timestamp() >= ts) {
                return m.seq();
            }
            seq = m.seq() + 1;
        }
        return state.lastSeq() + 1;
    }

    /** nats-server's applyState: a restored consumer goes on from its stored state. */
    private void applyState(ConsumerState s) {
        if (sseq <= s.deliveredStream()) {
            sseq = s.deliveredStream() + 1;
        }
        dseq = s.deliveredConsumer() + 1;
        adflr = s.ackFloorConsumer();
        asflr = s.ackFloorStream();
        s.pending().forEach((seq, p) -> pending.put(seq, new Pending(p.consumerSeq(), p.timestamp())));
        rdc.putAll(s.redelivered());
        long last = host.stream().lastSeq();
        rdc.keySet().removeIf(seq -> seq < asflr || (last > 0 && seq > last));
        if (sseq == 0) {
            sseq = 1;
        }
    }

    private void updateInactiveThreshold() {
        if (!cfg.isDurable() && cfg.inactiveThresholdNanos() <= 0) {
            dthreshNanos = EPHEMERAL_INACTIVE_NANOS + TimeUnit.MILLISECONDS.toNanos(100 + ThreadLocalRandom.current().nextInt(900));
        } else if (cfg.inactiveThresholdNanos() > 0) {
            dthreshNanos = cfg.inactiveThresholdNanos()
                    + (cfg.isPush() ? 0 : TimeUnit.MILLISECONDS.toNanos(100 + ThreadLocalRandom.current().nextInt(900)));
        } else {
            dthreshNanos = 0;
        }
    }

    private boolean filtered() {
        String f = cfg.filterSubject();
        if (f == null || f.isEmpty()) {
            return false;
        }
        List<String> subjects = host.stream().config().subjects();
        return subjects.size() != 1 || !f.equals(subjects.get(0));
    }

    /** Whether a stream message's subject is one this consumer takes. */
    boolean matches(String subject) {
        String f = cfg.filterSubject();
        return f == null || f.isEmpty() || SubjectMapping.isSubset(subject, f);
    }

    // ---- the delivery loop -----------------------------------------------------------------------

    /** A message chosen for delivery, with its delivery count. */
    private record Next(StoredMessage m, long dc) {
    }

    /** nats-server's loopAndGatherMsgs, one pass: deliver while there is something to and someone to take it. */
    private void run() {
        signalled.set(false);
        if (closed || delayed != null) {
            return;
        }
        boolean maxAckPending = false;
        int i = 0;
        for (; i < RUN_BATCH; i++) {
            if (cfg.isPush()) {
                if (!active || (maxpb > 0 && pbytes > maxpb)) {
                    break;
                }
            } else if (waiting.isEmpty()) {
                break;
            }
            long before = sseq;
            Next next;
            try {
                next = nextMessage();
            } catch (MaxAckPending e) {
                maxAckPending = true;
                break;
            }
            if (next == null) {
                break;
            }
            StoredMessage m = next.m();
            long dc = next.dc();
            if (dc == 1 && npc > 0) {
                npc--;
            }
            long pendingNow = numPending();
            long ackLength = ackPrefix.length() + digits(dc) + digits(m.seq()) + digits(dseq) + digits(m.timestamp())
                    + digits(pendingNow) + 4;
            byte[] headers = m.headers();
            byte[] payload = m.payload();
            if (cfg.headersOnly()) {
                headers = JsHeaders.append(headers, ConsumerStatus.MSG_SIZE + ": " + payload.length + "\r\n");
                payload = new byte[0];
            }
            long size = (long) m.subject().length() + ackLength + headers.length + payload.length;
            String to;
            if (cfg.isPush()) {
                to = cfg.deliverSubject();
            } else {
                WaitQueue.Request wr = nextWaiting(size);
                if (wr == null) {
                    undo(before, next);
                    break;
                }
                to = wr.reply;
                if (wr.n > 0 && wr.heartbeatNanos > 0) {
                    wr.nextHeartbeat = System.nanoTime() + wr.heartbeatNanos;
                }
            }
            long delay = 0;
            if (replay && lastTimestamp > 0 && m.timestamp() - lastTimestamp > TimeUnit.MILLISECONDS.toNanos(1)) {
                delay = m.timestamp() - lastTimestamp; // replay at the original pace
            }
            if (cfg.rateLimitBps() != 0) {
                delay = Math.max(delay, reserve(size));
            }
            if (delay > 0) {
                // Deliver this one later, nothing else meanwhile.
                String target = to;
                byte[] h = headers;
                byte[] p = payload;
                delayed = schedule(() -> {
                    delayed = null;
                    lastTimestamp = m.timestamp();
                    deliver(target, m, pendingNow, h, p, dc, size);
                    signal();
                }, delay);
                return;
            }
            lastTimestamp = m.timestamp();
            deliver(to, m, pendingNow, headers, payload, dc, size);
        }
        if (replay && sseq > replayUntil) {
            replay = false;
        }
        if (i == RUN_BATCH) {
            signal(); // more to do: after whatever else the thread has queued (acks, other consumers)
            return;
        }
        if (!cfg.isPush()) {
            processWaiting(!maxAckPending);
        }
    }

    /**
     * nats-server's rate limiter (golang.org/x/time/rate with rate_limit_bps / 8 bytes a second and a
     * burst of the stream's max message size, else the server's max payload): takes {@code size} bytes
     * and returns how long to wait before sending them (0: now).
     */
    private long reserve(long size) {
        double perNano = (double) Long.divideUnsigned(cfg.rateLimitBps(), 8) / 1e9;
        long now = System.nanoTime();
        long burst = host.stream().config().maxMsgSize() > 0 ? host.stream().config().maxMsgSize() : DEFAULT_BURST;
        if (rateStamp == 0) {
            rateTokens = burst;
        } else {
            rateTokens = Math.min(burst, rateTokens + (now - rateStamp) * perNano);
        }
        rateStamp = now;
        rateTokens -= size;
        if (rateTokens >= 0 || perNano <= 0) {
            return 0;
        }
        return (long) (-rateTokens / perNano);
    }

    /** A message taken for a pull request that is no longer there: put things back as they were. */
    private void undo(long before, Next next) {
        if (next.dc() > 1) {
            rdq.add(next.m().seq());
            rdc.computeIfPresent(next.m().seq(), (k, v) -> v - 1);
        } else {
            sseq = Math.min(sseq, next.m().seq());
            if (sseq < before) {
                sseq = before;
            }
            if (npc >= 0) {
                npc++;
            }
        }
    }

    private static final class MaxAckPending extends Exception {
        MaxAckPending() {
            super(null, null, false, false);
        }
    }

    /** nats-server's getNextMsg: redeliveries first, then the skip list (last per subject), then the stream. */
    private Next nextMessage() throws MaxAckPending {
        Stream s = host.stream();
        while (!rdq.isEmpty()) {
            long seq = rdq.iterator().next();
            rdq.remove(seq);
            long dc = rdc.merge(seq, 1L, Long::sum) + 1;
            if (cfg.maxDeliver() > 0 && dc > cfg.maxDeliver()) {
                if (dc == cfg.maxDeliver() + 1) {
                    adviseMaxDeliveries(seq, dc - 1);
                }
                pending.remove(seq);
                continue;
            }
            StoredMessage m = load(seq);
            if (m == null) {
                pending.remove(seq);
                rdc.remove(seq);
                continue;
            }
            return new Next(m, dc);
        }
        long seq = sseq;
        if (skipList != null) {
            seq = skipList[skipIndex];
            if (skipIndex == skipList.length - 1) {
                sseq = skipResume;
                skipList = null;
            } else {
                skipIndex++;
            }
        }
        if (cfg.maxAckPending() > 0 && pending.size() >= cfg.maxAckPending()
                && cfg.ackPolicy() != ConsumerConfig.AckPolicy.NONE) {
            throw new MaxAckPending();
        }
        long durable = s.durableSeq();
        if (seq > durable) {
            return null;
        }
        StoredMessage m;
        try {
            m = s.store.loadNext(cfg.filterSubject(), seq);
        } catch (StoreException e) {
            LOG.error("JetStream consumer '{} > {}': stream message {} unreadable: {}", s.name(), name, seq, e.getMessage());
            sseq = Math.max(sseq, seq + 1);
            return null;
        }
        if (m == null || m.seq() > durable) {
            if (m == null) {
                sseq = Math.max(sseq, durable + 1);
            }
            return null;
        }
        if (m.seq() >= sseq) {
            sseq = m.seq() + 1;
        }
        return new Next(m, 1);
    }

    private StoredMessage load(long seq) {
        try {
            return host.stream().store.load(seq);
        } catch (StoreException e) {
            return null;
        }
    }

    /** nats-server's deliverMsg: send, track for acknowledgement, store the delivery, flow control. */
    /**
     * @param pendingNow the stream messages left to deliver, for the ack reply
     */
    private void deliver(String to, StoredMessage m, long pendingNow, byte[] headers, byte[] payload, long dc, long size) {
        long d = dseq++;
        if (maxpb > 0) {
            pbytes += size;
        }
        boolean taken = io.deliverWithAck(to, m.subject(), ackPrefix, dc, m.seq(), d, m.timestamp(), pendingNow,
                headers.length == 0 ? null : headers, payload);
        long now = nowNanos();
        lastDeliveredNanos = now;
        ConsumerConfig.AckPolicy ap = cfg.ackPolicy();
        if (ap == ConsumerConfig.AckPolicy.NONE) {
            adflr = d;
            asflr = m.seq();
        } else {
            Pending p = pending.get(m.seq());
            if (p != null) {
                p.timestamp = now;
            } else {
                pending.put(m.seq(), new Pending(d, now));
            }
            if (ackTimer == null) {
                ackTimer = schedule(this::checkPending, ackWait(0));
            }
        }
        if (maxpb > 0 && needFlowControl(size)) {
            sendFlowControl();
        }
        if (!cfg.isPush()) {
            waiting.last = System.nanoTime();
        }
        store.updateDelivered(d, m.seq(), dc, m.timestamp());
        flushSoon();
        if (ap == ConsumerConfig.AckPolicy.NONE) {
            host.acked(this, m.seq());
        }
        resetHeartbeat();
        if (!taken) {
            didNotDeliver(m.seq());
        }
    }

    /** The wall clock at start-up, carried forward by the monotonic clock: nanoseconds since the epoch without allocating. */
    private static final long EPOCH_BASE;
    private static final long MONOTONIC_BASE;

    static {
        Instant t = Instant.now();
        MONOTONIC_BASE = System.nanoTime();
        EPOCH_BASE = t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** Decimal digits of a non-negative number (the ack reply's length without building it). */
    private static int digits(long n) {
        int d = 1;
        for (long p = 10; d < 19 && n >= p; p *= 10) {
            d++;
        }
        return d;
    }

    private static long nowNanos() {
        return EPOCH_BASE + (System.nanoTime() - MONOTONIC_BASE);
    }

    private static Instant instant(long epochNanos) {
        return epochNanos == 0 ? null : Instant.ofEpochSecond(0, epochNanos);
    }

    /** nats-server's didNotDeliver: a push consumer lost its interest; a pull request's message goes round again. */
    private void didNotDeliver(long seq) {
        if (cfg.isPush()) {
            if (!io.hasInterest(cfg.deliverSubject())) {
                active = false;
                interestLost();
            }
        } else if (pending.containsKey(seq) && rdq.add(seq)) {
            signal();
        }
    }

    /** The count of stream messages this consumer has yet to deliver (nats-server's numPending, cached). */
    private long numPending() {
        if (npc < 0) {
            return streamNumPending();
        }
        long last = host.stream().durableSeq();
        if (last > npcm) {
            npc += host.stream().store.filteredState(Math.max(npcm + 1, sseq), cfg.filterSubject()).msgs();
            npcm = last;
        }
        return Math.max(0, npc);
    }

    /** Counts again from the store (nats-server's streamNumPending). */
    long streamNumPending() {
        Stream s = host.stream();
        long last = s.durableSeq();
        if (skipList != null || cfg.deliverPolicy() == ConsumerConfig.DeliverPolicy.LAST_PER_SUBJECT && dseq == 1) {
            long n = 0;
            for (var ss : s.store.subjectsState(cfg.filterSubject()).values()) {
                if (sseq <= ss.last()) {
                    n++;
                }
            }
            npc = n;
        } else {
            npc = s.store.filteredState(sseq, cfg.filterSubject()).msgs();
        }
        npcm = last;
        return npc;
    }

    // ---- push: interest, heartbeats, flow control ------------------------------------------------

    /** No subscriber on the deliver subject: look again soon; an inactive consumer may go away. */
    private void interestLost() {
        if (interestPoll == null) {
            interestPoll = schedule(this::pollInterest, TimeUnit.MILLISECONDS.toNanos(50));
        }
        if (dthreshNanos > 0 && inactiveTimer == null) {
            inactiveTimer = schedule(this::deleteIfInactive, dthreshNanos);
        }
    }

    /**
     * nats-server hears of interest changes on the deliver subject from its sublist; natsj looks: every
     * 50 ms while nobody listens (a subscriber that comes gets messages at once), every second while
     * someone does (a consumer whose subscriber left without a failed delivery goes inactive).
     */
    private void pollInterest() {
        interestPoll = null;
        boolean now = io.hasInterest(cfg.deliverSubject());
        if (now && !active) {
            active = true;
            cancel(inactiveTimer);
            inactiveTimer = null;
            signal();
        } else if (!now && active) {
            active = false;
            interestLost();
            return;
        }
        if (interestPoll == null) {
            interestPoll = schedule(this::pollInterest, active ? ACTIVE_POLL_NANOS : TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    /**
     * The idle heartbeat is due one interval after the last delivery. Rather than moving a timer on every
     * delivery, one timer runs and, when it fires early (something was delivered since), waits out the rest.
     */
    private void resetHeartbeat() {
        if (cfg.idleHeartbeatNanos() <= 0 || !cfg.isPush()) {
            return;
        }
        heartbeatFrom = System.nanoTime();
        if (heartbeatTimer == null) {
            heartbeatTimer = schedule(this::idleHeartbeat, cfg.idleHeartbeatNanos());
        }
    }

    private void idleHeartbeat() {
        heartbeatTimer = null;
        long idle = System.nanoTime() - heartbeatFrom;
        long interval = cfg.idleHeartbeatNanos();
        if (idle < interval) {
            heartbeatTimer = schedule(this::idleHeartbeat, interval - idle);
            return;
        }
        if (active) {
            io.deliver(cfg.deliverSubject(), cfg.deliverSubject(), null,
                    ConsumerStatus.heartbeat(dseq - 1, sseq - 1, fcid), new byte[0]);
        }
        resetHeartbeat();
    }

    private boolean needFlowControl(long size) {
        if (fcid == null && pbytes > maxpb / 2) {
            return true;
        }
        if (fcid != null && pbytes - fcsz >= maxpb) {
            fcsz += size;
        }
        return false;
    }

    private void sendFlowControl() {
        if (!cfg.isPush()) {
            return;
        }
        StringBuilder sb = new StringBuilder(fcPrefix);
        String digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        long r = ThreadLocalRandom.current().nextLong(Long.MAX_VALUE);
        for (int i = 0; i < 4; i++) {
            sb.append(digits.charAt((int) (r % 62)));
            r /= 62;
        }
        fcid = sb.toString();
        fcsz = pbytes;
        io.deliver(cfg.deliverSubject(), cfg.deliverSubject(), fcid, ConsumerStatus.FLOW_CONTROL, new byte[0]);
    }

    private void processFlowControl(String subject) {
        if (!subject.equals(fcid)) {
            return;
        }
        if (maxpb < pblimit) {
            maxpb = Math.min(maxpb * 2, pblimit);
        }
        pbytes = Math.max(0, pbytes - fcsz);
        fcid = null;
        fcsz = 0;
        signal();
    }

    // ---- pull requests ---------------------------------------------------------------------------

    /** nats-server's processNextMsgRequest. */
    private void processNextRequest(String reply, byte[] body) {
        if (cfg.isPush()) {
            io.deliver(reply, reply, null, ConsumerStatus.simple(409, "Consumer is push based"), new byte[0]);
            return;
        }
        NextRequest req;
        try {
            req = NextRequest.parse(body);
        } catch (NextRequest.Invalid e) {
            status(reply, ConsumerStatus.simple(400, "Bad Request - " + e.getMessage()));
            return;
        }
        if (cfg.maxBatch() > 0 && req.batch() > cfg.maxBatch()) {
            status(reply, ConsumerStatus.simple(409, "Exceeded MaxRequestBatch of " + cfg.maxBatch()));
            return;
        }
        if (req.expiresNanos() > 0 && cfg.maxExpiresNanos() > 0 && req.expiresNanos() > cfg.maxExpiresNanos()) {
            status(reply, ConsumerStatus.simple(409, "Exceeded MaxRequestExpires of "
                    + GoDurations.format(cfg.maxExpiresNanos())));
            return;
        }
        if (req.maxBytes() > 0 && cfg.maxBytes() > 0 && req.maxBytes() > cfg.maxBytes()) {
            status(reply, ConsumerStatus.simple(409, "Exceeded MaxRequestMaxBytes of " + cfg.maxBytes()));
            return;
        }
        if (waiting.isFull()) {
            processWaiting(false);
        }
        long now = System.nanoTime();
        if (req.noWait()) {
            long msgsPending = numPending() + rdq.size();
            if (msgsPending == 0 && req.expiresNanos() == 0) {
                waiting.last = now;
                status(reply, ConsumerStatus.NO_MESSAGES);
                return;
            }
            if (msgsPending > 0) {
                long batchPending = processWaiting(false);
                if (msgsPending < batchPending) {
                    waiting.last = now;
                    status(reply, ConsumerStatus.REQUESTS_PENDING);
                    return;
                }
            }
        }
        WaitQueue.Request wr = new WaitQueue.Request(reply, req.batch(), req.maxBytes(),
                req.expiresNanos() > 0 ? now + req.expiresNanos() : 0, now, req.heartbeatNanos(), req.noWait());
        if (!waiting.add(wr)) {
            status(reply, ConsumerStatus.simple(409, "Exceeded MaxWaiting"));
            return;
        }
        signal();
        scheduleWaitTimer();
    }

    private void status(String reply, byte[] headers) {
        io.deliver(reply, reply, null, headers, new byte[0]);
    }

    /** nats-server's nextWaiting: the request the next message goes to, dropping those that cannot take it. */
    private WaitQueue.Request nextWaiting(long size) {
        long now = System.nanoTime();
        while (!waiting.isEmpty()) {
            WaitQueue.Request wr = waiting.peek();
            if (wr.bytes > 0) {
                if (size <= wr.bytes) {
                    wr.bytes -= size;
                    if (wr.bytes == 0) {
                        wr.n = 1;
                    }
                } else {
                    status(wr.reply, ConsumerStatus.withPending(409, "Message Size Exceeds MaxBytes", wr.n, wr.bytes));
                    waiting.removeHead();
                    continue;
                }
            }
            if ((wr.expires == 0 || now < wr.expires) && io.hasInterest(wr.reply)) {
                return waiting.pop();
            }
            status(wr.reply, ConsumerStatus.withPending(408, "Interest Expired", wr.n, wr.bytes));
            waiting.removeHead();
        }
        return null;
    }

    /**
     * nats-server's processWaiting: expires requests (and, at the end of what there is, no_wait ones that
     * got something), drops those nobody listens to any more, sends due heartbeats.
     *
     * @return the messages the remaining requests still want
     */
    private long processWaiting(boolean endOfStream) {
        if (waiting == null || waiting.isEmpty()) {
            return 0;
        }
        long now = System.nanoTime();
        long wanted = 0;
        for (var it = waiting.iterator(); it.hasNext(); ) {
            WaitQueue.Request wr = it.next();
            if ((endOfStream && wr.noWait && wr.delivered > 0) || (wr.expires != 0 && now - wr.expires > 0)) {
                status(wr.reply, ConsumerStatus.withPending(408, "Request Timeout", wr.n, wr.bytes));
                it.remove();
                continue;
            }
            if (!io.hasInterest(wr.reply)) {
                it.remove();
                continue;
            }
            wanted += wr.n;
            if (wr.nextHeartbeat != 0 && now - wr.nextHeartbeat >= 0) {
                io.deliver(wr.reply, wr.reply, null, ConsumerStatus.heartbeat(dseq - 1, sseq - 1, null), new byte[0]);
                wr.nextHeartbeat = now + wr.heartbeatNanos;
            }
        }
        scheduleWaitTimer();
        return wanted;
    }

    /** Runs processWaiting when the first request expires or owes a heartbeat. */
    private void scheduleWaitTimer() {
        long first = 0;
        for (var it = waiting.iterator(); it.hasNext(); ) {
            WaitQueue.Request wr = it.next();
            for (long t : new long[] {wr.expires, wr.nextHeartbeat}) {
                if (t != 0 && (first == 0 || t - first < 0)) {
                    first = t;
                }
            }
        }
        cancel(waitTimer);
        waitTimer = null;
        if (first != 0) {
            waitTimer = schedule(() -> {
                waitTimer = null;
                processWaiting(true);
            }, Math.max(TimeUnit.MILLISECONDS.toNanos(1), first - System.nanoTime()));
        }
    }

    // ---- acknowledgements ------------------------------------------------------------------------

    /** nats-server's processAck: the ack subject names the delivery, the body says what kind of ack. */
    private void processAck(String subject, String reply, byte[] body) {
        long[] info = AckSubject.parse(subject);
        long dc = info[0];
        long seq = info[1];
        long d = info[2];
        boolean skipReply = seq == 0;
        if (waiting != null) {
            waiting.last = System.nanoTime();
        }
        // The kind of ack is read from the bytes: a plain ack, the common case, builds no String.
        if (body.length == 0 || is(body, ACK) || is(body, OK)) {
            ackMsg(seq, d, dc, true);
        } else if (startsWith(body, NXT)) {
            ackMsg(seq, d, dc, true);
            if (reply != null && !reply.isEmpty()) {
                processNextRequest(reply, java.util.Arrays.copyOfRange(body, NXT.length, body.length));
            }
            skipReply = true;
        } else if (startsWith(body, NAK)) {
            processNak(seq, d, dc, new String(body, java.nio.charset.StandardCharsets.UTF_8));
        } else if (is(body, WPI)) {
            progress(seq);
        } else if (is(body, TERM)) {
            ackMsg(seq, d, dc, false);
            adviseTerminated(seq, d, dc);
        }
        if (reply != null && !reply.isEmpty() && !skipReply) {
            // An acknowledged ack (AckSync): answered once the ack is as durable as the messages.
            store.sync().whenComplete((v, e) -> io.deliver(reply, reply, null, null, new byte[0]));
        }
    }

    private static final byte[] ACK = {'+', 'A', 'C', 'K'};
    private static final byte[] OK = {'+', 'O', 'K'};
    private static final byte[] NXT = {'+', 'N', 'X', 'T'};
    private static final byte[] NAK = {'-', 'N', 'A', 'K'};
    private static final byte[] WPI = {'+', 'W', 'P', 'I'};
    private static final byte[] TERM = {'+', 'T', 'E', 'R', 'M'};

    private static boolean is(byte[] body, byte[] kind) {
        return java.util.Arrays.equals(body, kind);
    }

    private static boolean startsWith(byte[] body, byte[] kind) {
        return body.length >= kind.length && java.util.Arrays.equals(body, 0, kind.length, kind, 0, kind.length);
    }

    /**
     * The store collects changes for one write; they are written once the tasks already queued on this
     * thread (a burst of acks, the rest of a delivery pass) have run, so a process crash loses no more
     * than it would lose of acks not yet processed, at one system call per burst.
     */
    private void flushSoon() {
        if (!flushQueued) {
            flushQueued = true;
            onLoop(() -> {
                flushQueued = false;
                store.flush();
            });
        }
    }

    /** nats-server's processAckMsg. */
    private void ackMsg(long seq, long d, long dc, boolean sample) {
        boolean needSignal = false;
        switch (cfg.ackPolicy()) {
            case EXPLICIT -> {
                Pending p = pending.remove(seq);
                if (p != null && sample && shouldSample()) {
                    host.advise(Event.ACK_METRIC, this, seq, d, dc, nowNanos() - p.timestamp);
                }
                if (p != null) {
                    if (cfg.maxAckPending() > 0 && pending.size() + 1 >= cfg.maxAckPending()) {
                        needSignal = true;
                    }
                    d = p.dseq;
                    lastAckedNanos = nowNanos();
                }
                if (pending.isEmpty()) {
                    adflr = dseq - 1;
                    asflr = sseq - 1;
                } else if (d == adflr + 1) {
                    adflr = d;
                    asflr = seq;
                    for (long ss = seq + 1; ss < sseq; ss++) {
                        Pending next = pending.get(ss);
                        if (next != null) {
                            if (next.dseq > 0) {
                                adflr = next.dseq - 1;
                                asflr = ss - 1;
                            }
                            break;
                        }
                    }
                }
                rdc.remove(seq);
                rdq.remove(seq);
                if (p == null) {
                    return;
                }
                store.updateAcks(d, seq);
                flushSoon();
                host.acked(this, seq);
            }
            case ALL -> {
                if (d <= adflr || seq <= asflr) {
                    return;
                }
                if (cfg.maxAckPending() > 0 && pending.size() >= cfg.maxAckPending()) {
                    needSignal = true;
                }
                long from = asflr;
                adflr = d;
                asflr = seq;
                lastAckedNanos = nowNanos();
                for (long s = seq; s > from; s--) {
                    pending.remove(s);
                    rdc.remove(s);
                    rdq.remove(s);
                }
                store.updateAcks(d, seq);
                flushSoon();
                for (long s = from + 1; s <= seq; s++) {
                    host.acked(this, s);
                }
            }
            default -> {
                return;
            }
        }
        if (needSignal) {
            signal();
        }
    }

    /** nats-server's processNak, with an optional delay ({@code -NAK 5s} or {@code -NAK {"delay":ns}}). */
    private void processNak(long seq, long d, long dc, String nak) {
        if (d <= adflr || d >= dseq) {
            return;
        }
        if (!pending.isEmpty() && !pending.containsKey(seq)) {
            return;
        }
        adviseNak(seq, d, dc);
        String arg = nak.substring(4).trim();
        if (!arg.isEmpty()) {
            long delay = NextRequest.nakDelay(arg);
            if (delay == Long.MIN_VALUE) {
                LOG.warn("JetStream consumer '{} > {}' bad NAK delay value: \"{}\"", host.stream().name(), name, arg);
            } else {
                rdq.remove(seq);
                Pending p = pending.get(seq);
                if (p != null) {
                    p.timestamp = nowNanos() - cfg.ackWaitNanos() + delay;
                    store.updateDelivered(p.dseq, seq, dc, p.timestamp);
                    flushSoon();
                    cancel(ackTimer);
                    ackTimer = schedule(this::checkPending, TimeUnit.MILLISECONDS.toNanos(10));
                }
                return;
            }
        }
        rdq.add(seq);
        signal();
    }

    /** +WPI: the message is being worked on, its ack_wait starts again. */
    private void progress(long seq) {
        Pending p = pending.get(seq);
        if (p != null) {
            p.timestamp = nowNanos();
            rdq.remove(seq);
        }
    }

    private long ackWait(long next) {
        return (next > 0 ? next : cfg.ackWaitNanos()) + TimeUnit.MILLISECONDS.toNanos(1);
    }

    /** nats-server's checkPending: deliveries past their ack_wait (or backoff) go to the redelivery queue. */
    private void checkPending() {
        ackTimer = null;
        long now = nowNanos();
        long ttl = cfg.ackWaitNanos();
        List<Long> backoff = cfg.backoffNanos();
        long next = backoff.isEmpty() ? ackWait(0) : backoff.get(backoff.size() - 1);
        long first = host.stream().store.state(false).firstSeq();
        List<Long> expired = new ArrayList<>();
        for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            long seq = e.getKey();
            Pending p = e.getValue();
            if (seq < first) {
                it.remove();
                rdc.remove(seq);
                rdq.remove(seq);
                continue;
            }
            long elapsed = now - p.timestamp;
            long deadline = ttl;
            if (!backoff.isEmpty()) {
                int dc = rdc.getOrDefault(seq, 0L).intValue();
                int nbi = dc + 1;
                if (dc + 1 >= backoff.size()) {
                    dc = backoff.size() - 1;
                    nbi = dc;
                }
                deadline = backoff.get(dc);
                next = Math.min(next, backoff.get(nbi));
            }
            if (elapsed >= deadline) {
                if (!rdq.contains(seq)) {
                    expired.add(seq);
                }
            } else if (deadline - elapsed < next) {
                next = deadline - elapsed;
            }
        }
        if (!expired.isEmpty()) {
            expired.sort(null);
            rdq.addAll(expired);
            long off = now - pending.get(expired.get(0)).timestamp;
            for (long seq : expired) {
                pending.get(seq).timestamp += off;
            }
            signal();
        }
        if (!pending.isEmpty()) {
            ackTimer = schedule(this::checkPending, ackWait(next));
        }
    }

    // ---- stream events ---------------------------------------------------------------------------

    /** nats-server's consumer purge: the stream dropped everything below {@code seq} (0: everything up to {@code last}). */
    void purged(long seq, long last) {
        if (seq == 0) {
            seq = last + 1;
        }
        if (sseq < seq) {
            sseq = seq;
        }
        if (asflr < seq) {
            asflr = seq - 1;
            adflr = dseq - 1;
        }
        pending.clear();
        long floor = sseq;
        rdq.removeIf(s -> s < floor);
        npc = -1;
        store.update(state());
        signal();
    }

    /** Whether this consumer still needs stream message {@code seq} (nats-server's needAck). */
    boolean needsAck(long seq, String subject) {
        if (filtered() && subject != null && !matches(subject)) {
            return false;
        }
        return switch (cfg.ackPolicy()) {
            case NONE, ALL -> seq > asflr;
            case EXPLICIT -> seq > asflr && (seq >= sseq || pending.containsKey(seq));
        };
    }

    /** A new configuration from an accepted update (nats-server's updateConfig). */
    void reconfigure(ConsumerConfig c) {
        ConsumerConfig old = cfg;
        cfg = c;
        if (c.isPush() && !c.deliverSubject().equals(old.deliverSubject())) {
            rdq.addAll(pending.keySet().stream().sorted().toList());
            active = io.hasInterest(c.deliverSubject());
            if (!active) {
                interestLost();
            }
        }
        if (c.ackWaitNanos() != old.ackWaitNanos() && ackTimer != null) {
            cancel(ackTimer);
            ackTimer = schedule(this::checkPending, TimeUnit.MILLISECONDS.toNanos(100));
        }
        if (c.inactiveThresholdNanos() != old.inactiveThresholdNanos()) {
            updateInactiveThreshold();
            cancel(inactiveTimer);
            inactiveTimer = dthreshNanos > 0 ? schedule(this::deleteIfInactive, dthreshNanos) : null;
        }
        signal();
    }

    /** Whether a push consumer has a subscriber (nats-server's isActive; push_bound in info). */
    boolean active() {
        return active;
    }

    private void deleteIfInactive() {
        inactiveTimer = null;
        if (cfg.isPush()) {
            if (active) {
                return;
            }
        } else {
            long elapsed = System.nanoTime() - waiting.last;
            if (elapsed <= cfg.inactiveThresholdNanos() || (cfg.inactiveThresholdNanos() == 0 && elapsed <= dthreshNanos)) {
                inactiveTimer = schedule(this::deleteIfInactive, Math.max(1, dthreshNanos - elapsed));
                return;
            }
            processWaiting(true);
            if (!waiting.isEmpty()) {
                inactiveTimer = schedule(this::deleteIfInactive, dthreshNanos);
                return;
            }
        }
        host.expired(this);
    }

    // ---- info and lifecycle ----------------------------------------------------------------------

    /** The state as the store would keep it. */
    ConsumerState state() {
        Map<Long, ConsumerState.Pending> p = new HashMap<>();
        pending.forEach((seq, v) -> p.put(seq, new ConsumerState.Pending(v.dseq, v.timestamp)));
        return new ConsumerState(dseq - 1, sseq - 1, adflr, asflr, p, rdc);
    }

    /** Consumer info's figures (nats-server's infoWithSnapAndReply). Consumer thread. */
    ConsumerInfoJson.ConsumerInfo info() {
        if (waiting != null) {
            processWaiting(false);
        }
        if (cfg.isPush() && active && !io.hasInterest(cfg.deliverSubject())) {
            active = false;
            cancel(interestPoll);
            interestPoll = null;
            interestLost();
        }
        return new ConsumerInfoJson.ConsumerInfo(host.stream().name(), name, created, cfg,
                new ConsumerInfoJson.SequenceInfo(dseq - 1, sseq - 1, instant(lastDeliveredNanos)),
                new ConsumerInfoJson.SequenceInfo(adflr, asflr, instant(lastAckedNanos)), pending.size(), rdc.size(),
                waiting == null ? 0 : waiting.size(), streamNumPending(), cfg.isPush() && active);
    }

    /**
     * Stops delivering and unsubscribes; a deleted consumer tells its waiting pull requests so (409
     * Consumer Deleted) and deletes its store. Consumer thread.
     */
    void stop(boolean delete) {
        if (closed) {
            return;
        }
        if (delete && waiting != null) {
            for (var it = waiting.iterator(); it.hasNext(); ) {
                status(it.next().reply, ConsumerStatus.CONSUMER_DELETED);
            }
        }
        closed = true;
        unsubscribe.forEach(Runnable::run);
        unsubscribe.clear();
        for (ScheduledFuture<?> f : new ScheduledFuture<?>[] {ackTimer, heartbeatTimer, inactiveTimer, waitTimer, interestPoll, delayed}) {
            cancel(f);
        }
        if (delete) {
            store.delete();
        } else {
            store.close();
        }
    }

    boolean closed() {
        return closed;
    }

    // ---- advisories ------------------------------------------------------------------------------

    /** nats-server's shouldSample: sample_freq "N" or "N%" of acknowledgements get an ack metric. */
    private boolean shouldSample() {
        String f = cfg.sampleFrequency();
        if (f == null || f.isEmpty()) {
            return false;
        }
        int freq;
        try {
            freq = Integer.parseInt(f.endsWith("%") ? f.substring(0, f.length() - 1) : f);
        } catch (NumberFormatException e) {
            return false;
        }
        if (freq <= 0) {
            return false;
        }
        return freq >= 100 || ThreadLocalRandom.current().nextInt(100) <= freq;
    }

    private void adviseMaxDeliveries(long seq, long deliveries) {
        host.advise(Event.MAX_DELIVERIES, this, seq, 0, deliveries, 0);
    }

    private void adviseTerminated(long seq, long d, long dc) {
        host.advise(Event.TERMINATED, this, seq, d, dc, 0);
    }

    private void adviseNak(long seq, long d, long dc) {
        host.advise(Event.NAKED, this, seq, d, dc, 0);
    }
}
