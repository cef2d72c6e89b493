package io.natsj.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A quick look at store throughput per sync policy on this machine: printed, never asserted
 * (the machine is shared and the figures move). Real benchmarks run against nats-server later.
 */
class ThroughputTest {
    @TempDir
    Path dir;

    @Test
    void printsMessagesPerSecond() throws Exception {
        for (SyncPolicy policy : List.of(SyncPolicy.ALWAYS, SyncPolicy.interval(Duration.ofSeconds(1)))) {
            run(policy, 1, 1);
            run(policy, 8, 1);
            run(policy, 4, 256);
        }
    }

    /** {@code window}: messages a publisher may have unacknowledged (1: a synchronous publisher). */
    private void run(SyncPolicy policy, int publishers, int window) throws Exception {
        Path d = dir.resolve(policy.always() + "-" + publishers + "-" + window);
        FileStore store = FileStore.open(d, "bench", new FileStoreOptions(FileStoreOptions.DEFAULT_BLOCK_SIZE, policy),
                StreamLimits.NONE);
        long runNanos = Duration.ofMillis(500).toNanos();
        AtomicLong acked = new AtomicLong();
        byte[] payload = new byte[128];
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int p = 0; p < publishers; p++) {
            Thread t = new Thread(() -> {
                Semaphore inFlight = new Semaphore(window);
                while (System.nanoTime() - start < runNanos) {
                    inFlight.acquireUninterruptibly();
                    store.store("bench", null, payload, 1).whenComplete((s, e) -> {
                        acked.incrementAndGet();
                        inFlight.release();
                    });
                }
                inFlight.acquireUninterruptibly(window);
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] syncs = store.syncFigures();
        store.close();
        System.out.printf("store throughput: sync %s, %d publishers, window %d: %.0f msgs/s (128 B), %d fsyncs for %d acks%n",
                policy, publishers, window, acked.get() / seconds, syncs[0], syncs[1]);
        assertTrue(acked.get() > 0);
    }
}
