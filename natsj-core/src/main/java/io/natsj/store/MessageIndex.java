package io.natsj.store;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bookkeeping both stores share: live entries by sequence, per-subject counts, first and last
 * sequence and time, message and byte totals, and the lost (damaged) sequences. What an entry is
 * (a message in memory, a location in a file) is the store's business, read through {@link Meta}.
 *
 * <p>Invariants: every live entry's sequence is in [firstSeq, lastSeq]; firstSeq is the lowest live
 * sequence, or lastSeq + 1 when there is none; msgs and bytes sum the live entries; each subject's
 * state counts its live entries and names its lowest and highest. Not thread-safe: the owning
 * store's lock guards it.
 */
final class MessageIndex<E> {
    /** How the index reads an entry. */
    interface Meta<E> {
        String subject(E entry);

        long timestamp(E entry);

        int size(E entry);
    }

    private final Meta<E> meta;
    private final LongMap<E> entries = new LongMap<>();
    private final Map<String, SubjectState> subjects = new HashMap<>();
    /** Lost sequence to its stored bytes (0 when unknown); kept until a purge passes them. */
    private final TreeMap<Long, Long> lost = new TreeMap<>();
    long firstSeq = 1;
    long lastSeq;
    long firstTime;
    long lastTime;
    long msgs;
    long bytes;
    /** Told every change of {@link #bytes} (account and server usage); none by default. */
    java.util.function.LongConsumer usage = d -> { };

    MessageIndex(Meta<E> meta) {
        this.meta = meta;
    }

    E get(long seq) {
        return entries.get(seq);
    }

    /** The shared instance of this subject, so entries do not each hold a copy. */
    String canonical(String subject) {
        SubjectState ss = subjects.get(subject);
        return ss == null ? subject : ss.subject;
    }

    SubjectState subject(String subject) {
        return subjects.get(subject);
    }

    Iterable<SubjectState> subjects() {
        return subjects.values();
    }

    int numSubjects() {
        return subjects.size();
    }

    /** Adds the entry for {@code seq}, which must be above every live sequence. */
    void add(long seq, E entry) {
        long ts = meta.timestamp(entry);
        entries.put(seq, entry);
        if (msgs == 0) {
            firstSeq = seq;
            firstTime = ts;
        }
        msgs++;
        int size = meta.size(entry);
        bytes += size;
        usage.accept(size);
        if (seq > lastSeq) {
            lastSeq = seq;
            lastTime = ts;
        }
        String subject = meta.subject(entry);
        SubjectState ss = subjects.get(subject);
        if (ss == null) {
            ss = new SubjectState(subject, seq);
            subjects.put(subject, ss);
        }
        ss.msgs++;
        ss.last = seq;
    }

    /** Removes a live entry; null when {@code seq} is not live. */
    E remove(long seq) {
        E entry = entries.remove(seq);
        if (entry == null) {
            return null;
        }
        msgs--;
        int size = meta.size(entry);
        bytes -= size;
        usage.accept(-size);
        removeFromSubject(meta.subject(entry), seq);
        if (seq == firstSeq) {
            advanceFirst(seq + 1);
        }
        return entry;
    }

    /** Moves firstSeq to the lowest live sequence at or above {@code from}. */
    void advanceFirst(long from) {
        if (msgs == 0) {
            firstSeq = lastSeq + 1;
            firstTime = 0;
            return;
        }
        for (long s = from; s <= lastSeq; s++) {
            E e = entries.get(s);
            if (e != null) {
                firstSeq = s;
                firstTime = meta.timestamp(e);
                return;
            }
        }
        throw new IllegalStateException("index has " + msgs + " messages but none from " + from);
    }

    /** After a rebuild: the last sequence and time may be above every live message's. */
    void restoreLast(long seq, long time) {
        if (seq > lastSeq) {
            lastSeq = seq;
            lastTime = time;
        }
        if (msgs == 0) {
            firstSeq = lastSeq + 1;
            firstTime = 0;
        }
    }

    /** Drops everything and sets the next sequence to {@code nextSeq}. */
    void clear(long nextSeq) {
        entries.clear();
        subjects.clear();
        msgs = 0;
        usage.accept(-bytes);
        bytes = 0;
        lastSeq = Math.max(lastSeq, nextSeq - 1);
        firstSeq = lastSeq + 1;
        firstTime = 0;
        lost.headMap(nextSeq).clear();
    }

    private void removeFromSubject(String subject, long seq) {
        SubjectState ss = subjects.get(subject);
        if (--ss.msgs == 0) {
            subjects.remove(subject);
            return;
        }
        if (seq == ss.first) {
            ss.first = scan(subject, seq + 1, ss.last, 1);
        } else if (seq == ss.last) {
            ss.last = scan(subject, seq - 1, ss.first, -1);
        }
    }

    /** The first live sequence of {@code subject} walking from {@code from} to {@code to} by {@code step}. */
    private long scan(String subject, long from, long to, int step) {
        for (long s = from; step > 0 ? s <= to : s >= to; s += step) {
            E e = entries.get(s);
            if (e != null && meta.subject(e).equals(subject)) {
                return s;
            }
        }
        throw new IllegalStateException("subject " + subject + " has no message between " + from + " and " + to);
    }

    /** The first live sequence at or after {@code from} matching {@code filter}, or 0. */
    long next(String filter, long from) {
        long start = Math.max(from, firstSeq);
        long end = lastSeq;
        boolean literal = !SubjectFilter.matchesAll(filter) && SubjectFilter.isLiteral(filter);
        if (literal) {
            SubjectState ss = subjects.get(filter);
            if (ss == null) {
                return 0;
            }
            start = Math.max(start, ss.first);
            end = ss.last;
        }
        for (long s = start; s <= end; s++) {
            E e = entries.get(s);
            if (e != null && (literal ? meta.subject(e).equals(filter) : SubjectFilter.matches(filter, meta.subject(e)))) {
                return s;
            }
        }
        return 0;
    }

    /** The last live sequence on a subject matching {@code filter}, or 0. */
    long last(String filter) {
        if (SubjectFilter.matchesAll(filter)) {
            return msgs == 0 ? 0 : lastLive();
        }
        if (SubjectFilter.isLiteral(filter)) {
            SubjectState ss = subjects.get(filter);
            return ss == null ? 0 : ss.last;
        }
        long last = 0;
        for (SubjectState ss : subjects.values()) {
            if (ss.last > last && SubjectFilter.matches(filter, ss.subject)) {
                last = ss.last;
            }
        }
        return last;
    }

    private long lastLive() {
        for (long s = lastSeq; s >= firstSeq; s--) {
            if (entries.get(s) != null) {
                return s;
            }
        }
        return 0;
    }

    SimpleState filtered(long from, String filter) {
        long count = 0;
        long first = 0;
        long last = 0;
        for (long s = next(filter, from); s != 0; s = next(filter, s + 1)) {
            if (first == 0) {
                first = s;
            }
            last = s;
            count++;
        }
        return count == 0 ? SimpleState.EMPTY : new SimpleState(count, first, last);
    }

    long numDeleted() {
        return msgs == 0 ? 0 : lastSeq - firstSeq + 1 - msgs;
    }

    long[] deleted() {
        long[] out = new long[(int) numDeleted()];
        int n = 0;
        for (long s = firstSeq; msgs > 0 && s <= lastSeq; s++) {
            if (entries.get(s) == null) {
                out[n++] = s;
            }
        }
        return out;
    }

    void dropLostBelow(long seq) {
        lost.headMap(seq).clear();
    }

    /** Whether a lost sequence lies in [from, to). */
    boolean anyLost(long from, long to) {
        Long seq = lost.ceilingKey(from);
        return seq != null && seq < to;
    }

    void addLost(long seq, long storedBytes) {
        lost.merge(seq, storedBytes, Math::max);
    }

    boolean isLost(long seq) {
        return lost.containsKey(seq);
    }

    LostData lost() {
        if (lost.isEmpty()) {
            return null;
        }
        long[] seqs = new long[lost.size()];
        long total = 0;
        int i = 0;
        for (Map.Entry<Long, Long> e : lost.entrySet()) {
            seqs[i++] = e.getKey();
            total += e.getValue();
        }
        return new LostData(seqs, total);
    }
}
