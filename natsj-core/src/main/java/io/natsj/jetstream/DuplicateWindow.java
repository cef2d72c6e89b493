package io.natsj.jetstream;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The message ids a stream has stored within its duplicate window (nats-server's ddmap/ddarr): a
 * publish with a Nats-Msg-Id seen here is answered as a duplicate of the stored sequence and not
 * stored again. Entries expire in the order they were added once older than the window.
 *
 * <p>Not thread-safe: the stream guards it with its own lock.
 */
final class DuplicateWindow {
    private record Entry(String id, long seq, long timestampNanos) {
    }

    private final Map<String, Entry> byId = new HashMap<>();
    private final ArrayDeque<Entry> inOrder = new ArrayDeque<>();
    private long windowNanos;

    DuplicateWindow(long windowNanos) {
        this.windowNanos = windowNanos;
    }

    /** A stream update may change the window; entries are kept and judged by the new one. */
    void window(long nanos) {
        this.windowNanos = nanos;
    }

    /** The sequence {@code id} was stored at within the window, or -1. */
    long seqOf(String id, long nowNanos) {
        expire(nowNanos);
        Entry e = byId.get(id);
        return e == null ? -1 : e.seq();
    }

    /** Remembers a stored message's id (a later store of the same id replaces it, as nats-server's map does). */
    void stored(String id, long seq, long timestampNanos) {
        Entry e = new Entry(id, seq, timestampNanos);
        byId.put(id, e);
        inOrder.addLast(e);
    }

    /** A store that failed: the id no longer names a stored message, so a retry is stored, not a duplicate. */
    void forget(String id, long seq) {
        Entry e = byId.get(id);
        if (e != null && e.seq() == seq) {
            byId.remove(id);
            inOrder.remove(e);
        }
    }

    int size() {
        return byId.size();
    }

    /** Drops the ids older than the window (nats-server's purgeMsgIds, run on demand rather than by timer). */
    void expire(long nowNanos) {
        while (!inOrder.isEmpty() && nowNanos - inOrder.peekFirst().timestampNanos() >= windowNanos) {
            Entry e = inOrder.pollFirst();
            byId.remove(e.id(), e);
        }
    }
}
