package io.natsj.store;

import static io.natsj.store.StreamStoreContract.body;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/**
 * The file store when the disk fails under it (a {@link FaultyFiles} file system): a failed write
 * leaves no torn record before good ones, a failed sync acknowledges nothing, a read-only directory
 * is read and later written, a purge makes room on a full disk, and nothing needs a restart to
 * write again once the disk does.
 */
class StoreFailureTest {
    static final FileStoreOptions SMALL = new FileStoreOptions(4096, SyncPolicy.ALWAYS);

    @TempDir
    Path dir;
    final FaultyFiles files = new FaultyFiles();

    FileStore open() {
        return FileStore.open(dir, "test", SMALL, StreamLimits.NONE, files);
    }

    static String text(int i) {
        return ("message " + i + " ").repeat(20);
    }

    static long store(FileStore s, int i) {
        return s.store("s." + (i % 3), null, text(i).getBytes(UTF_8), i).join();
    }

    static StoreException failure(CompletableFuture<Long> f) {
        CompletionException e = assertThrows(CompletionException.class, f::join);
        return assertInstanceOf(StoreException.class, e.getCause());
    }

    /** Reopens and checks: no damage found, exactly {@code seqs} there (message i at sequence seq[i - 1] is text(i)). */
    void assertIntactAfterReopen(List<long[]> stored, long lastSeq) {
        FileStore again = open();
        try {
            StreamState st = again.state(false);
            assertNull(st.lost(), "damage found by recovery");
            assertEquals(stored.size(), st.msgs());
            assertEquals(lastSeq, st.lastSeq());
            for (long[] m : stored) {
                assertEquals(text((int) m[1]), body(again.load(m[0])), "message " + m[0]);
            }
        } finally {
            again.close();
        }
    }

    static long fileBytes(Path dir) throws IOException {
        long n = 0;
        try (var all = Files.list(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (p.toString().endsWith(".seg")) {
                    n += Files.size(p);
                }
            }
        }
        return n;
    }

    @Test
    void aWriteCutShortByAFullDiskLeavesNothingBehind() throws IOException {
        FileStore s = open();
        List<long[]> stored = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            stored.add(new long[] {store(s, i), i});
        }
        long before = fileBytes(dir);
        files.room = 100; // part of the next record fits
        StoreException e = failure(s.store("s.0", null, text(4).getBytes(UTF_8), 4));
        assertTrue(e.getMessage().contains(FaultyFiles.ENOSPC), e.getMessage());
        assertEquals(before, fileBytes(dir), "the partial record was not cut back");
        assertEquals(3, s.state(false).lastSeq(), "the failed message took a sequence");
        files.room = -1;
        stored.add(new long[] {store(s, 5), 5});
        assertEquals(4, stored.get(3)[0]);
        s.close();
        assertIntactAfterReopen(stored, 4);
    }

    @Test
    void aFailedWriteThatCannotBeCutBackIsNeverFollowedByGoodRecords() throws IOException {
        FileStore s = open();
        List<long[]> stored = new ArrayList<>();
        stored.add(new long[] {store(s, 1), 1});
        files.room = 50;
        files.failTruncate = true;
        failure(s.store("s.0", null, text(2).getBytes(UTF_8), 2));
        files.room = -1;
        // The torn record stays at the end of its segment: the next messages go to a new one.
        for (int i = 3; i <= 5; i++) {
            stored.add(new long[] {store(s, i), i});
        }
        assertEquals(2, FileStoreTest.segmentFiles(dir));
        s.close();
        files.failTruncate = false;
        assertIntactAfterReopen(stored, 4);
    }

    @Test
    void anEmptySegmentThatCouldNotBeCutBackIsCutLater() {
        FileStore s = open();
        files.room = 10;
        files.failTruncate = true;
        failure(s.store("s.0", null, text(1).getBytes(UTF_8), 1));
        files.room = -1;
        // No message in the segment yet, so there is no new name to move to: refused until the cut works.
        assertTrue(failure(s.store("s.0", null, text(1).getBytes(UTF_8), 1)).getMessage().contains("failed write"));
        files.failTruncate = false;
        List<long[]> stored = new ArrayList<>();
        stored.add(new long[] {store(s, 2), 2});
        assertEquals(1, stored.get(0)[0]);
        s.close();
        assertIntactAfterReopen(stored, 1);
    }

    @Test
    void aSegmentCreationThatLeftItsFileDoesNotWedgeTheStore() throws IOException {
        FileStore s = open();
        List<long[]> stored = new ArrayList<>();
        files.createLeavesFile = true;
        int i = 0;
        CompletableFuture<Long> f;
        do { // until the first segment is full and the next one cannot be made
            i++;
            f = s.store("s.0", null, text(i).getBytes(UTF_8), i);
            if (!f.isCompletedExceptionally()) {
                stored.add(new long[] {f.join(), i});
            }
        } while (!f.isCompletedExceptionally() && i < 100);
        assertTrue(failure(f).getMessage().contains(FaultyFiles.ENOSPC));
        assertEquals(2, FileStoreTest.segmentFiles(dir), "the failed creation left its file");
        for (int k = 0; k < 10; k++) {
            i++;
            stored.add(new long[] {store(s, i), i});
        }
        s.close();
        assertIntactAfterReopen(stored, stored.size());
    }

    @Test
    void aFailedSyncAcknowledgesNothingAndWritingResumesOnceSyncsWork() {
        FileStore s = open();
        List<long[]> stored = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            stored.add(new long[] {store(s, i), i});
        }
        files.failForce = true;
        List<CompletableFuture<Long>> pending = new ArrayList<>();
        for (int i = 4; i <= 20; i++) {
            pending.add(s.store("s.0", null, text(i).getBytes(UTF_8), i));
        }
        for (CompletableFuture<Long> f : pending) {
            String why = failure(f).getMessage();
            assertTrue(why.contains("sync failed: " + FaultyFiles.EIO) || why.contains("since a sync failed"), why);
        }
        StoreException refused = failure(s.store("s.0", null, text(21).getBytes(UTF_8), 21));
        assertTrue(refused.getMessage().contains("since a sync failed (" + FaultyFiles.EIO), refused.getMessage());
        files.failForce = false;
        s.syncRetryNanos = 0;
        long seq = store(s, 22);
        stored.add(new long[] {seq, 22});
        StreamState st = s.state(false);
        assertEquals(4, st.msgs(), "the messages whose acknowledgement failed are not kept");
        assertEquals(seq, st.lastSeq());
        for (long q = 4; q < seq; q++) {
            assertNull(s.load(q), "message " + q + " failed and is still served");
        }
        s.close();
        assertIntactAfterReopen(stored, seq);
    }

    @Test
    void afterAFailedSyncNoLaterSyncAcknowledgesUntilCleared() throws IOException {
        ArrayDeque<Runnable> tasks = new ArrayDeque<>();
        Executor manual = tasks::add;
        List<IOException> reported = new ArrayList<>();
        GroupCommit gc = new GroupCommit(manual, new FailureLog(quietLogger(new ArrayList<>()), "test"), reported::add);
        Segment seg = Segment.create(dir, 1, files);
        seg.append(ByteBuffer.wrap(new byte[100]));
        CompletableFuture<Long> first = gc.add(1, seg);
        files.failForce = true;
        tasks.poll().run();
        assertTrue(first.isCompletedExceptionally());
        assertEquals(1, reported.size());
        files.failForce = false;
        seg.append(ByteBuffer.wrap(new byte[100]));
        CompletableFuture<Long> second = gc.add(2, seg);
        tasks.poll().run(); // the fsync would work now, but what the failed one lost is unknown
        assertTrue(failure(second).getMessage().contains(FaultyFiles.EIO));
        assertEquals(1, gc.clearFailure());
        CompletableFuture<Long> third = gc.add(3, seg);
        tasks.poll().run();
        assertEquals(3, third.join());
        seg.close();
    }

    @Test
    void aReadOnlyDirectoryIsReadAndWrittenOnceItCanBe() throws IOException {
        FileStore s = open();
        List<long[]> stored = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            stored.add(new long[] {store(s, i), i});
        }
        s.close();
        // A write cut short by a crash, found by a store that cannot cut it off yet.
        Path seg = dir.resolve(Segment.fileName(1));
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap("NJSR torn".getBytes(UTF_8)));
        }
        files.readOnly = true;
        FileStore ro = open();
        assertEquals(5, ro.state(false).msgs());
        assertEquals(text(3), body(ro.load(3)));
        assertEquals(text(5), body(ro.loadLast("s.2")));
        StoreException e = failure(ro.store("s.0", null, text(6).getBytes(UTF_8), 6));
        assertTrue(e.getMessage().contains("is not writable: " + FaultyFiles.EROFS), e.getMessage());
        assertThrows(StoreException.class, () -> ro.remove(1));
        assertThrows(StoreException.class, () -> ro.purge(null, 0, 0));
        assertEquals(5, ro.state(false).msgs());
        files.readOnly = false;
        stored.add(new long[] {store(ro, 7), 7});
        assertEquals(6, stored.get(5)[0]);
        ro.close();
        assertIntactAfterReopen(stored, 6);
    }

    @Test
    void aReadOnlyStoreAndAWritableOneExcludeEachOther() {
        open().close();
        FileStore writable = open();
        files.readOnly = true;
        assertTrue(assertThrows(StoreException.class, this::open).getMessage().contains("in use"));
        writable.close();
        FileStore ro = open();
        files.readOnly = false;
        assertTrue(assertThrows(StoreException.class, this::open).getMessage().contains("in use"));
        ro.close();
        open().close();
    }

    @Test
    void aPurgeMakesRoomOnAFullDisk() throws IOException {
        FileStore s = open();
        for (int i = 1; i <= 20; i++) {
            store(s, i);
        }
        assertTrue(FileStoreTest.segmentFiles(dir) > 1);
        files.room = 0;
        assertTrue(failure(s.store("s.0", null, text(21).getBytes(UTF_8), 21)).getMessage().contains(FaultyFiles.ENOSPC));
        assertEquals(20, s.purge(null, 0, 0));
        StreamState st = s.state(false);
        assertEquals(0, st.msgs());
        assertEquals(20, st.lastSeq());
        assertEquals(1, FileStoreTest.segmentFiles(dir));
        assertTrue(fileBytes(dir) < 100, "the purge freed nothing: " + fileBytes(dir));
        files.room = -1;
        List<long[]> stored = new ArrayList<>();
        stored.add(new long[] {store(s, 22), 22});
        assertEquals(21, stored.get(0)[0]);
        s.close();
        assertIntactAfterReopen(stored, 21);
    }

    @Test
    void aPurgeInPlaceCutShortByACrashLosesNothing() throws IOException {
        FileStore s = open();
        for (int i = 1; i <= 5; i++) {
            store(s, i);
        }
        files.room = 0;
        files.failTruncate = true; // the cut after the COMPACT record is what a crash would skip
        assertEquals(5, s.purge(null, 0, 0));
        s.close();
        files.room = -1;
        files.failTruncate = false;
        FileStore again = open();
        StreamState st = again.state(false);
        assertEquals(0, st.msgs());
        assertEquals(5, st.lastSeq());
        assertNull(st.lost());
        assertEquals(6, again.store("s.0", null, new byte[1], 1).join());
        again.close();
    }

    @Test
    void failuresAreLoggedOnceNotPerMessage() {
        List<String> lines = new ArrayList<>();
        FailureLog log = new FailureLog(quietLogger(lines), "test");
        for (int i = 0; i < 1000; i++) {
            log.failed("storing message " + i, FaultyFiles.ENOSPC);
        }
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("error"), lines.get(0));
        assertTrue(log.failing());
        log.succeeded();
        log.succeeded();
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(1).startsWith("info"), lines.get(1));
        assertFalse(log.failing());
        log.failed("storing message 1001", FaultyFiles.ENOSPC);
        assertEquals(3, lines.size(), lines.toString());
        // Failing and succeeding in turn (a disk on the edge of full): no more lines for a while.
        for (int i = 0; i < 1000; i++) {
            log.succeeded();
            log.failed("storing message " + (1002 + i), FaultyFiles.ENOSPC);
        }
        assertEquals(FailureLog.LINES, lines.size(), lines.toString());
    }

    /** A logger that records each line's level and arguments. */
    static Logger quietLogger(List<String> lines) {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class}, (proxy, m, args) -> {
            switch (m.getName()) {
                case "error", "warn", "info" -> lines.add(m.getName() + " " + java.util.Arrays.deepToString(args));
                case "getName" -> {
                    return "test";
                }
                default -> {
                    if (m.getReturnType() == boolean.class) {
                        return true;
                    }
                }
            }
            return null;
        });
    }
}
