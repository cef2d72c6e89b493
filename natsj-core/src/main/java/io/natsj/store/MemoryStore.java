package io.natsj.store;

import java.util.concurrent.CompletableFuture;

/**
 * A stream kept in memory (nats-server's memstore): the same semantics as {@link FileStore}, gone
 * with the process. Bytes are counted as memstore counts them. Messages are copied in; loads
 * return the stored copy, which callers must not modify.
 */
public final class MemoryStore extends AbstractStore<StoredMessage> {

    public MemoryStore(String name, StreamLimits limits) {
        this(name, limits, MessageSize.MEMORY);
    }

    /** With another store type's byte counting, to compare the two stores message for message. */
    MemoryStore(String name, StreamLimits limits, MessageSize sizer) {
        super(name, limits, sizer);
    }

    @Override
    StoredMessage append(long seq, String subject, byte[] headers, byte[] payload, long timestamp) {
        return new StoredMessage(seq, subject, headers.clone(), payload.clone(), timestamp);
    }

    @Override
    StoredMessage read(long seq, StoredMessage entry) {
        return entry;
    }

    @Override
    void persistRemove(long seq, StoredMessage entry, boolean erase) {
        // nothing outlives the process; an erased message's arrays may still be held by readers
    }

    @Override
    void persistCompact(long floor, boolean all) {
        // nothing to record
    }

    @Override
    void released(StoredMessage entry) {
        // nothing held besides the entry
    }

    @Override
    CompletableFuture<Long> acknowledge(long seq, StoredMessage entry) {
        return CompletableFuture.completedFuture(seq);
    }

    @Override
    void afterRemovals() {
        // no files
    }

    @Override
    void closeResources() {
        // nothing to release
    }

    @Override
    public void delete() {
        dropUsage();
        close();
    }

    @Override
    String subjectOf(StoredMessage entry) {
        return entry.subject();
    }

    @Override
    long timestampOf(StoredMessage entry) {
        return entry.timestamp();
    }

    @Override
    int sizeOf(StoredMessage entry) {
        return sizer.of(entry.subject(), entry.headers(), entry.payload());
    }

    @Override
    void persistSkip(long from, long to, boolean empty) {
        // nothing outlives the process
    }
}
