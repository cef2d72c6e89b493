package io.natsj.routing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * All subscriptions of one account, matched against literal subjects. Thread-safe.
 *
 * <p>Locking: {@link #lock} guards {@link #trie} and {@link #count}'s writes. Writers (insert/remove)
 * take the write lock; {@link #match} takes the read lock, so any number of matches run in parallel
 * and each sees one consistent state, as with Go's Sublist RWMutex. A copy-on-write trie would make
 * reads lock-free, but copying a level with thousands of children (e.g. one per _INBOX) on every SUB
 * is too slow, and lock-free readers of a mutable trie could see half of two updates. The hot path
 * does not reach this lock anyway: a {@link MatchCache} hit only reads the generations below.
 *
 * <p>Generations let per-thread caches detect changes without a lock. A literal subscription subject
 * affects the match of exactly one publish subject, so its insert/remove bumps only the stripe
 * {@link #stripe(String)} of that subject; a wildcard subscription can affect any subject, so it bumps
 * {@link #wildcardGeneration}. Bumps happen under the write lock after the trie has changed, so a
 * reader that reads the generations before matching and finds them unchanged later knows its result
 * is still current.
 */
public final class SubjectIndex {
    /** Power of two. 1024 stripes: 8 KiB per index, rare false invalidations. */
    static final int STRIPES = 1024;

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Trie trie = new Trie();
    private final AtomicLong wildcardGeneration = new AtomicLong();
    private final AtomicLongArray literalGenerations = new AtomicLongArray(STRIPES);
    private volatile int count;
    /** Subscriptions ever added and removed (nats-server's num_inserts, num_removes); under the write lock. */
    private long inserts;
    private long removes;

    /**
     * Adds a subscription. Adding the same Subscription instance twice is a no-op.
     *
     * @throws IllegalArgumentException if the subject fails {@link Subjects#isValidSubscribeSubject}
     *     (the server should check first and answer {@code -ERR 'Invalid Subject'})
     */
    public void insert(Subscription sub) {
        if (!Subjects.isValidSubscribeSubject(sub.subject)) {
            throw new IllegalArgumentException("invalid subject: " + sub.subject);
        }
        lock.writeLock().lock();
        try {
            if (trie.insert(sub)) {
                count++;
                inserts++;
                changed(sub.subject);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes a subscription; returns false if it was not present. */
    public boolean remove(Subscription sub) {
        if (!Subjects.isValidSubscribeSubject(sub.subject)) {
            return false;
        }
        lock.writeLock().lock();
        try {
            if (!trie.remove(sub)) {
                return false;
            }
            count--;
            removes++;
            changed(sub.subject);
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Matches a publish subject. Tokens are taken literally ({@code *} and {@code >} in it are plain
     * tokens, as in Go); a subject with an empty token (empty, leading/trailing/double dot) matches
     * nothing. Never null; the result is shared and must not be modified.
     */
    public MatchResult match(String subject) {
        byte[] bytes = subject.getBytes(StandardCharsets.ISO_8859_1);
        return match(bytes, 0, bytes.length, new MatchScratch());
    }

    /**
     * As {@link #match(String)} for {@code subject[offset, offset+length)}, with the caller's scratch
     * (one per thread): allocates nothing when the subject reaches at most one trie node with members.
     */
    MatchResult match(byte[] subject, int offset, int length, MatchScratch scratch) {
        if (!scratch.tokenize(subject, offset, length)) {
            return MatchResult.EMPTY;
        }
        lock.readLock().lock();
        try {
            return trie.match(scratch);
        } finally {
            lock.readLock().unlock();
            scratch.clear();
        }
    }

    /** Number of subscriptions. */
    public int count() {
        return count;
    }

    /** A snapshot of all subscriptions, in no particular order (for monitoring; O(n)). */
    public List<Subscription> subscriptions() {
        lock.readLock().lock();
        try {
            List<Subscription> all = new ArrayList<>(count);
            trie.forEach(all::add);
            return all;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** {inserts, removes} so far, read together under the read lock (monitoring). */
    public long[] churn() {
        lock.readLock().lock();
        try {
            return new long[] {inserts, removes};
        } finally {
            lock.readLock().unlock();
        }
    }

    /** For tests: true if the trie holds no node at all. */
    boolean trieIsEmpty() {
        lock.readLock().lock();
        try {
            return trie.isEmpty();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Caller holds the write lock and has already changed the trie. */
    private void changed(String subject) {
        if (Subjects.hasWildcard(subject)) {
            wildcardGeneration.incrementAndGet();
        } else {
            literalGenerations.incrementAndGet(stripe(subject));
        }
    }

    /** Bumped on every insert/remove of a wildcard subscription. */
    long wildcardGeneration() {
        return wildcardGeneration.get();
    }

    /** Bumped on every insert/remove of a literal subscription whose subject is in this stripe. */
    long literalGeneration(int stripe) {
        return literalGenerations.get(stripe);
    }

    /** The stripe of a subject; equal Strings, equal stripes. */
    static int stripe(String subject) {
        return spread(subject.hashCode());
    }

    /** The stripe of the subject {@code subject[offset, offset+length)}: that of its (Latin-1) String. */
    static int stripe(byte[] subject, int offset, int length) {
        return spread(MatchScratch.stringHash(subject, offset, offset + length));
    }

    private static int spread(int h) {
        return (h ^ (h >>> 16)) & (STRIPES - 1);
    }
}
