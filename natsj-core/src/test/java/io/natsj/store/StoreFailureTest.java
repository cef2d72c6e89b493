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
