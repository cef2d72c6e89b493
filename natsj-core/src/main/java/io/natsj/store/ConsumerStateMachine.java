package io.natsj.store;

import io.natsj.store.ConsumerStore.AckMode;
import java.util.HashMap;
import java.util.Map;

/**
 * A consumer's delivery and acknowledgement state and the rules that change it, shared by
 * {@link MemoryConsumerStore} and {@link FileConsumerStore} (which also replays its log through it
 * on open). The rules are nats-server 2.9.10's consumerFileStore and consumerMemStore, which agree:
 * {@link #delivered} is UpdateDelivered, {@link #ack} UpdateAcks, {@link #starting} SetStarting and
 * {@link #replace} Update.
 *
 * <p>Deterministic: the same operations from the same state in the same ack mode give the same
 * state, whatever order the maps iterate in, which is what lets the file store log operations
 * rather than results.
 *
 * <p>Invariants kept by the operations (not by {@link #load}, which takes what a checked record
 * says): a pending stream sequence is above the ack floor's when it is added; with {@link AckMode#NONE}
 * nothing is pending and the ack floor moves with the last delivery.
 *
 * <p>Sequences are signed longs: nats-server's uint64 sequences never reach 2^63. Not thread-safe:
 * the owning store's lock guards it.
 */
final class ConsumerStateMachine {
    /** {@link #ack}: nothing pending at that stream sequence (or no acks in this mode); nothing changed. */
    static final int NOT_PENDING = 0;
    /** {@link #ack}: pending, but at or below the ack floor (a replayed old ack); nothing changed. */
    static final int BELOW_FLOOR = 1;
    /** {@link #ack}: acknowledged; the state changed. */
    static final int ACKED = 2;

    AckMode mode;
    long deliveredConsumer;
    long deliveredStream;
    long floorConsumer;
    long floorStream;
    /** Stream sequence to (consumer sequence, timestamp) of the delivery waiting for its ack. */
    final SeqMap pending = new SeqMap();
    /** Stream sequence to deliveries minus one; the second value is unused. */
    final SeqMap redelivered = new SeqMap();

    ConsumerStateMachine(AckMode mode) {
        this.mode = mode;
    }

    /**
     * Delivery {@code dseq} of stream message {@code sseq}, its {@code dc}-th. Refused (false,
     * nothing changes) for a redelivery under {@link AckMode#NONE} (nats-server's ErrNoAckPolicy),
     * and ignored for a delivery at or below the ack floor (an old one replayed).
     *
     * @return whether the operation was applied (and must be recorded)
     */
    boolean delivered(long dseq, long sseq, long dc, long ts) {
        if (dc != 1 && mode == AckMode.NONE) {
            return false;
        }
        if (dseq <= floorConsumer) {
            return false;
        }
        if (mode == AckMode.NONE) {
            deliveredConsumer = dseq;
            deliveredStream = sseq;
            floorConsumer = dseq;
            floorStream = sseq;
            return true;
        }
        if (sseq > deliveredStream || pending.containsKey(sseq)) {
            // a new message, or a redelivery of one still pending (a redelivery of one no longer
            // pending leaves pending alone, but still counts below)
            pending.put(sseq, dseq, ts);
        }
        if (dseq > deliveredConsumer) {
            deliveredConsumer = dseq;
        }
        if (sseq > deliveredStream) {
            deliveredStream = sseq;
        }
        if (dc > 1) {
            redelivered.put(sseq, dc - 1, 0);
        }
        return true;
    }

    /**
     * The acknowledgement of stream message {@code sseq} delivered as {@code dseq}.
     *
     * <p>{@link AckMode#ALL}: the floor becomes (dseq, sseq) and everything pending above the old
     * stream floor up to sseq goes. {@link AckMode#EXPLICIT}: sseq stops pending, and its consumer
     * sequence is taken from the pending entry; when nothing is pending any more the floor becomes
     * the last delivered; otherwise, when that consumer sequence is the one just above the floor, the
     * floor moves to it and then (unless the floor was 0 or this was the last delivery) to just below
     * the next pending stream sequence, as nats-server does (so the stream floor may land on a
     * sequence the consumer never delivered).
     *
     * @return {@link #NOT_PENDING}, {@link #BELOW_FLOOR} or {@link #ACKED}
     */
    int ack(long dseq, long sseq) {
        if (mode == AckMode.NONE || !pending.containsKey(sseq)) {
            return NOT_PENDING;
        }
        if (dseq <= floorConsumer) {
            return BELOW_FLOOR;
        }
        if (mode == AckMode.ALL) {
            long oldFloor = floorStream;
            floorConsumer = dseq;
            floorStream = sseq;
            // nothing above sseq is touched; when sseq is below the old floor nothing is removed
            pending.removeRange(oldFloor, sseq);
            redelivered.removeRange(oldFloor, sseq);
            return ACKED;
        }
        long original = pending.first(sseq);
        pending.remove(sseq);
        redelivered.remove(sseq);
        if (pending.size() == 0) {
            floorConsumer = deliveredConsumer;
            floorStream = deliveredStream;
        } else if (original == floorConsumer + 1) {
            boolean first = floorConsumer == 0;
            floorConsumer = original;
            floorStream = sseq;
            if (!first && deliveredConsumer > original) {
                long next = pending.minKeyBetween(sseq, deliveredStream);
                if (next != SeqMap.NONE) {
                    long nextConsumer = pending.first(next);
                    if (nextConsumer > 0) {
                        floorConsumer = nextConsumer - 1;
                        floorStream = next - 1;
                    }
                }
            }
        }
        return ACKED;
    }

    /** A new consumer starting after stream sequence {@code sseq}: only the delivered stream sequence moves. */
    void starting(long sseq) {
        deliveredStream = sseq;
    }

    /**
     * Replaces the whole state after nats-server's checks.
     *
     * @throws IllegalArgumentException with nats-server's text when a check fails; nothing changes
     */
    void replace(ConsumerState s) {
        if (s.ackFloorConsumer() > s.deliveredConsumer()) {
            throw new IllegalArgumentException("bad ack floor for consumer");
        }
        if (s.ackFloorStream() > s.deliveredStream()) {
            throw new IllegalArgumentException("bad ack floor for stream");
        }
        for (long seq : s.pending().keySet()) {
            if (seq <= s.ackFloorStream() || seq > s.deliveredStream()) {
                throw new IllegalArgumentException("bad pending entry, sequence [" + seq + "] out of range");
            }
        }
        if (s.deliveredConsumer() < deliveredConsumer) {
            throw new IllegalArgumentException("old update ignored");
        }
        load(mode, s.deliveredConsumer(), s.deliveredStream(), s.ackFloorConsumer(), s.ackFloorStream());
        s.pending().forEach((seq, p) -> pending.put(seq, p.consumerSeq(), p.timestamp()));
        s.redelivered().forEach((seq, count) -> redelivered.put(seq, count, 0));
    }

    /** Sets the sequences and empties the maps (a state record being read back, or a replace). */
    void load(AckMode mode, long deliveredConsumer, long deliveredStream, long floorConsumer, long floorStream) {
        this.mode = mode;
        this.deliveredConsumer = deliveredConsumer;
        this.deliveredStream = deliveredStream;
        this.floorConsumer = floorConsumer;
        this.floorStream = floorStream;
        pending.clear();
        redelivered.clear();
    }

    /** A copy the caller owns. */
    ConsumerState snapshot() {
        Map<Long, ConsumerState.Pending> p = new HashMap<>();
        pending.forEach((seq, consumerSeq, ts) -> p.put(seq, new ConsumerState.Pending(consumerSeq, ts)));
        Map<Long, Long> r = new HashMap<>();
        redelivered.forEach((seq, count, unused) -> r.put(seq, count));
        return new ConsumerState(deliveredConsumer, deliveredStream, floorConsumer, floorStream, p, r);
    }
}
