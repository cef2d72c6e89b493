package io.natsj.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.store.ConsumerStore.AckMode;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A quick look at the file consumer store on this machine: updates a second with and without
 * syncs, bytes allocated per update, and what a compaction costs by state size. Printed, not
 * asserted (the machine is shared and the figures move), except that steady-state updates allocate
 * (next to) nothing. The figures count the rewrite that creates a new log as a compaction.
 */
class ConsumerStoreThroughputTest {
    @TempDir
    Path dir;
    private int n;

    private FileConsumerStore open(long compactBytes) {
        return FileConsumerStore.open(dir.resolve("c" + n++), AckMode.EXPLICIT, SyncPolicy.ALWAYS, compactBytes,
                Segment.Opener.DEFAULT);
    }

    /** Deliveries and acks keeping {@code pending} outstanding, for {@code millis}; {@code batch} updates per sync (0: none), {@code window} syncs in flight. */
    private void run(String what, long compactBytes, int pending, int batch, int window, long millis) {
        FileConsumerStore s = open(compactBytes);
        ArrayDeque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();
        long updates = 0;
        long seq = 0;
        long start = System.nanoTime();
        long end = start + millis * 1_000_000;
        while (System.nanoTime() < end) {
            for (int i = 0; i < Math.max(batch, 256) / 2; i++) {
                seq++;
                s.updateDelivered(seq, seq, 1, seq);
                if (seq > pending) {
                    s.updateAcks(seq - pending, seq - pending);
                }
                updates += 2;
                if (batch > 0 && updates % batch == 0) {
                    inFlight.add(s.sync());
                    if (inFlight.size() >= window) {
                        inFlight.poll().join();
                    }
                }
            }
        }
        inFlight.forEach(CompletableFuture::join);
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] f = s.figures();
        s.close();
        System.out.printf("consumer store: %s: %.0f updates/s, %d fsyncs, %d compactions, %d pending%n", what,
                updates / seconds, f[0], f[1], pending);
        assertTrue(updates > 0);
    }

    @Test
    void printsUpdatesPerSecond() {
        run("no sync, no compaction", 1L << 40, 100, 0, 1, 200);
        run("no sync, 1 MiB compaction", FileConsumerStore.DEFAULT_COMPACT_BYTES, 100, 0, 1, 200);
        run("no sync, 1 MiB compaction, 10,000 pending", FileConsumerStore.DEFAULT_COMPACT_BYTES, 10_000, 0, 1, 200);
        run("sync per delivery and ack, waited for", FileConsumerStore.DEFAULT_COMPACT_BYTES, 100, 2, 1, 200);
        run("sync per 16 updates, waited for", FileConsumerStore.DEFAULT_COMPACT_BYTES, 100, 16, 1, 200);
        run("sync per 256 updates, waited for", FileConsumerStore.DEFAULT_COMPACT_BYTES, 100, 256, 1, 200);
        run("sync per 16 updates, 64 syncs in flight", FileConsumerStore.DEFAULT_COMPACT_BYTES, 100, 16, 64, 200);
    }

    @Test
    void printsBytesAllocatedPerUpdate() {
        FileConsumerStore s = open(1L << 40);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long seq = 0;
        long before = 0;
        long updates = 0;
        for (int round = 0; round < 4; round++) { // the last round counts, after the JIT has settled
            before = mx.getThreadAllocatedBytes(tid);
            updates = 0;
            for (int i = 0; i < 100_000; i++) {
                seq++;
                s.updateDelivered(seq, seq, 1, seq);
                if (seq > 100) {
                    s.updateAcks(seq - 100, seq - 100);
                }
                updates += 2;
            }
        }
        long bytes = mx.getThreadAllocatedBytes(tid) - before;
        s.close();
        System.out.printf("consumer store: %.2f bytes allocated per update (100 pending, steady state)%n", (double) bytes / updates);
        assertTrue(bytes < 8 * updates, bytes + " bytes for " + updates + " updates: the write path should not allocate");
    }

    @Test
    void printsCompactionCost() {
        for (int pending : new int[] {100, 10_000, 100_000}) {
            FileConsumerStore s = open(1L << 40);
            for (long seq = 1; seq <= pending; seq++) {
                s.updateDelivered(seq, seq, 1, seq);
            }
            int rounds = 3;
            long start = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                assertTrue(s.compactNow());
            }
            double ms = (System.nanoTime() - start) / 1e6 / rounds;
            long size = s.logSize();
            s.close();
            System.out.printf("consumer store: compaction with %d pending: %.2f ms (%d byte log)%n", pending, ms, size);
        }
    }
}
