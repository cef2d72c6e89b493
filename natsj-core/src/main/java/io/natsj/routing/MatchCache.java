package io.natsj.routing;

import java.nio.charset.StandardCharsets;
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
 * <p>The miss path decodes the bytes as UTF-8, as the server must decode SUB subjects, so that
 * non-ASCII subjects compare equal to the subscriptions' Strings. (Go compares raw bytes; with UTF-8
 * decoding, distinct invalid byte sequences both become U+FFFD and would match each other.)
 *
 * <p>Retention: a stale entry keeps its old result, and so removed subscriptions, reachable until
 * it is looked up again or evicted; at most {@value #CAPACITY} entries per cache.
 */
public final class MatchCache {
    static final int CAPACITY = 1024;
    private static final int WAYS = 4;

    private final SubjectIndex index;
    private final Entry[] entries;
    /** Number of sets minus one; the number of sets is a power of two. */
    private final int setMask;
    private int nextVictim;

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

    /** The match for the literal subject {@code subject[offset, offset+length)} (ASCII/UTF-8 bytes). */
    public MatchResult match(byte[] subject, int offset, int length) {
        int hash = hash(subject, offset, length);
        int base = (hash & setMask) * WAYS;
        for (int w = 0; w < WAYS; w++) {
            Entry e = entries[base + w];
            if (e == null) {
                // Ways fill in order and are never emptied, so the subject is not in a later way.
                return fill(base + w, subject, offset, length, hash);
            }
            if (e.hash == hash && Arrays.equals(e.key, 0, e.key.length, subject, offset, offset + length)) {
                if (e.wildcardGeneration != index.wildcardGeneration()
                        || e.literalGeneration != index.literalGeneration(e.stripe)) {
                    e.refresh(index);
                }
                return e.result;
            }
        }
        return fill(base + (nextVictim++ & (WAYS - 1)), subject, offset, length, hash);
    }

    private MatchResult fill(int slot, byte[] subject, int offset, int length, int hash) {
        Entry e = new Entry(Arrays.copyOfRange(subject, offset, offset + length), hash);
        e.refresh(index);
        entries[slot] = e;
        return e.result;
    }

    private static int hash(byte[] b, int offset, int length) {
        int h = 0x811c9dc5;
        for (int i = offset, end = offset + length; i < end; i++) {
            h = (h ^ b[i]) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }

    /** One cached subject; mutable only by the owning thread. */
    private static final class Entry {
        final byte[] key;
        final int hash;
        final String subject;
        final int stripe;
        MatchResult result;
        long wildcardGeneration;
        long literalGeneration;

        Entry(byte[] key, int hash) {
            this.key = key;
            this.hash = hash;
            this.subject = new String(key, StandardCharsets.ISO_8859_1);
            this.stripe = SubjectIndex.stripe(subject);
        }

        /**
         * Generations first, then the match: a change racing with the match leaves the recorded
         * generations behind (one extra refresh later), never a stale result looking current.
         */
        void refresh(SubjectIndex index) {
            wildcardGeneration = index.wildcardGeneration();
            literalGeneration = index.literalGeneration(stripe);
            result = index.match(subject);
        }
    }
}
