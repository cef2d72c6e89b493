package io.natsj.store;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A JetStream stream's messages (nats-server's StreamStore contract). Sequences start at 1 and are
 * never reused: removing or purging messages moves the first sequence, never the last.
 *
 * <p>Thread-safe: any thread may call any method. Stores and removals are serialized by the
 * store's lock; loads share it. Nothing blocks on disk synchronisation: {@link #store} returns at
 * once and its future completes when the message is durable as the store's sync policy defines.
 */
public interface StreamStore extends AutoCloseable {

    /**
     * Stores a message under the next sequence, enforcing the limits (dropping old messages, or
     * refusing this one under discard new).
     *
     * <p>The sequence is assigned before this returns, so concurrent callers' messages are
     * ordered by their calls; the future completes with it once the message may be acknowledged:
     * for a file store with the default sync policy, after the fsync that covers it (shared with
     * every other message stored meanwhile). It completes on a store thread, never the caller's,
     * unless it is already complete on return; callers should move to their own thread before
     * doing real work. It fails with {@link LimitExceededException} for a refused message,
     * {@link StoreClosedException}, or {@link StoreException} for an I/O failure.
     *
     * @param headers the header block, or null or empty for none
     * @param timestamp nanoseconds since the epoch
     */
    CompletableFuture<Long> store(String subject, byte[] headers, byte[] payload, long timestamp);

    /**
     * The message with this sequence, or null when there is none (never stored, removed, purged).
     *
     * @throws CorruptMessageException when its stored record is damaged
     */
    StoredMessage load(long seq);

    /**
     * The last message on a subject, which may contain wildcards; null when none matches.
     *
     * @throws CorruptMessageException when its stored record is damaged
     */
    StoredMessage loadLast(String subject);

    /**
     * The first message at or after {@code fromSeq} whose subject matches {@code filter}
     * ({@code *} and {@code >} wildcards; null, empty or {@code >} matches all); null when none.
     *
     * @throws CorruptMessageException when its stored record is damaged
     */
    StoredMessage loadNext(String filter, long fromSeq);

    /** Removes a message; false when there was none with that sequence. */
    boolean remove(long seq);

    /** Removes a message and overwrites its stored content first (secure delete). */
    boolean erase(long seq);

    /**
     * Purges messages (nats-server's PurgeEx): those matching {@code filter} (null, empty or
     * {@code >}: all) below {@code upToSeq} (0: no bound), or all but the newest {@code keep}
     * (0: keep none) of them. Returns how many were removed.
     *
     * @throws IllegalArgumentException when both {@code upToSeq > 1} and {@code keep > 0}
     *     (nats-server's "sequence &gt; 1 &amp;&amp; keep &gt; 0 not allowed")
     */
    long purge(String filter, long upToSeq, long keep);

    /**
     * Removes every message below {@code seq}; when {@code seq} is past the last sequence the
     * next message stored gets {@code seq}. Returns how many were removed.
     */
    long compact(long seq);

    /**
     * Makes the next stored message take at least {@code nextSeq} (nats-server's SkipMsg, in bulk): a
     * mirror keeps its origin's sequence numbers across the origin's gaps. The sequences passed over
     * count as deleted. Not persisted by itself: the next stored record carries its sequence.
     */
    void skipTo(long nextSeq);

    /**
     * Reports every change of the stored bytes to {@code listener} (an account's usage), starting
     * with the total now; deleting the store reports it all gone. One listener; called under the
     * store's lock, so it must be quick.
     */
    void usage(java.util.function.LongConsumer listener);

    /** The stream's state; {@code withDeleted} also lists the deleted sequences. */
    StreamState state(boolean withDeleted);

    /** Messages per subject for the subjects matching {@code filter} (null or empty: all). */
    Map<String, SimpleState> subjectsState(String filter);

    /** Messages at or after {@code fromSeq} matching {@code filter} (nats-server's FilteredState). */
    SimpleState filteredState(long fromSeq, String filter);

    /** Replaces the limits and enforces them at once (drops messages over the new ones). */
    void updateLimits(StreamLimits limits);

    /** The limits in force. */
    StreamLimits limits();

    /** Stops the store: pending syncs complete, then resources are released. Idempotent. */
    @Override
    void close();

    /** Closes the store and deletes everything it stored. */
    void delete();
}
