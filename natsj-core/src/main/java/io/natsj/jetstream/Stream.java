package io.natsj.jetstream;

import io.natsj.store.StoreException;
import io.natsj.store.StoredMessage;
import io.natsj.store.StreamStore;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One stream: its configuration, its store and what a publish into it must pass (nats-server's
 * processInboundJetStreamMsg and processJetStreamMsg on a single server): sealed, expected stream,
 * duplicate id, expected last sequences and message id, rollup, size; then the store, then the
 * answer once the store says the message is durable.
 *
 * <p>Threading: {@link #publish} may be called from any thread; the checks and the store call run
 * under this stream's lock (it guards the duplicate window, the last sequence and message id), so
 * that what was checked is what gets stored. The store's fsync is not waited for under the lock:
 * the answer comes through the returned future.
 */
public final class Stream {
    /** A publish's outcome: an answer now (null: none at all), or one once the message is durable. */
    public record Outcome(String now, CompletableFuture<String> later) {
        static Outcome answer(String json) {
            return new Outcome(json, null);
        }
    }

    /** What a stream tells its account once a message is durable. Any thread. */
    interface Hooks {
        /** A republished copy, to publish in the account after the ones before it. */
        void republish(String subject, byte[] headers, byte[] payload);

        /** A message was stored (mirrors and sources of this stream may take it now). */
        void stored(String stream);

        /** The server's streams of this storage hold more than it may: nothing more is stored. */
        boolean serverFull(StreamConfig.Storage type);

        /** The account holds more than its limits allow (checked with the new message stored). */
        boolean accountOver(StreamConfig.Storage type);
    }

    private volatile StreamConfig config;
    private final Hooks hooks;
    /** The republish transform of the configuration (null: none); republish cannot change on update. */
    private final io.natsj.routing.SubjectTransform republishTransform;
    final Instant created;
    final StreamStore store;
    private final String ackTemplate;
    // Guarded by "this".
    private final DuplicateWindow duplicates;
    private long lastSeq;
    private String lastMsgId = "";
    /**
     * The highest sequence the store has made durable: consumers deliver nothing above it, so a message
     * a crash could still lose is never delivered (its sequence could be given to another message).
     */
    private final java.util.concurrent.atomic.AtomicLong durableSeq = new java.util.concurrent.atomic.AtomicLong();
    /** Set once by {@link Streams} right after construction. */
    private volatile Consumers consumers;

    Stream(StreamConfig config, Instant created, StreamStore store, String domain, Hooks hooks) {
        this.config = config;
        this.hooks = hooks;
        this.republishTransform = config.republish() == null ? null
                : io.natsj.routing.SubjectTransform.of(config.republish().src(), config.republish().dest());
        this.created = created;
        this.store = store;
        this.ackTemplate = PubAcks.template(config.name(), domain);
        this.duplicates = new DuplicateWindow(config.duplicateWindowNanos());
        this.lastSeq = store.state(false).lastSeq();
        this.durableSeq.set(lastSeq);
        rebuildDuplicates();
    }

    /**
     * A stream reopened after a restart (or a crash) knows the message ids it stored within its
     * duplicate window again, as nats-server's rebuildDedupe does: a publisher retrying a message
     * whose PubAck was lost with the server is told it is a duplicate of what was stored, not given
     * a second copy. Walks back from the last message while messages are inside the window; also
     * restores the last message id (Nats-Expected-Last-Msg-Id). Runs before the stream is shared.
     */
    private void rebuildDuplicates() {
        long window = config.duplicateWindowNanos();
        if (window <= 0 || lastSeq == 0) {
            return;
        }
        Instant clock = Instant.now();
        long now = clock.getEpochSecond() * 1_000_000_000L + clock.getNano();
        long first = store.state(false).firstSeq();
        record Id(String id, long seq, long timestamp) {
        }
        java.util.ArrayDeque<Id> ids = new java.util.ArrayDeque<>();
        for (long seq = lastSeq; seq >= first && seq > 0; seq--) {
            StoredMessage m;
            try {
                m = store.load(seq);
            } catch (StoreException damaged) {
                continue; // the store reports it lost
            }
            if (m == null) {
                continue;
            }
            if (now - m.timestamp() >= window) {
                break;
            }
            byte[] h = m.headers();
            String id = h.length == 0 ? null : JsHeaders.get(h, 0, h.length, JsHeaders.MSG_ID);
            if (id != null && !id.isEmpty()) {
                ids.addFirst(new Id(id, m.seq(), m.timestamp()));
                if (m.seq() == lastSeq) {
                    lastMsgId = id;
                }
            }
        }
        for (Id e : ids) { // oldest first: the window expires them in this order
            duplicates.stored(e.id(), e.seq(), e.timestamp());
        }
    }

    StreamConfig config() {
        return config;
    }

    /** A stream update's new configuration; publishes from now on are checked against it. */
    void reconfigure(StreamConfig c) {
        synchronized (this) {
            duplicates.window(c.duplicateWindowNanos());
            config = c;
        }
    }

    String name() {
        return config.name();
    }

    /**
     * Checks and stores a published message.
     *
     * @param headers the header block, or null
     */
    Outcome publish(String subject, byte[] headers, byte[] payload) {
        StreamConfig c = config;
        if (c.sealed()) {
            return Outcome.answer(PubAcks.error(c.name(), ApiErrors.STREAM_SEALED));
        }
        int hlen = headers == null ? 0 : headers.length;
        Instant clock = Instant.now();
        long now = clock.getEpochSecond() * 1_000_000_000L + clock.getNano();
        boolean rollupSubject = false;
        boolean rollupAll = false;
        String msgId = null;
        synchronized (this) {
            if (hlen > 0) {
                String expectedStream = JsHeaders.get(headers, 0, hlen, JsHeaders.EXPECTED_STREAM);
                if (expectedStream != null && !expectedStream.isEmpty() && !expectedStream.equals(c.name())) {
                    return Outcome.answer(PubAcks.error(c.name(), ApiErrors.STREAM_NOT_MATCH));
                }
                msgId = JsHeaders.get(headers, 0, hlen, JsHeaders.MSG_ID);
                if (msgId != null && !msgId.isEmpty()) {
                    long dup = duplicates.seqOf(msgId, now);
                    if (dup >= 0) {
                        return Outcome.answer(PubAcks.duplicate(ackTemplate, dup));
                    }
                } else {
                    msgId = null;
                }
                Long subjectSeq = JsHeaders.sequence(headers, 0, hlen, JsHeaders.EXPECTED_LAST_SUBJECT_SEQ);
                if (subjectSeq != null) {
                    StoredMessage last = lastOn(subject);
                    long found = last == null ? 0 : last.seq();
                    if (found != subjectSeq) {
                        return Outcome.answer(PubAcks.error(c.name(), ApiErrors.streamWrongLastSequence(found)));
                    }
                }
                Long lastExpected = JsHeaders.sequence(headers, 0, hlen, JsHeaders.EXPECTED_LAST_SEQ);
                if (lastExpected != null && lastExpected != lastSeq) {
                    return Outcome.answer(PubAcks.error(c.name(), ApiErrors.streamWrongLastSequence(lastSeq)));
                }
                String lastId = JsHeaders.get(headers, 0, hlen, JsHeaders.EXPECTED_LAST_MSG_ID);
                if (lastId != null && !lastId.isEmpty() && !lastId.equals(lastMsgId)) {
                    return Outcome.answer(PubAcks.error(c.name(), ApiErrors.streamWrongLastMsgId(lastMsgId)));
                }
                String rollup = JsHeaders.get(headers, 0, hlen, JsHeaders.ROLLUP);
                if (rollup != null && !rollup.isEmpty()) {
                    if (!c.allowRollup() || c.denyPurge()) {
                        return Outcome.answer(PubAcks.error(c.name(), ApiErrors.streamRollupFailed("rollup not permitted")));
                    }
                    switch (rollup.toLowerCase(java.util.Locale.ROOT)) {
                        case JsHeaders.ROLLUP_SUBJECT -> rollupSubject = true;
                        case JsHeaders.ROLLUP_ALL -> rollupAll = true;
                        default -> {
                            return Outcome.answer(null); // nats-server drops it without an answer
                        }
                    }
                }
            }
            if (c.maxMsgSize() >= 0 && hlen + (long) payload.length > c.maxMsgSize()) {
                return Outcome.answer(PubAcks.error(c.name(), ApiErrors.STREAM_MESSAGE_EXCEEDS_MAXIMUM));
            }
            if (hlen > 0xFFFF) {
                return Outcome.answer(PubAcks.error(c.name(), ApiErrors.STREAM_HEADER_EXCEEDS_MAXIMUM));
            }
            if (hooks.serverFull(c.storage())) {
                return Outcome.answer(PubAcks.error(c.name(), ApiErrors.INSUFFICIENT_RESOURCES));
            }
            // nats-server's republish: the subject moved by the transform, and the sequence of the last
            // message on the same subject before this one (0: none), which lets a reader see gaps.
            String republishTo = republishTransform == null ? null : republishTransform.match(subject);
            long lastOnSubject = 0;
            if (republishTo != null) {
                StoredMessage last = lastOn(subject);
                lastOnSubject = last == null ? 0 : last.seq();
            }
            if (c.retention() == StreamConfig.Retention.INTEREST && !interested(subject)) {
                // nats-server's noInterest: nobody would ever consume it, so it is not stored; its sequence is
                // used (a skip) and acknowledged, and its message id remembered.
                long seq = ++lastSeq;
                store.skipTo(seq + 1);
                lastMsgId = msgId == null ? "" : msgId;
                if (msgId != null) {
                    duplicates.stored(msgId, seq, now);
                }
                durableSeq.accumulateAndGet(seq, Math::max);
                return Outcome.answer(PubAcks.stored(ackTemplate, seq));
            }
            CompletableFuture<Long> stored;
            try {
                stored = store.store(subject, headers, payload, now);
            } catch (StoreException e) {
                return Outcome.answer(PubAcks.error(c.name(), ApiErrors.streamStoreFailed(e.getMessage())));
            }
            if (stored.isCompletedExceptionally()) {
                return Outcome.answer(failure(c.name(), stored));
            }
            String previousId = lastMsgId;
            long seq = ++lastSeq;
            if (hooks.accountOver(c.storage())) {
                // As nats-server: stored, found over the account's limits, taken back; the sequence stays used.
                store.remove(seq);
                return Outcome.answer(PubAcks.error(c.name(), ApiErrors.ACCOUNT_RESOURCES_EXCEEDED));
            }
            lastMsgId = msgId == null ? "" : msgId;
            if (msgId != null) {
                duplicates.stored(msgId, seq, now);
            }
            if (rollupSubject) {
                store.purge(subject, 0, 1);
            } else if (rollupAll) {
                store.purge(null, 0, 1);
            }
            String name = c.name();
            long previousOnSubject = lastOnSubject;
            String msgIdStored = msgId;
            CompletableFuture<String> answer = stored.handle((s, error) -> {
                if (error == null) {
                    if (republishTo != null) {
                        // Once durable, as the acknowledgement: nobody sees a copy of what a crash could lose.
                        hooks.republish(republishTo, republishHeaders(name, subject, s, previousOnSubject, headers,
                                c.republish().headersOnly() ? payload.length : -1), c.republish().headersOnly() ? new byte[0] : payload);
                    }
                    durable(s);
                    hooks.stored(name);
                    return PubAcks.stored(ackTemplate, s);
                }
                restoreAfterFailure(previousId, msgIdStored, seq);
                return failure(name, stored);
            });
            return new Outcome(null, answer);
        }
    }

    /**
     * The republished copy's headers: the message's own (or a fresh block) with Nats-Stream,
     * Nats-Subject, Nats-Sequence and Nats-Last-Sequence, and Nats-Msg-Size when only headers go.
     *
     * @param size the payload's size for headers_only, else -1
     */
    static byte[] republishHeaders(String stream, String subject, long seq, long lastSeq, byte[] headers, int size) {
        String lines = "Nats-Stream: " + stream + "\r\nNats-Subject: " + subject + "\r\nNats-Sequence: "
                + Long.toUnsignedString(seq) + "\r\nNats-Last-Sequence: " + Long.toUnsignedString(lastSeq) + "\r\n";
        return JsHeaders.append(headers, size >= 0 ? lines + "Nats-Msg-Size: " + size + "\r\n" : lines);
    }

    /**
     * Stores a message of the stream this one mirrors at the origin's sequence and time (nats-server's
     * processInboundMirrorMsg): sequences the origin no longer has are passed over. A message at or
     * below the last sequence is old and ignored.
     *
     * @return the store's answer, or null when ignored
     */
    CompletableFuture<Long> storeMirrored(StoredMessage m) {
        synchronized (this) {
            if (m.seq() <= lastSeq) {
                return null;
            }
            store.skipTo(m.seq());
            CompletableFuture<Long> stored = store.store(m.subject(), m.headers(), m.payload(), m.timestamp());
            if (!stored.isCompletedExceptionally()) {
                lastSeq = m.seq();
            }
            stored.whenComplete((s, error) -> {
                if (error == null) {
                    durable(s);
                    hooks.stored(name());
                } else {
                    // Not stored after all: the feed starts over from the store's last sequence.
                    synchronized (this) {
                        lastSeq = store.state(false).lastSeq();
                    }
                }
            });
            return stored;
        }
    }

    /** A store future completed: everything up to {@code seq} is durable; consumers may deliver it. Any thread. */
    private void durable(long seq) {
        durableSeq.accumulateAndGet(seq, Math::max);
        Consumers cs = consumers;
        if (cs != null) {
            cs.signal();
        }
    }

    private boolean interested(String subject) {
        Consumers cs = consumers;
        return cs != null && cs.anyInterest(subject);
    }

    /** The highest sequence consumers may deliver. Any thread. */
    long durableSeq() {
        return durableSeq.get();
    }

    void consumers(Consumers c) {
        this.consumers = c;
    }

    Consumers consumers() {
        return consumers;
    }

    /** The last sequence the stream took or passed over. */
    synchronized long lastSeq() {
        return lastSeq;
    }

    /** A store that failed after the sequence was counted: take the figures back from it. */
    private synchronized void restoreAfterFailure(String previousId, String msgId, long seq) {
        lastSeq = store.state(false).lastSeq();
        lastMsgId = previousId;
        if (msgId != null) {
            duplicates.forget(msgId, seq);
        }
    }

    private StoredMessage lastOn(String subject) {
        try {
            return store.loadLast(subject);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** nats-server's answer to a store failure: JSStreamStoreFailedF with the store's text. */
    private static String failure(String stream, CompletableFuture<Long> stored) {
        try {
            stored.join();
            throw new IllegalStateException("not failed");
        } catch (CompletionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return PubAcks.error(stream, ApiErrors.streamStoreFailed(String.valueOf(cause.getMessage())));
        }
    }
}
