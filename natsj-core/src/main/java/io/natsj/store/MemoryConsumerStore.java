package io.natsj.store;

import java.util.concurrent.CompletableFuture;

/**
 * A consumer's state in memory (nats-server's consumerMemStore), for consumers of memory streams:
 * the same rules as {@link FileConsumerStore} ({@link ConsumerStateMachine}), nothing kept across a
 * restart, {@link #sync} complete at once.
 *
 * <p>Thread-safe (every method holds the store's monitor), though a consumer calls it from one thread.
 */
public final class MemoryConsumerStore implements ConsumerStore {
    private final ConsumerStateMachine state;
    /** Guarded by this. */
    private byte[] config;
    private boolean closed;

    private MemoryConsumerStore(AckMode mode) {
        this.state = new ConsumerStateMachine(mode);
    }

    public static MemoryConsumerStore create(AckMode mode) {
        if (mode == null) {
            throw new IllegalArgumentException("ack mode is required");
        }
        return new MemoryConsumerStore(mode);
    }

    @Override
    public synchronized ConsumerState state() {
        ensureOpen();
        return state.snapshot();
    }

    @Override
    public synchronized void setStarting(long sseq) {
        ensureOpen();
        state.starting(sseq);
    }

    @Override
    public synchronized void updateDelivered(long dseq, long sseq, long dc, long ts) {
        ensureOpen();
        state.delivered(dseq, sseq, dc, ts);
    }

    @Override
    public synchronized boolean updateAcks(long dseq, long sseq) {
        ensureOpen();
        return state.ack(dseq, sseq) != ConsumerStateMachine.NOT_PENDING;
    }

    @Override
    public synchronized void update(ConsumerState s) {
        ensureOpen();
        state.replace(s);
    }

    @Override
    public synchronized CompletableFuture<Void> sync() {
        if (closed) {
            return CompletableFuture.failedFuture(new StoreClosedException());
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized byte[] config() {
        ensureOpen();
        return config == null ? null : config.clone();
    }

    @Override
    public synchronized void updateConfig(byte[] blob) {
        ensureOpen();
        config = blob.clone();
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    @Override
    public void delete() {
        close();
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreClosedException();
        }
    }
}
