package io.natsj.store;

import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads every store shares, daemon threads created on first use: "natsj-store-sync-N" run
 * group commits (a cached pool, so one stream's slow fsync never delays another's), and one
 * "natsj-store-timer" runs max_age expiry and interval syncs.
 */
final class StoreThreads {
    private StoreThreads() {
    }

    private static final class Holder {
        static final ExecutorService SYNC = Executors.newCachedThreadPool(named("natsj-store-sync-"));
        static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(named("natsj-store-timer"));
    }

    static ExecutorService sync() {
        return Holder.SYNC;
    }

    static ScheduledExecutorService timer() {
        return Holder.TIMER;
    }

    static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix.endsWith("-") ? prefix + n.incrementAndGet() : prefix);
            t.setDaemon(true);
            return t;
        };
    }
}
