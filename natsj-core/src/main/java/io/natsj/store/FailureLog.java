package io.natsj.store;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * A store's write failures in the log without a line per message: a full disk fails every publish,
 * possibly thousands a second, and a disk on the edge of full can fail and succeed in turn. Failures
 * in a row are logged once (ERROR) and then once per {@link #QUIET_NANOS} while they go on; the
 * first success after failures is logged (INFO); and whatever happens, at most {@link #LINES} lines
 * are logged per {@link #QUIET_NANOS}. What is not logged is counted, the count given in the next
 * line. Every failure still reaches its caller (the publisher) in full.
 *
 * <p>Thread-safe: writers call it under the store's lock, the sync thread without it.
 */
final class FailureLog {
    static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(30);
    static final int LINES = 3;

    private final Logger log;
    /** What failed, as log lines name it: "stream ORDERS", "consumer /data/.../obs/C1". */
    private final String name;
    /** Read without the lock on every successful write: the common case costs one volatile read. */
    private volatile boolean failing;
    /** Guarded by this: the current window's start (System.nanoTime), lines logged in it, failures not logged. */
    private long windowAt;
    private long lastLineAt;
    private int lines;
    private long unlogged;

    FailureLog(Logger log, String name) {
        this(log, "stream", name);
    }

    FailureLog(Logger log, String kind, String name) {
        this.log = log;
        this.name = kind + " " + name;
    }

    /** {@code what} failed (say, "storing message 12") because of {@code cause}. */
    void failed(String what, String cause) {
        long now = System.nanoTime();
        synchronized (this) {
            boolean again = failing;
            failing = true;
            if ((again && now - lastLineAt < QUIET_NANOS) || !mayLog(now)) {
                unlogged++;
                return;
            }
            log.error("{}: {} failed: {}{}", name, what, cause, suffix(now));
        }
    }

    /** A write succeeded: after failures, says so once. */
    void succeeded() {
        if (!failing) {
            return;
        }
        synchronized (this) {
            if (failing) {
                failing = false;
                long now = System.nanoTime();
                if (mayLog(now)) {
                    log.info("{}: writing works again{}", name, suffix(now));
                }
            }
        }
    }

    boolean failing() {
        return failing;
    }

    private boolean mayLog(long now) {
        if (lines == 0 || now - windowAt >= QUIET_NANOS) {
            windowAt = now;
            lines = 0;
        }
        return lines < LINES;
    }

    /** Counts the line about to be logged; what it adds: failures not logged before it, and whether more will be. */
    private String suffix(long now) {
        lines++;
        lastLineAt = now;
        String s = unlogged > 0 ? " (" + unlogged + " more failures not logged)" : "";
        unlogged = 0;
        if (lines == LINES) {
            s += " (more are counted, not logged, for up to " + TimeUnit.NANOSECONDS.toSeconds(QUIET_NANOS) + " s)";
        }
        return s;
    }
}
