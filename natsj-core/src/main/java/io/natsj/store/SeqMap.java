package io.natsj.store;

import java.util.Arrays;

/**
 * Open-addressing map from a sequence number to two longs, without boxing: a consumer's pending
 * deliveries (stream sequence to consumer sequence and timestamp) and redelivery counts (stream
 * sequence to count, the second value unused). Once the table has grown to the consumer's working
 * set, puts and removes allocate nothing. Linear probing with backward-shift deletion, as
 * {@link LongMap}; key 0, the empty-slot marker, is held beside the table.
 *
 * <p>Keys are compared as signed longs: nats-server's uint64 sequences never reach 2^63.
 *
 * <p>Not thread-safe: the owning consumer store's lock guards it.
 */
final class SeqMap {
    private static final long EMPTY = 0;
    /** Returned by {@link #minKeyBetween} when no key lies in the range. */
    static final long NONE = Long.MIN_VALUE;

    private long[] keys;
    private long[] firsts;
    private long[] seconds;
    private int mask;
    /** Entries in the table, not counting key 0. */
    private int used;
    private boolean hasZero;
    private long zeroFirst;
    private long zeroSecond;

    SeqMap() {
        allocate(16);
    }

    int size() {
        return used + (hasZero ? 1 : 0);
    }

    boolean containsKey(long key) {
        if (key == EMPTY) {
            return hasZero;
        }
        return slotOf(key) >= 0;
    }

    /** The first value of {@code key}, which must be present. */
    long first(long key) {
        return key == EMPTY ? zeroFirst : firsts[slotOf(key)];
    }

    /** The second value of {@code key}, which must be present. */
    long second(long key) {
        return key == EMPTY ? zeroSecond : seconds[slotOf(key)];
    }

    void put(long key, long first, long second) {
        if (key == EMPTY) {
            hasZero = true;
            zeroFirst = first;
            zeroSecond = second;
            return;
        }
        if ((used + 1) * 4 > keys.length * 3) {
            resize(keys.length * 2);
        }
        for (int i = home(key); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key || k == EMPTY) {
                if (k == EMPTY) {
                    keys[i] = key;
                    used++;
                }
                firsts[i] = first;
                seconds[i] = second;
                return;
            }
        }
    }

    /** Removes {@code key}; whether it was present. */
    boolean remove(long key) {
        if (key == EMPTY) {
            boolean had = hasZero;
            hasZero = false;
            return had;
        }
        int i = slotOf(key);
        if (i < 0) {
            return false;
        }
        shiftBack(i);
        used--;
        return true;
    }

    /** Removes every key k with {@code lo < k <= hi}, in O(min(hi - lo, capacity)). */
    void removeRange(long lo, long hi) {
        if (hi <= lo || size() == 0) {
            return;
        }
        if (hi - lo <= keys.length) {
            for (long k = hi; k > lo; k--) {
                remove(k);
            }
            return;
        }
        if (lo < 0 && hi >= 0) {
            hasZero = false;
        }
        // Collect first: removal shifts entries back and would make a scan skip or revisit them.
        long[] doomed = new long[used];
        int n = 0;
        for (long k : keys) {
            if (k != EMPTY && k > lo && k <= hi) {
                doomed[n++] = k;
            }
        }
        for (int j = 0; j < n; j++) {
            remove(doomed[j]);
        }
    }

    /** The smallest key k with {@code lo < k < hi}, or {@link #NONE}; O(min(hi - lo, capacity)). */
    long minKeyBetween(long lo, long hi) {
        if (hi - lo <= 1 || size() == 0) {
            return NONE;
        }
        if (hi - lo - 1 <= keys.length) {
            for (long k = lo + 1; k < hi; k++) {
                if (containsKey(k)) {
                    return k;
                }
            }
            return NONE;
        }
        long min = NONE;
        if (hasZero && lo < 0 && 0 < hi) {
            min = 0;
        }
        for (long k : keys) {
            if (k != EMPTY && k > lo && k < hi && (min == NONE || k < min)) {
                min = k;
            }
        }
        return min;
    }

    void clear() {
        if (keys.length > 1024) {
            allocate(16); // a burst of pending should not pin a large table forever
        } else {
            Arrays.fill(keys, EMPTY);
        }
        used = 0;
        hasZero = false;
    }

    /** Receives entries from {@link #forEach}. */
    interface Visitor {
        void visit(long key, long first, long second);
    }

    /** Every entry, in no particular order; the map must not change meanwhile. */
    void forEach(Visitor v) {
        if (hasZero) {
            v.visit(EMPTY, zeroFirst, zeroSecond);
        }
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != EMPTY) {
                v.visit(keys[i], firsts[i], seconds[i]);
            }
        }
    }

    private int slotOf(long key) {
        for (int i = home(key); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key) {
                return i;
            }
            if (k == EMPTY) {
                return -1;
            }
        }
    }

    /** Backward-shift deletion: moves later members of the probe run into the hole at {@code hole}. */
    private void shiftBack(int hole) {
        int i = hole;
        while (true) {
            i = (i + 1) & mask;
            long k = keys[i];
            if (k == EMPTY) {
                break;
            }
            int home = home(k);
            // k may move into the hole only if its home is not cyclically within (hole, i]
            boolean movable = hole <= i ? (home <= hole || home > i) : (home <= hole && home > i);
            if (movable) {
                keys[hole] = k;
                firsts[hole] = firsts[i];
                seconds[hole] = seconds[i];
                hole = i;
            }
        }
        keys[hole] = EMPTY;
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        firsts = new long[capacity];
        seconds = new long[capacity];
        mask = capacity - 1;
    }

    private void resize(int capacity) {
        long[] oldKeys = keys;
        long[] oldFirsts = firsts;
        long[] oldSeconds = seconds;
        allocate(capacity);
        for (int i = 0; i < oldKeys.length; i++) {
            long k = oldKeys[i];
            if (k != EMPTY) {
                int j = home(k);
                while (keys[j] != EMPTY) {
                    j = (j + 1) & mask;
                }
                keys[j] = k;
                firsts[j] = oldFirsts[i];
                seconds[j] = oldSeconds[i];
            }
        }
    }

    private int home(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
