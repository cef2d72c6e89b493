package io.natsj.store;

import java.util.concurrent.CompletableFuture;

/**
 * A JetStream consumer's delivery and acknowledgement state (nats-server's ConsumerStore), kept with
 * the same durability as the stream's messages. {@link MemoryConsumerStore} and
 * {@link FileConsumerStore} implement it.
 *
 * <p>Semantics are nats-server 2.9.10's consumerFileStore: {@link #updateDelivered} records a delivery
 * (pending for acknowledgement unless the ack mode is {@link AckMode#NONE}, redelivery counts), and
 * {@link #updateAcks} an acknowledgement, moving the ack floor as nats-server moves it. Where
 * nats-server returns an error the caller ignores (ErrNoAckPolicy, ErrStoreMsgNotFound), these
 * methods change nothing and say so in their result, or not at all; updates never throw for I/O
 * (a file store reports write failures through {@link #sync}). Unlike nats-server's file store,
 * pending timestamps survive a restart exactly (nats-server keeps whole seconds).
 *
 * <p>After {@link #close} or {@link #delete}, every method but those two throws
 * {@link StoreClosedException} ({@link #sync} returns a future failed with it).
 *
 * <p>Threading: one caller at a time (the consumer's own thread), though {@link #state} may be
 * called from any; {@link #sync}'s future completes on a store thread.
 */
public interface ConsumerStore extends AutoCloseable {
    /** How the consumer acknowledges; decides what the state keeps (nats-server's AckPolicy). */
    enum AckMode {
        NONE, ALL, EXPLICIT
    }

    /** The state now (a copy the caller owns); after an open, exactly the state last made durable or later. */
    ConsumerState state();

    /**
     * A new consumer starting after stream sequence {@code sseq}: the delivered stream sequence
     * becomes sseq; the ack floor does not move (nats-server 2.9.10's SetStarting; the consumer keeps
     * its own ack floor at sseq).
     */
    void setStarting(long sseq);

    /**
     * Delivery {@code dseq} of stream message {@code sseq}, its {@code dc}-th delivery, at {@code ts}
     * (ns since the epoch). A stream sequence above the delivered one becomes pending; one at or
     * below it updates its pending entry if it has one; {@code dc > 1} sets its redelivery count to
     * dc - 1; the delivered pair moves up. Under {@link AckMode#NONE} nothing is pending and the
     * delivered pair and ack floor both become (dseq, sseq). Ignored when dseq is at or below the ack
     * floor (an old delivery replayed), and under {@link AckMode#NONE} when dc is not 1
     * (nats-server's ErrNoAckPolicy).
     */
    void updateDelivered(long dseq, long sseq, long dc, long ts);

    /**
     * An acknowledgement of stream message {@code sseq} delivered as {@code dseq}.
     * {@link AckMode#ALL}: the ack floor becomes (dseq, sseq) and every pending sequence above the
     * old stream floor up to sseq goes. {@link AckMode#EXPLICIT}: sseq stops pending; the floor
     * becomes the delivered pair when nothing is pending any more, or, when the delivery's consumer
     * sequence is just above the floor, moves up to it and on to just below the next pending stream
     * sequence. An ack with dseq at or below the floor changes nothing.
     *
     * @return false when there was nothing pending at {@code sseq} (nats-server's ErrStoreMsgNotFound),
     *     and always under {@link AckMode#NONE} (ErrNoAckPolicy); then nothing changed
     */
    boolean updateAcks(long dseq, long sseq);

    /**
     * Replaces the whole state (nats-server's Update), e.g. when a consumer is reset.
     *
     * @throws IllegalArgumentException with nats-server's text, nothing changed: "bad ack floor for
     *     consumer" or "for stream" (a floor above the delivered), "bad pending entry, sequence [n] out
     *     of range" (pending at or below the stream floor or above the delivered), "old update
     *     ignored" (a delivered consumer sequence below the current one)
     */
    void update(ConsumerState state);

    /**
     * Writes the changes collected so far to the operating system (no fsync): after this a process
     * crash no longer loses them, only a power cut can. A file store collects changes for one write;
     * its owner calls this when it has nothing more to do for now.
     */
    default void flush() {
    }

    /**
     * Completes once every change made before this call is durable (fsynced for a file store; with
     * {@link SyncPolicy#interval} once written, the fsync following within the interval). Fails with
     * {@link StoreException} naming the system's reason when the changes could not be written or synced.
     */
    CompletableFuture<Void> sync();

    /** The consumer's opaque configuration blob, stored durably alongside (null when never set). */
    byte[] config();

    /** Replaces the configuration blob durably before returning. */
    void updateConfig(byte[] blob);

    /** Syncs and releases resources. Idempotent. */
    @Override
    void close();

    /** Closes and deletes everything this store kept. */
    void delete();
}
