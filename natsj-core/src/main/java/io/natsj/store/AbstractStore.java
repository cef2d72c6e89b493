package io.natsj.store;

import io.natsj.store.LimitExceededException.Limit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nats-server's store semantics (limits, discard, purge, compact, last and next by subject) over a
 * {@link MessageIndex}, for both stores. Subclasses say how an entry is written, read, removed
 * and made durable; every hook runs under the write lock unless it says otherwise.
 *
 * <p>Threading: {@link #lock}'s write lock guards the index, the limits' enforcement and the
 * subclass's files; loads take the read lock. The max_age timer runs on "natsj-store-timer".
 */
abstract class AbstractStore<E> implements StreamStore {
    private static final Logger log = LoggerFactory.getLogger(AbstractStore.class);
    private static final byte[] NONE = new byte[0];

    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    final MessageIndex<E> index;
    final MessageSize sizer;
    final String name;
    /** Write failures, logged without a line per message. */
    final FailureLog failures;
    private volatile StreamLimits limits;
    /** Guarded by the write lock. */
    boolean closed;
    /** The pending expiry, guarded by the write lock. */
    private ScheduledFuture<?> expiry;

    AbstractStore(String name, StreamLimits limits, MessageSize sizer) {
        this.name = name;
        this.failures = new FailureLog(log, name);
        this.limits = limits;
        this.sizer = sizer;
        this.index = new MessageIndex<>(new MessageIndex.Meta<>() {
            @Override
            public String subject(E entry) {
                return subjectOf(entry);
            }

            @Override
            public long timestamp(E entry) {
                return timestampOf(entry);
            }

            @Override
            public int size(E entry) {
                return sizeOf(entry);
            }
        });
    }

    abstract String subjectOf(E entry);

    abstract long timestampOf(E entry);

    /** Stored bytes as {@link #sizer} counts them. */
    abstract int sizeOf(E entry);

    /** Writes a new message; nothing may have changed when it throws. */
    abstract E append(long seq, String subject, byte[] headers, byte[] payload, long timestamp) throws IOException;

    /** Runs under the read lock. */
    abstract StoredMessage read(long seq, E entry);

    /** Records a removal (before the index forgets the entry); nothing may have changed when it throws. */
    abstract void persistRemove(long seq, E entry, boolean erase) throws IOException;

    /** Records that everything below {@code floor} is gone ({@code all}: everything, next sequence {@code floor}). */
    abstract void persistCompact(long floor, boolean all) throws IOException;

    /** The entry left the index (removed, purged, expired, lost). */
    abstract void released(E entry);

    /** The future for a message just appended. */
    abstract CompletableFuture<Long> acknowledge(long seq, E entry);

    /** After a batch of removals: a chance to drop files. */
    abstract void afterRemovals();

    /**
     * Makes sequences {@code from..to} (none stored) durable as passed over: a store without messages
     * moves its floor, one with messages records each as deleted, so that reopening neither reuses
     * them nor reports them lost.
     */
    abstract void persistSkip(long from, long to, boolean empty) throws IOException;

    /** Releases resources, after the store is marked closed; runs without the lock held. */
    abstract void closeResources();

    @Override
    public CompletableFuture<Long> store(String subject, byte[] headers, byte[] payload, long timestamp) {
        byte[] hdr = headers == null ? NONE : headers;
        lock.writeLock().lock();
        try {
            if (closed) {
                return CompletableFuture.failedFuture(new StoreClosedException());
            }
            Limit refused = refusal(subject, hdr, payload);
            if (refused != null) {
                return CompletableFuture.failedFuture(new LimitExceededException(refused));
            }
            long seq = index.lastSeq + 1;
            E entry;
            try {
                entry = append(seq, index.canonical(subject), hdr, payload, timestamp);
            } catch (IOException e) {
                failures.failed("storing message " + seq, e.toString());
                return CompletableFuture.failedFuture(new StoreException("write failed: " + e.getMessage(), e));
            } catch (StoreException e) {
                failures.failed("storing message " + seq, e.getMessage());
                return CompletableFuture.failedFuture(e);
            }
            failures.succeeded();
            index.add(seq, entry);
            CompletableFuture<Long> ack = acknowledge(seq, entry);
            enforceLimits(index.subject(subject));
            scheduleExpiry();
            return ack;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** nats-server's discard-new checks (memstore's storeRawMsg), plus max_msg_size. */
    private Limit refusal(String subject, byte[] hdr, byte[] payload) {
        StreamLimits l = limits;
        if (l.maxMsgSize() > 0 && hdr.length + payload.length > l.maxMsgSize()) {
            return Limit.MAX_MSG_SIZE;
        }
        if (l.discard() != DiscardPolicy.NEW) {
            return null;
        }
        SubjectState ss = index.subject(subject);
        boolean atSubjectLimit = ss != null && l.maxMsgsPerSubject() > 0 && ss.msgs >= l.maxMsgsPerSubject();
        if (atSubjectLimit && l.discardNewPerSubject()) {
            return Limit.MAX_MSGS_PER_SUBJECT;
        }
        if (l.maxMsgs() > 0 && index.msgs >= l.maxMsgs() && !atSubjectLimit) {
            return Limit.MAX_MSGS;
        }
        long raw = hdr.length + payload.length;
        if (l.maxBytes() > 0 && index.bytes + raw >= l.maxBytes()) {
            // at the subject limit the oldest of the subject goes: enough if it is at least as big
            E oldest = atSubjectLimit ? index.get(ss.first) : null;
            if (oldest == null || sizeOf(oldest) < raw) {
                return Limit.MAX_BYTES;
            }
        }
        return null;
    }

    /** Drops the oldest messages over the limits (memstore's order: per subject, count, bytes). */
    private void enforceLimits(SubjectState justStored) {
        StreamLimits l = limits;
        try {
            if (justStored != null && l.maxMsgsPerSubject() > 0) {
                while (justStored.msgs > l.maxMsgsPerSubject()) {
                    removeLocked(justStored.first, false);
                }
            }
            while (l.maxMsgs() > 0 && index.msgs > l.maxMsgs()) {
                removeLocked(index.firstSeq, false);
            }
            while (l.maxBytes() > 0 && index.bytes > l.maxBytes()) {
                removeLocked(index.firstSeq, false);
            }
        } catch (StoreException e) {
            log.debug("stream {}: could not drop messages over its limits: {}", name, e.getMessage()); // logged by removeLocked
        }
        afterRemovals();
    }

    private boolean removeLocked(long seq, boolean erase) {
        E entry = index.get(seq);
        if (entry == null) {
            return false;
        }
        try {
            persistRemove(seq, entry, erase);
        } catch (IOException e) {
            failures.failed("removing message " + seq, e.toString());
            throw new StoreException("remove failed: " + e.getMessage(), e);
        } catch (StoreException e) {
            failures.failed("removing message " + seq, e.getMessage());
            throw e;
        }
        index.remove(seq);
        released(entry);
        return true;
    }

    @Override
    public StoredMessage load(long seq) {
        lock.readLock().lock();
        try {
            checkOpen();
            if (index.isLost(seq)) {
                throw new CorruptMessageException(seq, "found damaged earlier");
            }
            E entry = index.get(seq);
            return entry == null ? null : readChecked(seq, entry);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public StoredMessage loadLast(String subject) {
        lock.readLock().lock();
        try {
            checkOpen();
            long seq = index.last(subject);
            return seq == 0 ? null : readChecked(seq, index.get(seq));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public StoredMessage loadNext(String filter, long fromSeq) {
        lock.readLock().lock();
        try {
            checkOpen();
            long seq = index.next(filter, fromSeq);
            return seq == 0 ? null : readChecked(seq, index.get(seq));
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Reads under the read lock; a damaged record is moved to the lost list once the lock is free
     * (on a "natsj-store-sync" thread: the read lock cannot be upgraded).
     */
    private StoredMessage readChecked(long seq, E entry) {
        try {
            return read(seq, entry);
        } catch (CorruptMessageException e) {
            StoreThreads.sync().execute(() -> markLost(seq));
            throw e;
        }
    }

    /** A record found damaged after opening: no longer counted as a message, reported as lost. */
    private void markLost(long seq) {
        lock.writeLock().lock();
        try {
            E entry = index.remove(seq);
            if (entry != null) {
                log.error("stream {}: message {} is damaged on disk and is lost", name, seq);
                index.addLost(seq, sizeOf(entry));
                released(entry);
                afterRemovals();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public boolean remove(long seq) {
        return removeOne(seq, false);
    }

    @Override
    public boolean erase(long seq) {
        return removeOne(seq, true);
    }

    private boolean removeOne(long seq, boolean erase) {
        lock.writeLock().lock();
        try {
            checkOpen();
            boolean removed = removeLocked(seq, erase);
            afterRemovals();
            return removed;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public long purge(String filter, long upToSeq, long keep) {
        if (upToSeq > 1 && keep > 0) {
            throw new IllegalArgumentException("sequence > 1 && keep > 0 not allowed");
        }
        lock.writeLock().lock();
        try {
            checkOpen();
            if (SubjectFilter.matchesAll(filter)) {
                if (upToSeq > 1) {
                    return compactLocked(upToSeq);
                }
                if (keep == 0) {
                    return compactLocked(index.lastSeq + 1);
                }
                if (keep >= index.msgs) {
                    return 0;
                }
                return compactLocked(nthNewest(keep));
            }
            return purgeFiltered(filter, upToSeq, keep);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The sequence of the {@code n}th newest live message (n is at most msgs). */
    private long nthNewest(long n) {
        long seen = 0;
        for (long s = index.lastSeq; ; s--) {
            if (index.get(s) != null && ++seen == n) {
                return s;
            }
        }
    }

    private long purgeFiltered(String filter, long upToSeq, long keep) {
        SimpleState matching = index.filtered(1, filter);
        long toRemove = keep > 0 ? matching.msgs() - keep : matching.msgs();
        long last = upToSeq > 1 ? upToSeq - 1 : matching.last();
        long purged = 0;
        try {
            for (long s = matching.first(); purged < toRemove && s != 0 && s <= last; s = index.next(filter, s + 1)) {
                removeLocked(s, false);
                purged++;
            }
        } finally {
            afterRemovals();
        }
        return purged;
    }

    @Override
    public long compact(long seq) {
        lock.writeLock().lock();
        try {
            checkOpen();
            return compactLocked(seq <= 0 ? index.lastSeq + 1 : seq);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private long compactLocked(long floor) {
        boolean all = floor > index.lastSeq;
        if (!all && floor <= index.firstSeq && !index.anyLost(0, floor)) {
            return 0; // nothing below: no message, and no lost one whose report the purge ends
        }
        try {
            persistCompact(floor, all);
        } catch (IOException e) {
            failures.failed("purge below " + floor, e.toString());
            throw new StoreException("purge failed: " + e.getMessage(), e);
        } catch (StoreException e) {
            failures.failed("purge below " + floor, e.getMessage());
            throw e;
        }
        long before = index.msgs;
        if (all) {
            for (long s = index.firstSeq; s <= index.lastSeq && index.msgs > 0; s++) {
                E entry = index.get(s);
                if (entry != null) {
                    released(entry);
                }
            }
            index.clear(floor);
        } else {
            for (long s = index.firstSeq; s < floor; s++) {
                E entry = index.remove(s);
                if (entry != null) {
                    released(entry);
                }
            }
            index.dropLostBelow(floor);
        }
        afterRemovals();
        return before - index.msgs;
    }

    @Override
    public void usage(java.util.function.LongConsumer listener) {
        lock.writeLock().lock();
        try {
            index.usage = listener;
            listener.accept(index.bytes);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Before a delete: the listener hears that every byte is gone, and nothing after. */
    void dropUsage() {
        lock.writeLock().lock();
        try {
            index.usage.accept(-index.bytes);
            index.usage = d -> { };
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void skipTo(long nextSeq) {
        lock.writeLock().lock();
        try {
            checkOpen();
            long from = index.lastSeq + 1;
            long to = nextSeq - 1;
            if (to < from) {
                return;
            }
            boolean empty = index.msgs == 0;
            try {
                persistSkip(from, to, empty);
            } catch (IOException e) {
                throw new StoreException("skip failed: " + e.getMessage(), e);
            }
            if (empty) {
                index.clear(nextSeq);
            } else {
                index.restoreLast(to, index.lastTime);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public StreamState state(boolean withDeleted) {
        lock.readLock().lock();
        try {
            MessageIndex<E> x = index;
            return new StreamState(x.msgs, x.bytes, x.firstSeq, x.firstTime, x.lastSeq, x.lastTime, x.numSubjects(),
                    x.numDeleted(), withDeleted ? x.deleted() : null, x.lost(), 0);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public Map<String, SimpleState> subjectsState(String filter) {
        lock.readLock().lock();
        try {
            Map<String, SimpleState> out = new LinkedHashMap<>();
            for (SubjectState ss : index.subjects()) {
                if (SubjectFilter.matches(filter, ss.subject)) {
                    out.put(ss.subject, ss.simple());
                }
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public SimpleState filteredState(long fromSeq, String filter) {
        lock.readLock().lock();
        try {
            return index.filtered(fromSeq, filter);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public StreamLimits limits() {
        return limits;
    }

    @Override
    public void updateLimits(StreamLimits newLimits) {
        lock.writeLock().lock();
        try {
            checkOpen();
            limits = newLimits;
            if (newLimits.maxMsgsPerSubject() > 0) {
                List<SubjectState> all = new ArrayList<>();
                index.subjects().forEach(all::add);
                for (SubjectState ss : all) {
                    enforceLimits(ss);
                }
            }
            enforceLimits(null);
            if (expiry != null) {
                expiry.cancel(false);
                expiry = null;
            }
            scheduleExpiry();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Starts the max_age timer when there are messages and none is pending; under the write lock. */
    private void scheduleExpiry() {
        long maxAge = limits.maxAge().toNanos();
        if (maxAge <= 0 || expiry != null || index.msgs == 0 || closed) {
            return;
        }
        long delay = Math.max(0, index.firstTime + maxAge - StoreThreads.nowNanos());
        expiry = StoreThreads.timer().schedule(this::expire, delay, TimeUnit.NANOSECONDS);
    }

    /** Runs on "natsj-store-timer": drops messages older than max_age, then re-arms. */
    private void expire() {
        lock.writeLock().lock();
        try {
            expiry = null;
            long maxAge = limits.maxAge().toNanos();
            if (closed || maxAge <= 0) {
                return;
            }
            long oldest = StoreThreads.nowNanos() - maxAge;
            while (index.msgs > 0 && index.firstTime <= oldest) {
                removeLocked(index.firstSeq, false);
            }
            afterRemovals();
            scheduleExpiry();
        } catch (RuntimeException e) {
            failures.failed("expiring messages", e.toString());
        } finally {
            lock.writeLock().unlock();
        }
    }

    void checkOpen() {
        if (closed) {
            throw new StoreClosedException();
        }
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (expiry != null) {
                expiry.cancel(false);
                expiry = null;
            }
        } finally {
            lock.writeLock().unlock();
        }
        closeResources();
    }
}
