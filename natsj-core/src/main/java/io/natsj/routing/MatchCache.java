package io.natsj.routing;

import java.util.Arrays;

/**
 * A per-thread cache in front of one {@link SubjectIndex}, keyed by a publish subject's bytes.
 * NOT thread-safe: one instance per event-loop thread, used only by that thread.
 *
 * <p>Layout: {@value #CAPACITY} entries as a 4-way set-associative table; a miss in a full set evicts
 * a way chosen round-robin. A hit hashes and compares the bytes and reads two index generations:
 * it allocates nothing and takes no lock.
 *
 * <p>Freshness: each entry records, read before its match was computed, the index's wildcard
 * generation and the literal generation of its subject's stripe (see {@link SubjectIndex}). If either
 * moved, a subscription that may affect this subject changed and the entry is recomputed. So churn of
 * literal subscriptions (e.g. request inboxes) only refreshes entries in one stripe, while a
 * wildcard SUB/UNSUB refreshes every entry lazily.
 *
 * <p>A miss matches the bytes themselves against the trie (subjects are Strings of one char per wire
 * byte, so this is Go's byte comparison) and refills the evicted entry in place: with the trie's
 * per-node results it allocates nothing when the subject reaches at most one node with members, as a
 * reply to a request inbox does.
 *
 * <p>Retention: a stale entry keeps its old result, and so removed subscriptions, reachable until
 * it is looked up again or evicted; at most {@value #CAPACITY} entries per cache.
 *
 * <p>Monitoring: the owner counts matches and hits in plain fields (an increment, no fence, per
 * message); {@link #stats} reads them and the entries from the monitoring thread without a lock, so
 * its figures may lag a little and are read defensively (an entry may be half filled).
 */
public final class MatchCache {
    static final int CAPACITY = 1024;
    private static final int WAYS = 4;

    private final SubjectIndex index;
    private final MatchScratch scratch = new MatchScratch();
    private final Entry[] entries;
    /** Number of sets minus one; the number of sets is a power of two. */
    private final int setMask;
    private int nextVictim;
    /** Lookups and lookups answered without refreshing; written by the owner only. */
    private long matches;
    private long hits;

    public MatchCache(SubjectIndex index) {
        this(index, CAPACITY);
    }

    /** For tests: a small capacity forces evictions. Capacity: a power of two, at least 4. */
    MatchCache(SubjectIndex index, int capacity) {
        if (capacity < WAYS || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two >= " + WAYS);
        }
        this.index = index;
        this.entries = new Entry[capacity];
        this.setMask = capacity / WAYS - 1;
    }

    /** The match for the literal subject {@code subject[offset, offset+length)} (one byte per char). */
    public MatchResult match(byte[] subject, int offset, int length) {
        matches++;
        int hash = hash(subject, offset, length);
        int base = (hash & setMask) * WAYS;
        for (int w = 0; w < WAYS; w++) {
            Entry e = entries[base + w];
            if (e == null) {
                // Ways fill in order and are never emptied, so the subject is not in a later way.
                e = entries[base + w] = new Entry();
                return e.fill(subject, offset, length, hash, index, scratch);
            }
            if (e.hash == hash && Arrays.equals(e.key, 0, e.length, subject, offset, offset + length)) {
                if (e.wildcardGeneration != index.wildcardGeneration()
                        || e.literalGeneration != index.literalGeneration(e.stripe)) {
                    e.refresh(index, scratch);
                } else {
                    hits++;
                }
                return e.result;
            }
        }
        // The evicted entry takes the new subject: a miss in a full cache allocates nothing of its own.
        Entry victim = entries[base + (nextVictim++ & (WAYS - 1))];
        return victim.fill(subject, offset, length, hash, index, scratch);
    }

    /**
     * {matches, hits, cached subjects, largest fanout, summed fanout}; a subject's fanout is its plain
     * subscriptions plus its queue groups, as nats-server counts it. Any thread (see the class comment).
     */
    public long[] stats() {
        long cached = 0;
        long max = 0;
        long total = 0;
        for (Entry e : entries) {
            MatchResult r = e == null ? null : e.result;
            if (r == null) {
                continue;
            }
            cached++;
            long fanout = r.plain.length + r.queues.length;
            max = Math.max(max, fanout);
            total += fanout;
        }
        return new long[] {matches, hits, cached, max, total};
    }

    private static int hash(byte[] b, int offset, int length) {
        int h = 0x811c9dc5;
        for (int i = offset, end = offset + length; i < end; i++) {
            h = (h ^ b[i]) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }

    /** One cached subject; used only by the owning thread, which refills it on eviction. */
    private static final class Entry {
        /** The subject is key[0, length); the array is kept for the next subject if it fits. */
        byte[] key = new byte[32];
        int length;
        int hash;
        int stripe;
        MatchResult result;
        long wildcardGeneration;
        long literalGeneration;

        MatchResult fill(byte[] subject, int offset, int length, int hash, SubjectIndex index, MatchScratch scratch) {
            if (key.length < length) {
                key = new byte[Math.max(length, key.length * 2)];
            }
            System.arraycopy(subject, offset, key, 0, length);
            this.length = length;
            this.hash = hash;
            this.stripe = SubjectIndex.stripe(key, 0, length);
            refresh(index, scratch);
            return result;
        }

        /**
         * Generations first, then the match: a change racing with the match leaves the recorded
         * generations behind (one extra refresh later), never a stale result looking current.
         */
        void refresh(SubjectIndex index, MatchScratch scratch) {
            wildcardGeneration = index.wildcardGeneration();
            literalGeneration = index.literalGeneration(stripe);
            result = index.match(key, 0, length, scratch);
        }
    }
}
