package io.natsj.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.store.ConsumerState.Pending;
import io.natsj.store.ConsumerStore.AckMode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The file consumer store's files: restarts, compaction, cut-short and damaged logs, failures, sync policies. */
class FileConsumerStoreTest {
    @TempDir
    Path dir;

    private FileConsumerStore open(AckMode mode) {
        return FileConsumerStore.open(dir, mode, SyncPolicy.ALWAYS);
    }

    private FileConsumerStore open(AckMode mode, long compactBytes) {
        return FileConsumerStore.open(dir, mode, SyncPolicy.ALWAYS, compactBytes, Segment.Opener.DEFAULT);
    }

    private Path log() {
        return dir.resolve(FileConsumerStore.LOG);
    }

    /** Where each record of the log starts, and the log's end last. */
    private List<Integer> recordOffsets() throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(log()));
        List<Integer> at = new ArrayList<>();
        int p = ConsumerLogFormat.FILE_HEADER;
        while (p < b.limit()) {
            at.add(p);
            p = ConsumerLogFormat.recordEnd(b, p, b.limit());
            assertTrue(p > 0, "a valid log");
        }
        at.add(p);
        return at;
    }

    private void flipByte(Path file, long at) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, at);
            one.put(0, (byte) (one.get(0) ^ 0x10)).position(0);
            ch.write(one, at);
        }
    }

    /** Deliveries and acks with a known state after each (states.get(i): after i operations). */
    private List<ConsumerState> fill(ConsumerStore s, int ops, long seed) {
        return fill(s, ops, seed, true);
    }

    /** With {@code every} false, only the state before and after. */
    private List<ConsumerState> fill(ConsumerStore s, int ops, long seed, boolean every) {
        Random rnd = new Random(seed);
        List<ConsumerState> states = new ArrayList<>();
        states.add(s.state());
        long dseq = 0;
        long sseq = 0;
        List<long[]> pending = new ArrayList<>();
        for (int i = 0; i < ops; i++) {
            if (pending.isEmpty() || rnd.nextInt(3) > 0) {
                dseq++;
                sseq += 1 + rnd.nextInt(3);
                s.updateDelivered(dseq, sseq, 1, 1_700_000_000_000_000_000L + rnd.nextInt(1_000_000_000));
                pending.add(new long[] {dseq, sseq});
            } else {
                long[] p = pending.remove(rnd.nextInt(Math.min(3, pending.size())));
                assertTrue(s.updateAcks(p[0], p[1]));
            }
            if (every || i == ops - 1) {
                states.add(s.state());
            }
        }
        return states;
    }

    @Test
    void everythingSurvivesARestartExactly() {
        FileConsumerStore s = open(AckMode.EXPLICIT);
        List<ConsumerState> states = fill(s, 500, 1);
        s.updateConfig("{\"name\":\"C\"}".getBytes(StandardCharsets.UTF_8));
        s.close();
        s = open(AckMode.EXPLICIT);
        assertEquals(states.get(states.size() - 1), s.state());
        assertArrayEquals("{\"name\":\"C\"}".getBytes(StandardCharsets.UTF_8), s.config());
        s.close();
    }

    /**
     * What a crash at any moment between updates leaves (the log as it is, copied aside) replays to
     * exactly the state in memory, across many compactions; deliveries, redeliveries anywhere in
     * pending, acks mostly of the oldest, now and then everything.
     */
    @Test
    void theLogAtAnyMomentReplaysToTheLiveState() throws IOException {
        FileConsumerStore s = FileConsumerStore.open(dir.resolve("live"), AckMode.EXPLICIT, SyncPolicy.ALWAYS, 16 * 1024,
                Segment.Opener.DEFAULT);
        MemoryConsumerStore mem = MemoryConsumerStore.create(AckMode.EXPLICIT);
        Random rnd = new Random(11);
        long dseq = 0;
        long sseq = 0;
        TreeMap<Long, Long> pending = new TreeMap<>();
        for (int step = 1; step <= 60_000; step++) {
            int r = rnd.nextInt(10);
            long d;
            long q;
            if (r < 5 || pending.isEmpty()) {
                d = ++dseq;
                sseq += rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(3) : 1;
                q = sseq;
                pending.put(q, d);
                for (ConsumerStore c : new ConsumerStore[] {s, mem}) {
                    c.updateDelivered(d, q, 1, step);
                }
            } else if (r == 5) {
                d = ++dseq;
                q = pending.ceilingKey(pending.firstKey() + (long) (rnd.nextDouble() * (pending.lastKey() - pending.firstKey())));
                pending.put(q, d);
                long dc = 2 + rnd.nextInt(3);
                for (ConsumerStore c : new ConsumerStore[] {s, mem}) {
                    c.updateDelivered(d, q, dc, step);
                }
            } else {
                q = r < 9 || pending.size() > 300 ? pending.firstKey() : pending.lastKey();
                d = pending.remove(q);
                assertEquals(mem.updateAcks(d, q), s.updateAcks(d, q));
            }
            if (rnd.nextInt(2000) == 0) {
                while (!pending.isEmpty()) {
                    var e = pending.pollFirstEntry();
                    assertEquals(mem.updateAcks(e.getValue(), e.getKey()), s.updateAcks(e.getValue(), e.getKey()));
                }
            }
            if (step % 1999 == 0) {
                s.flush(); // updates are collected for one write; what a copy sees is what was written
                Path copy = dir.resolve("copy" + step);
                Files.createDirectories(copy);
                Files.copy(dir.resolve("live").resolve(FileConsumerStore.LOG), copy.resolve(FileConsumerStore.LOG));
                FileConsumerStore c = FileConsumerStore.open(copy, AckMode.EXPLICIT, SyncPolicy.ALWAYS);
                assertEquals(mem.state(), c.state(), "step " + step);
                c.delete();
            }
        }
        assertTrue(s.figures()[1] > 10, "compactions: " + s.figures()[1]);
        s.close();
    }

    @Test
    void compactionKeepsTheLogNearTheSizeOfTheState() {
        FileConsumerStore s = open(AckMode.EXPLICIT, 4096);
        MemoryConsumerStore mem = MemoryConsumerStore.create(AckMode.EXPLICIT);
        long maxSize = 0;
        for (long i = 1; i <= 6_000; i++) {
            for (ConsumerStore c : new ConsumerStore[] {s, mem}) {
                c.updateDelivered(i, i, 1, i);
                if (i > 50) {
                    c.updateAcks(i - 50, i - 50); // about 50 pending
                }
            }
            maxSize = Math.max(maxSize, s.logSize());
        }
        long snapshot = ConsumerLogFormat.FILE_HEADER + 5 + ConsumerLogFormat.STATE_FIXED + 51 * 24 + 4;
        assertTrue(maxSize <= 4096 + 3 * snapshot + 64, "log grew to " + maxSize);
        long[] figures = s.figures();
        assertTrue(figures[1] > 30, "compactions: " + figures[1]);
        s.close();
        s = open(AckMode.EXPLICIT, 4096);
        assertEquals(mem.state(), s.state());
        s.close();
    }

    @Test
    void aLogOpenedPastItsThresholdIsCompactedAtOnce() {
        FileConsumerStore s = open(AckMode.EXPLICIT);
        fill(s, 3000, 2, false);
        ConsumerState st = s.state();
        s.close();
        long before = s.logSize();
        s = open(AckMode.EXPLICIT, 4096);
        assertEquals(st, s.state());
        assertTrue(s.logSize() < before, s.logSize() + " < " + before);
        assertEquals(1, s.figures()[1]);
        s.close();
    }

    @Test
    void aCutShortLastRecordIsCutOff() throws IOException {
        FileConsumerStore s = open(AckMode.EXPLICIT);
        List<ConsumerState> states = fill(s, 40, 3);
        s.close();
        List<Integer> at = recordOffsets();
        // drop the CLOSED record and part of the last update: a crash mid-write
        int lastUpdate = at.get(at.size() - 3);
        try (FileChannel ch = FileChannel.open(log(), StandardOpenOption.WRITE)) {
            ch.truncate(lastUpdate + 7);
        }
        s = open(AckMode.EXPLICIT);
        assertEquals(states.get(39), s.state());
        assertFalse(Files.exists(dir.resolve(FileConsumerStore.DAMAGED)), "a cut-short write is not damage");
        s.updateDelivered(1000, 1000, 1, 1);
        ConsumerState after = s.state();
        s.close();
        s = open(AckMode.EXPLICIT);
        assertEquals(after, s.state());
        s.close();
    }

    @Test
    void zerosAfterTheLastRecordAreCutOff() throws IOException {
        FileConsumerStore s = open(AckMode.EXPLICIT);
        List<ConsumerState> states = fill(s, 40, 4);
        s.close();
        try (FileChannel ch = FileChannel.open(log(), StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.allocate(4096)); // a power cut: the file grew but its pages were never written
        }
        s = open(AckMode.EXPLICIT);
        assertEquals(states.get(40), s.state());
        s.close();
        assertEquals(recordOffsets().get(recordOffsets().size() - 1), (int) Files.size(log()));
    }

    /** A damaged record anywhere: the state the records before it prove, reported, the log kept and rewritten. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void aDamagedRecordFallsBackToTheStateBeforeIt(long seed) throws IOException {
        FileConsumerStore s = open(AckMode.EXPLICIT);
        List<ConsumerState> states = fill(s, 60, seed);
        s.close();
        List<Integer> at = recordOffsets(); // the snapshot, 60 updates, CLOSED, the end
        Random rnd = new Random(seed);
        int k = 1 + rnd.nextInt(60); // the k-th update
        int from = at.get(k);
        flipByte(log(), from + rnd.nextInt(at.get(k + 1) - from));
        byte[] damaged = Files.readAllBytes(log());
        s = open(AckMode.EXPLICIT);
        assertEquals(states.get(k - 1), s.state(), "update " + k + " damaged");
        assertArrayEquals(damaged, Files.readAllBytes(dir.resolve(FileConsumerStore.DAMAGED)));
        s.close();
        s = open(AckMode.EXPLICIT);
        assertEquals(states.get(k - 1), s.state(), "and the same after the rewrite");
        s.close();
    }

    @Test
    void aDamagedLastUpdateOfACleanlyClosedLogIsDamageNotACutShortWrite() throws IOException {
        FileConsumerStore s = open(AckMode.EXPLICIT);
        List<ConsumerState> states = fill(s, 20, 9);
        s.close();
        List<Integer> at = recordOffsets();
        flipByte(log(), at.get(at.size() - 3) + 10);
        s = open(AckMode.EXPLICIT);
        assertEquals(states.get(19), s.state());
        assertTrue(Files.exists(dir.resolve(FileConsumerStore.DAMAGED)), "the CLOSED record after it shows it was whole");
        s.close();
    }

    @Test
    void aDamagedSnapshotOrFileHeaderLeavesNothingProven() throws IOException {
        for (int where : new int[] {1, ConsumerLogFormat.FILE_HEADER + 20}) {
            FileConsumerStore s = open(AckMode.EXPLICIT);
            s.update(new ConsumerState(10, 10, 5, 5, Map.of(7L, new Pending(7, 1)), Map.of()));
            s.close();
            flipByte(log(), where); // the magic, or the snapshot every log starts with
            s = open(AckMode.EXPLICIT);
            assertEquals(ConsumerState.empty(), s.state(), "damage at " + where);
            assertTrue(Files.exists(dir.resolve(FileConsumerStore.DAMAGED)));
            s.delete();
        }
    }

    @Test
    void leftoverTemporaryFilesAreRemoved() throws IOException {
        FileConsumerStore s = open(AckMode.EXPLICIT);
        List<ConsumerState> states = fill(s, 10, 5);
        s.close();
        Files.write(dir.resolve(FileConsumerStore.LOG_TMP), new byte[100]);
        Files.write(dir.resolve(FileConsumerStore.CONFIG_TMP), new byte[10]);
        s = open(AckMode.EXPLICIT);
        assertEquals(states.get(10), s.state());
        assertFalse(Files.exists(dir.resolve(FileConsumerStore.LOG_TMP)));
        assertFalse(Files.exists(dir.resolve(FileConsumerStore.CONFIG_TMP)));
        s.close();
    }

    @Test
    void aChangedAckModeKeepsTheStateAndAppliesFromNowOn() {
        FileConsumerStore s = open(AckMode.EXPLICIT);
        s.updateDelivered(1, 1, 1, 1);
        s.updateDelivered(2, 2, 1, 2);
        s.updateDelivered(3, 3, 1, 3);
        ConsumerState st = s.state();
        s.close();
        s = open(AckMode.ALL);
        assertEquals(st, s.state());
        assertTrue(s.updateAcks(2, 2));
        assertEquals(Map.of(3L, new Pending(3, 3)), s.state().pending(), "an ack-all");
        st = s.state();
        s.close();
        s = open(AckMode.ALL);
        assertEquals(st, s.state());
        s.close();
    }

    @Test
    void aDirectoryThatCannotBeCreatedFailsTheOpenWithTheSystemsReason() throws IOException {
        Path file = Files.createFile(dir.resolve("stream"));
        StoreException e = assertThrows(StoreException.class,
                () -> FileConsumerStore.open(file.resolve("obs").resolve("C1"), AckMode.EXPLICIT, SyncPolicy.ALWAYS));
        assertTrue(e.getMessage().contains("Not a directory"), e.getMessage());
    }

    @Test
    void aStoreInUseCannotBeOpenedTwice() {
        FileConsumerStore s = open(AckMode.EXPLICIT);
        StoreException e = assertThrows(StoreException.class, () -> open(AckMode.EXPLICIT));
        assertTrue(e.getMessage().contains("in use"), e.getMessage());
        s.close();
        open(AckMode.EXPLICIT).close();
    }

    @Test
    void aDamagedConfigIsReportedNotReturned() throws IOException {
        FileConsumerStore s = open(AckMode.EXPLICIT);
        s.updateConfig("{\"durable_name\":\"C\"}".getBytes(StandardCharsets.UTF_8));
        s.close();
        flipByte(dir.resolve(FileConsumerStore.CONFIG), 8);
        FileConsumerStore r = open(AckMode.EXPLICIT);
        StoreException e = assertThrows(StoreException.class, r::config);
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
        r.updateConfig("{}".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals("{}".getBytes(StandardCharsets.UTF_8), r.config());
        r.close();
    }

    @Test
    void deleteRemovesTheDirectory() {
        Path sub = dir.resolve("obs").resolve("C1");
        FileConsumerStore s = FileConsumerStore.open(sub, AckMode.EXPLICIT, SyncPolicy.ALWAYS);
        s.updateDelivered(1, 1, 1, 1);
        s.updateConfig(new byte[] {1});
        s.delete();
        assertFalse(Files.exists(sub));
        assertTrue(Files.exists(dir.resolve("obs")));
    }

    @Test
    void oneFsyncCoversEveryUpdateBeforeIt() {
        FileConsumerStore s = open(AckMode.EXPLICIT);
        List<CompletableFuture<Void>> syncs = new ArrayList<>();
        for (long i = 1; i <= 2000; i++) {
            s.updateDelivered(i, i, 1, i);
            if (i % 100 == 0) {
                syncs.add(s.sync());
            }
        }
        syncs.forEach(CompletableFuture::join);
        long[] figures = s.figures();
        assertEquals(2000, figures[2]);
        assertTrue(figures[0] >= 1 && figures[0] <= 20, "fsyncs: " + figures[0]);
        assertTrue(s.sync().isDone(), "nothing written since the last fsync: done at once");
        s.close();
    }

    @Test
    void withAnIntervalSyncCompletesAtOnceAndTheFileIsForcedLater() throws InterruptedException {
        FileConsumerStore s = FileConsumerStore.open(dir, AckMode.EXPLICIT, SyncPolicy.interval(Duration.ofMillis(20)));
        s.updateDelivered(1, 1, 1, 1);
        assertTrue(s.sync().isDone());
        for (int i = 0; i < 200 && s.figures()[0] == 0; i++) {
            Thread.sleep(10);
        }
        assertTrue(s.figures()[0] >= 1, "the interval fsync ran");
        s.close();
        s = FileConsumerStore.open(dir, AckMode.EXPLICIT, SyncPolicy.interval(Duration.ofMillis(20)));
        assertEquals(1, s.state().pending().size());
        s.close();
    }

    @Test
    void failedWritesFailSyncUntilTheStateIsRewritten() throws IOException {
        FaultyFiles files = new FaultyFiles();
        FileConsumerStore s = FileConsumerStore.open(dir, AckMode.EXPLICIT, SyncPolicy.ALWAYS, 1 << 20, files);
        s.rewriteRetryNanos = 0;
        MemoryConsumerStore mem = MemoryConsumerStore.create(AckMode.EXPLICIT);
        for (long i = 1; i <= 10; i++) {
            s.updateDelivered(i, i, 1, i);
            mem.updateDelivered(i, i, 1, i);
        }
        s.sync().join();
        files.room = 50; // the next record fits, the one after only in part
        for (long i = 11; i <= 20; i++) {
            s.updateDelivered(i, i, 1, i);
            mem.updateDelivered(i, i, 1, i);
            assertTrue(s.updateAcks(i - 5, i - 5));
            mem.updateAcks(i - 5, i - 5);
        }
        assertEquals(mem.state(), s.state(), "the state in memory goes on");
        CompletionException e = assertThrows(CompletionException.class, () -> s.sync().join());
        assertTrue(e.getCause().getMessage().contains(FaultyFiles.ENOSPC), e.getCause().getMessage());
        files.room = -1;
        s.updateDelivered(21, 21, 1, 21); // rewrites the whole state
        mem.updateDelivered(21, 21, 1, 21);
        s.sync().join();
        s.close();
        FileConsumerStore r = FileConsumerStore.open(dir, AckMode.EXPLICIT, SyncPolicy.ALWAYS);
        assertEquals(mem.state(), r.state());
        r.close();
    }

    @Test
    void aFailedFsyncFailsSyncUntilARewriteWorks() throws IOException {
        FaultyFiles files = new FaultyFiles();
        FileConsumerStore s = FileConsumerStore.open(dir, AckMode.EXPLICIT, SyncPolicy.ALWAYS, 1 << 20, files);
        s.rewriteRetryNanos = 0;
        s.updateDelivered(1, 1, 1, 1);
        files.failForce = true;
        CompletionException e = assertThrows(CompletionException.class, () -> s.sync().join());
        assertTrue(e.getCause().getMessage().contains(FaultyFiles.EIO), e.getCause().getMessage());
        s.updateDelivered(2, 2, 1, 2);
        assertThrows(CompletionException.class, () -> s.sync().join(), "the rewrite's fsync fails too");
        files.failForce = false;
        s.sync().join(); // a rewrite: what the failed fsync may have lost is written again
        s.updateDelivered(3, 3, 1, 3);
        s.sync().join();
        ConsumerState st = s.state();
        s.close();
        FileConsumerStore r = FileConsumerStore.open(dir, AckMode.EXPLICIT, SyncPolicy.ALWAYS);
        assertEquals(st, r.state());
        assertEquals(3, st.pending().size());
        r.close();
    }
}
