package io.natsj.store;

import static io.natsj.store.StreamStoreContract.body;
import static io.natsj.store.StreamStoreContract.put;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only a file store does: survive a restart, keep its files tidy, report disk failures. */
class FileStoreTest {
    static final FileStoreOptions SMALL = new FileStoreOptions(4096, SyncPolicy.ALWAYS);

    @TempDir
    Path dir;

    FileStore open() {
        return FileStore.open(dir, "test", SMALL, StreamLimits.NONE);
    }

    static long segmentFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".seg")).count();
        }
    }

    static void assertSameState(StreamState want, StreamState got) {
        assertEquals(want.msgs(), got.msgs(), "msgs");
        assertEquals(want.bytes(), got.bytes(), "bytes");
        assertEquals(want.firstSeq(), got.firstSeq(), "first");
        assertEquals(want.lastSeq(), got.lastSeq(), "last");
        assertEquals(want.firstTime(), got.firstTime(), "first time");
        assertEquals(want.numSubjects(), got.numSubjects(), "subjects");
        assertEquals(want.numDeleted(), got.numDeleted(), "deleted");
        assertArrayEquals(want.deleted(), got.deleted(), "deleted list");
    }

    @Test
    void everythingSurvivesARestart() throws IOException {
        FileStore s = open();
        for (int i = 1; i <= 300; i++) {
            s.store("s." + (i % 7), ("h" + i).getBytes(UTF_8), ("payload " + i).getBytes(UTF_8), i).join();
        }
        s.remove(5);
        s.remove(150);
        s.erase(151);
        s.purge("s.3", 0, 2);
        s.compact(20);
        StreamState before = s.state(true);
        var subjects = s.subjectsState(null);
        s.close();
        assertTrue(segmentFiles(dir) > 3);
        FileStore again = open();
        assertSameState(before, again.state(true));
        assertNull(again.state(false).lost());
        for (long seq = 1; seq <= 300; seq++) {
            StoredMessage m = again.load(seq);
            if (m != null) {
                assertEquals("payload " + seq, body(m));
                assertEquals("h" + seq, new String(m.headers(), UTF_8));
                assertEquals(seq, m.timestamp());
            }
        }
        assertNull(again.load(5));
        assertNull(again.load(151));
        assertEquals(subjects, again.subjectsState(null));
        assertEquals(301, put(again, "x", "next"));
        again.close();
    }

    @Test
    void purgeAndCompactPastTheEndSurviveARestart() throws IOException {
        FileStore s = open();
        for (int i = 0; i < 100; i++) {
            put(s, "a", "x".repeat(100));
        }
        s.purge(null, 0, 0);
        s.close();
        assertEquals(1, segmentFiles(dir));
        s = open();
        assertEquals(101, s.state(false).firstSeq());
        assertEquals(100, s.state(false).lastSeq());
        s.compact(500);
        s.purge(null, 0, 0);
        s.close();
        s = open();
        assertEquals(500, s.state(false).firstSeq());
        assertEquals(500, put(s, "a", "b"));
        s.close();
    }

    @Test
    void aPurgeCutShortIsFinishedOnOpen() throws IOException {
        FileStore s = open();
        for (int i = 0; i < 100; i++) {
            put(s, "a", "x".repeat(100));
        }
        s.close();
        Path saved = Files.createDirectory(dir.resolveSibling(dir.getFileName() + "-saved"));
        for (Path p : Files.list(dir).filter(p -> p.toString().endsWith(".seg")).toList()) {
            Files.copy(p, saved.resolve(p.getFileName()));
        }
        s = open();
        s.compact(1_000_000_000L);
        s.close();
        for (Path p : Files.list(saved).toList()) {
            Files.copy(p, dir.resolve(p.getFileName())); // as if the old segments' deletion never happened
        }
        s = open();
        StreamState st = s.state(false);
        assertEquals(0, st.msgs());
        assertEquals(1_000_000_000L, st.firstSeq());
        assertNull(st.lost());
        assertEquals(1, segmentFiles(dir));
        s.close();
    }

    @Test
    void emptySegmentsAtTheFrontAreDeleted() throws IOException {
        FileStore s = FileStore.open(dir, "test", SMALL, StreamLimits.NONE.withMaxMsgs(10));
        for (int i = 0; i < 2000; i++) {
            put(s, "a", "x".repeat(100));
        }
        assertTrue(segmentFiles(dir) <= 3, "segments: " + segmentFiles(dir));
        s.close();
        s = FileStore.open(dir, "test", SMALL, StreamLimits.NONE.withMaxMsgs(10));
        assertEquals(10, s.state(false).msgs());
        assertEquals(1991, s.state(false).firstSeq());
        s.close();
    }

    @Test
    void erasedContentIsGoneFromDisk() throws IOException {
        FileStore s = open();
        put(s, "a", "secret-payload-123");
        put(s, "a", "other");
        assertTrue(s.erase(1));
        s.close();
        for (Path p : Files.list(dir).toList()) {
            String content = new String(Files.readAllBytes(p), UTF_8);
            assertFalse(content.contains("secret-payload-123"), p.toString());
        }
        s = open();
        assertNull(s.load(1));
        assertEquals(1, s.state(false).msgs());
        assertNull(s.state(false).lost());
        s.close();
    }

    /** The server keeps a stream's consumers in {@code <stream directory>/obs/<consumer>/}: the stream leaves them alone. */
    @Test
    void consumerStoresInsideTheStreamDirectoryAreIgnoredByTheStream() throws IOException {
        FileStore s = open();
        for (int i = 1; i <= 50; i++) {
            put(s, "s", "m" + i);
        }
        FileConsumerStore c = FileConsumerStore.open(dir.resolve("obs").resolve("C1"), ConsumerStore.AckMode.EXPLICIT,
                SyncPolicy.ALWAYS);
        c.updateDelivered(1, 1, 1, 1);
        c.updateConfig("{}".getBytes(UTF_8));
        StreamState before = s.state(true);
        s.close();
        s = open();
        assertSameState(before, s.state(true));
        assertNull(s.state(false).lost());
        assertEquals("m50", body(s.load(50)));
        s.purge(">", 0, 0);
        put(s, "s", "after");
        s.close();
        s = open();
        assertEquals(1, s.state(false).msgs());
        s.close();
        assertEquals(1, c.state().pending().size(), "the consumer's files are untouched");
        c.close();
        c = FileConsumerStore.open(dir.resolve("obs").resolve("C1"), ConsumerStore.AckMode.EXPLICIT, SyncPolicy.ALWAYS);
        assertEquals(1, c.state().pending().size());
        c.close();
    }

    @Test
    void deletingAStreamDeletesItsConsumers() throws IOException {
        FileStore s = open();
        put(s, "s", "m");
        for (String name : new String[] {"C1", "C2"}) {
            FileConsumerStore c = FileConsumerStore.open(dir.resolve("obs").resolve(name), ConsumerStore.AckMode.ALL,
                    SyncPolicy.ALWAYS);
            c.updateDelivered(1, 1, 1, 1);
            c.close();
        }
        s.delete();
        assertFalse(Files.exists(dir));
    }

    @Test
    void oneStorePerDirectory() {
        FileStore s = open();
        StoreException e = assertThrows(StoreException.class, this::open);
        assertTrue(e.getMessage().contains("in use"), e.getMessage());
        s.close();
        open().close();
    }

    @Test
    void configBlobIsReplacedAtomically() throws IOException {
        FileStore s = open();
        assertNull(s.readConfig());
        s.writeConfig("{\"name\":\"a\"}".getBytes(UTF_8));
        s.writeConfig("{\"name\":\"b\"}".getBytes(UTF_8));
        assertEquals("{\"name\":\"b\"}", new String(s.readConfig(), UTF_8));
        Path conf = dir.resolve("stream.conf");
        byte[] raw = Files.readAllBytes(conf);
        raw[6] ^= 1;
        Files.write(conf, raw);
        assertThrows(StoreException.class, s::readConfig);
        s.close();
    }

    @Test
    void intervalSyncAcknowledgesAtOnceAndStillSyncs() {
        FileStoreOptions interval = new FileStoreOptions(4096, SyncPolicy.interval(Duration.ofMillis(50)));
        FileStore s = FileStore.open(dir, "test", interval, StreamLimits.NONE);
        CompletableFuture<Long> f = s.store("a", null, new byte[10], 1);
        assertTrue(f.isDone());
        assertEquals(1, f.join());
        s.close();
        s = FileStore.open(dir, "test", interval, StreamLimits.NONE);
        assertEquals(1, s.state(false).msgs());
        s.close();
    }

    @Test
    void damageFoundByALoadIsReportedAsLost() throws Exception {
        FileStore s = open();
        put(s, "a", "one");
        put(s, "a", "two-two");
        put(s, "a", "three");
        Path seg = Files.list(dir).filter(p -> p.toString().endsWith(".seg")).findFirst().orElseThrow();
        byte[] raw = Files.readAllBytes(seg);
        int at = new String(raw, UTF_8).indexOf("two-two");
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {'X'}), at);
        }
        assertThrows(CorruptMessageException.class, () -> s.load(2));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (s.state(false).lost() == null && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        StreamState st = s.state(false);
        assertArrayEquals(new long[] {2}, st.lost().msgs());
        assertEquals(2, st.msgs());
        assertThrows(CorruptMessageException.class, () -> s.load(2));
        assertEquals("three", body(s.loadNext("a", 2)));
        s.close();
        FileStore again = open();
        assertArrayEquals(new long[] {2}, again.state(false).lost().msgs());
        assertEquals(2, again.state(false).msgs());
        again.close();
    }

    @Test
    void diskFullIsReportedToThePublisherAndTheStoreCarriesOn() {
        AtomicBoolean full = new AtomicBoolean();
        Segment.Opener devFull = (path, create) -> create && full.get()
                ? FileChannel.open(Path.of("/dev/full"), StandardOpenOption.WRITE, StandardOpenOption.READ)
                : Segment.Opener.DEFAULT.open(path, create);
        FileStore s = FileStore.open(dir, "test", SMALL, StreamLimits.NONE, devFull);
        long seq = 0;
        full.set(true);
        CompletableFuture<Long> f;
        do {
            f = s.store("a", null, new byte[500], 1);
            if (!f.isCompletedExceptionally()) {
                seq = f.join();
            }
        } while (!f.isCompletedExceptionally() && seq < 100);
        CompletionException e = assertThrows(CompletionException.class, f::join);
        StoreException cause = assertInstanceOf(StoreException.class, e.getCause());
        assertTrue(cause.getMessage().contains("No space left on device"), cause.getMessage());
        assertEquals(seq, s.state(false).lastSeq(), "the refused message took no sequence");
        assertEquals(seq, s.load(seq).seq(), "stored messages are still served");
        full.set(false);
        assertEquals(seq + 1, s.store("a", null, new byte[500], 1).join());
        s.close();
    }
}
