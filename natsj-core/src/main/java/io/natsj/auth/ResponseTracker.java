package io.natsj.auth;

import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * One connection's {@code allow_responses} state, nats-server 2.9.10's {@code c.replies}: the reply
 * subjects of messages delivered to the client, which it may publish to even where its publish
 * permissions deny them, up to {@code maxMsgs} times within {@code expires} of the delivery.
 *
 * <p><b>Threading:</b> thread-safe. {@link #expectReply} runs on whichever event loop delivers a message
 * to this client (the publisher's); {@link #tryRespond} on the client's own event loop. Both take this
 * object's monitor for a short, allocation-light critical section, as Go takes the client's lock.
 *
 * <p>Semantics, as Go: each delivery of a message with a reply (re)sets that reply's entry to count 0
 * at the delivery time. A publish to the reply counts one more message; it is allowed unless the count
 * now exceeds maxMsgs (when maxMsgs &gt; 0) or more than {@code expires} has passed since the delivery
 * (when expires &gt; 0); a refused publish forgets the entry. When more than {@link #REPLY_LIMIT} entries
 * are held after a delivery, every entry already used up or expired is dropped (Go's pruneReplyPerms).
 */
public final class ResponseTracker {
    /** nats-server's replyPermLimit. */
    public static final int REPLY_LIMIT = 4096;

    private static final class Entry {
        final byte[] key;
        final int hash;
        long time;
        int count;
        Entry next;

        Entry(byte[] key, int hash) {
            this.key = key;
            this.hash = hash;
        }
    }

    private final int maxMsgs;
    private final long ttlNanos;
    private final LongSupplier clock;
    private Entry[] table = new Entry[16];
    private int size;

    ResponseTracker(ResponsePermission p, LongSupplier nanoClock) {
        this.maxMsgs = p.maxMsgs();
        long ttl;
        try {
            ttl = p.expires().toNanos();
        } catch (ArithmeticException e) {
            ttl = p.expires().isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        this.ttlNanos = ttl;
        this.clock = nanoClock;
    }

    /** Records the reply subject of a message just delivered to this client. Any thread. */
    public synchronized void expectReply(byte[] reply, int off, int len) {
        if (len <= 0) {
            return;
        }
        long now = clock.getAsLong();
        int h = SubjectTrie.hash(reply, off, off + len);
        Entry e = find(reply, off, len, h);
        if (e == null) {
            e = new Entry(Arrays.copyOfRange(reply, off, off + len), h);
            int i = h & (table.length - 1);
            e.next = table[i];
            table[i] = e;
            size++;
            if (size > table.length * 3 / 4) {
                grow();
            }
        }
        e.time = now;
        e.count = 0;
        if (size > REPLY_LIMIT) {
            prune(now);
        }
    }

    /**
     * Counts a publish to {@code subject} as a response; true if it is allowed as one. Called only for
     * subjects the static publish permissions deny. Allocation-free.
     */
    public synchronized boolean tryRespond(byte[] subject, int off, int len) {
        int h = SubjectTrie.hash(subject, off, off + len);
        Entry e = find(subject, off, len, h);
        if (e == null) {
            return false;
        }
        e.count++;
        if (maxMsgs > 0 && e.count > maxMsgs) {
            remove(e);
            return false;
        }
        if (ttlNanos > 0 && clock.getAsLong() - e.time > ttlNanos) {
            remove(e);
            return false;
        }
        return true;
    }

    /** Reply subjects currently held (used up or expired ones linger until refused or pruned, as in Go). */
    public synchronized int size() {
        return size;
    }

    private void prune(long now) {
        for (int i = 0; i < table.length; i++) {
            Entry prev = null;
            for (Entry e = table[i]; e != null; e = e.next) {
                boolean drop = (maxMsgs > 0 && e.count >= maxMsgs) || (ttlNanos > 0 && now - e.time > ttlNanos);
                if (drop) {
                    if (prev == null) {
                        table[i] = e.next;
                    } else {
                        prev.next = e.next;
                    }
                    size--;
                } else {
                    prev = e;
                }
            }
        }
    }

    private Entry find(byte[] s, int off, int len, int h) {
        for (Entry e = table[h & (table.length - 1)]; e != null; e = e.next) {
            if (e.hash == h && Arrays.equals(e.key, 0, e.key.length, s, off, off + len)) {
                return e;
            }
        }
        return null;
    }

    private void remove(Entry target) {
        int i = target.hash & (table.length - 1);
        Entry prev = null;
        for (Entry e = table[i]; e != null; prev = e, e = e.next) {
            if (e == target) {
                if (prev == null) {
                    table[i] = e.next;
                } else {
                    prev.next = e.next;
                }
                size--;
                return;
            }
        }
    }

    private void grow() {
        Entry[] old = table;
        Entry[] t = new Entry[old.length * 2];
        for (Entry head : old) {
            for (Entry e = head; e != null;) {
                Entry next = e.next;
                int i = e.hash & (t.length - 1);
                e.next = t[i];
                t[i] = e;
                e = next;
            }
        }
        table = t;
    }
}
