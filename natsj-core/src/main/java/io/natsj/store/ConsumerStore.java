package io.natsj.store;

import java.util.concurrent.CompletableFuture;

/**
 * A JetStream consumer's delivery and acknowledgement state (nats-server's ConsumerStore), kept with
 * the same durability as the stream's messages.
 *
 * <p>Semantics are nats-server 2.9's consumerFileStore: {@link #updateDelivered} records a delivery
 * (pending for acknowledgement unless the ack mode is {@link AckMode#NONE}, redelivery counts), and
 * {@link #updateAcks} an acknowledgement, moving the ack floor as nats-server moves it.
 *
 * <p>Threading: one caller at a time (the consumer's own thread); {@link #sync}'s future completes on
 * a store thread.
 */
public interface ConsumerStore extends AutoCloseable {
    /** How the consumer acknowledges; decides what the state keeps (nats-server's AckPolicy). */
    enum AckMode {
        NONE, ALL, EXPLICIT
    }

    /** The state now (a copy the caller owns); after an open, exactly the state last made durable or later. */
    ConsumerState state();

    /** A new consumer starting after stream sequence {@code sseq} (delivered and ack floor at sseq). */
    void setStarting(long sseq);

    /** Delivery {@code dseq} of stream message {@code sseq}, its {@code dc}-th delivery, at {@code ts} (ns since the epoch). */
    void updateDelivered(long dseq, long sseq, long dc, long ts);

    /**
     * An acknowledgement of stream message {@code sseq} delivered as {@code dseq}.
     *
     * @return false when there was nothing pending at {@code sseq} (nats-server's ErrStoreMsgNotFound)
     */
    boolean updateAcks(long dseq, long sseq);

    /** Replaces the whole state (nats-server's Update), e.g. when a consumer is reset. */
    void update(ConsumerState state);

    /** Completes once every change made before this call is durable (fsynced for a file store). */
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
