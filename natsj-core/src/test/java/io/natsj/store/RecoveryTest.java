package io.natsj.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damaged files: cut at random offsets and flipped bits. Every damaged message is detected and
 * reported, none is ever served, every intact one still is, and the counts add up.
 */
class RecoveryTest {
    private static final int MESSAGES = 400;
    private static final FileStoreOptions SMALL = new FileStoreOptions(8192, SyncPolicy.ALWAYS);

    @TempDir
    Path dir;

    /** Where each message's record lies, read from the pristine files. */
    record Place(Path file, long offset, int length) {
    }

    private final TreeMap<Long, StoredMessage> written = new TreeMap<>();
    private final TreeMap<Long, Place> places = new TreeMap<>();
    private final List<Path> segments = new ArrayList<>();

    private void fill(Random rnd) throws IOException {
        FileStore s = FileStore.open(dir, "test", SMALL, StreamLimits.NONE);
        for (int i = 0; i < MESSAGES; i++) {
            byte[] payload = new byte[rnd.nextInt(300)];
            rnd.nextBytes(payload);
            byte[] hdr = rnd.nextBoolean() ? new byte[0] : ("NATS/1.0\r\nK: " + i + "\r\n\r\n").getBytes();
            String subject = "sub." + rnd.nextInt(10);
            long seq = s.store(subject, hdr, payload, i).join();
            written.put(seq, new StoredMessage(seq, subject, hdr, payload, i));
        }
        s.close();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> p.toString().endsWith(".seg")).sorted().forEach(segments::add);
        }
        for (Path p : segments) {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p));
            for (int at = RecordFormat.SEGMENT_HEADER; at < b.limit(); ) {
                int length = RecordFormat.recordLength(RecordFormat.bodyLength(b, at));
                places.put(RecordFormat.seq(b, at), new Place(p, at, length));
                at += length;
            }
        }
        assertEquals(MESSAGES, places.size());
        assertTrue(segments.size() > 5);
    }

    /** What a crash leaves: no record of a normal close. */
    private void crashed() throws IOException {
        assertTrue(Files.deleteIfExists(dir.resolve(CleanClose.FILE)), "a normal close leaves its record");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void aTornTailIsCutOff(int seed) throws IOException {
        Random rnd = new Random(seed);
        fill(rnd);
        crashed();
        Path last = segments.get(segments.size() - 1);
        long cut = seed == 1 ? 3 : rnd.nextInt((int) Files.size(last));
        try (FileChannel ch = FileChannel.open(last, StandardOpenOption.WRITE)) {
            ch.truncate(cut);
        }
        Set<Long> gone = new HashSet<>();
        places.forEach((seq, p) -> {
            if (p.file().equals(last) && p.offset() + p.length() > cut) {
                gone.add(seq);
            }
        });
        FileStore s = FileStore.open(dir, "test", SMALL, StreamLimits.NONE);
        StreamState st = s.state(false);
        assertNull(st.lost(), "a cut-short write is not damage");
        assertEquals(MESSAGES - gone.size(), st.msgs());
        for (long seq : written.keySet()) {
            if (gone.contains(seq)) {
                assertNull(s.load(seq));
            } else {
                assertSameMessage(written.get(seq), s.load(seq));
            }
        }
        long next = s.store("after", null, new byte[3], 1).join();
        assertEquals(st.lastSeq() + 1, next);
        s.close();
        s = FileStore.open(dir, "test", SMALL, StreamLimits.NONE);
        assertEquals(next, s.state(false).lastSeq());
        s.close();
    }

    /**
     * After a normal close the newest segment's end is known: a cut there is damage, reported and
     * kept reported, and the lost sequences are never given out again (after a crash it would be a
     * cut-short write, above).
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void aTailCutAfterANormalCloseIsReportedLost(int seed) throws IOException {
        Random rnd = new Random(seed);
        fill(rnd);
        Path last = segments.get(segments.size() - 1);
        long cut = seed == 1 ? 3 : seed == 2 ? places.lastEntry().getValue().offset() : rnd.nextInt((int) Files.size(last));
        try (FileChannel ch = FileChannel.open(last, StandardOpenOption.WRITE)) {
            ch.truncate(cut);
        }
        Set<Long> gone = new HashSet<>();
        places.forEach((seq, p) -> {
            if (p.file().equals(last) && p.offset() + p.length() > cut) {
                gone.add(seq);
            }
        });
        assertFalse(gone.isEmpty());
        FileStore s = FileStore.open(dir, "test", SMALL, StreamLimits.NONE);
        StreamState st = s.state(false);
        assertNotNull(st.lost(), "cut after a normal close");
        assertEquals(gone, toSet(st.lost().msgs()));
        assertEquals(MESSAGES - gone.size(), st.msgs());
        assertEquals(MESSAGES, st.lastSeq());
        for (long seq : gone) {
            assertNull(loadOrNull(s, seq));
        }
        assertEquals(MESSAGES + 1, s.store("after", null, new byte[3], 1).join());
        s.close();
        // a normal close and a crash alike find the same again
        for (boolean crash : new boolean[] {false, true}) {
            if (crash) {
                crashed();
            }
            s = FileStore.open(dir, "test", SMALL, StreamLimits.NONE);
            st = s.state(false);
            assertEquals(gone, toSet(st.lost().msgs()), crash ? "after a crash" : "after a close");
            assertEquals(MESSAGES + 1, st.lastSeq());
            assertEquals(MESSAGES - gone.size() + 1, st.msgs());
            s.close();
        }
    }

    /** A segment whose messages are all lost is kept, so the loss is reported on every open, until a purge passes it. */
    @Test
    void aSegmentOfLostMessagesStaysReportedUntilPurged() throws IOException {
        fill(new Random(7));
        Path first = segments.get(0);
        try (FileChannel ch = FileChannel.open(first, StandardOpenOption.WRITE)) {
            ch.truncate(3);
        }
        Set<Long> gone = new HashSet<>();
        places.forEach((seq, p) -> {
            if (p.file().equals(first)) {
                gone.add(seq);
            }
        });
        long after = gone.stream().mapToLong(Long::longValue).max().orElseThrow() + 1;
        for (int open = 0; open < 2; open++) {
            FileStore s = FileStore.open(dir, "test", SMALL, StreamLimits.NONE);
            assertEquals(gone, toSet(s.state(false).lost().msgs()), "open " + open);
            assertEquals(after, s.state(false).firstSeq());
            s.close();
            assertTrue(Files.exists(first));
        }
        FileStore s = FileStore.open(dir, "test", SMALL, StreamLimits.NONE);
        s.compact(after);
        assertNull(s.state(false).lost());
        s.close();
        assertFalse(Files.exists(first), "purged");
        s = FileStore.open(dir, "test", SMALL, StreamLimits.NONE);
        assertNull(s.state(false).lost());
        assertEquals(MESSAGES - gone.size(), s.state(false).msgs());
        s.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void aShortenedMiddleSegmentLosesItsTail(int seed) throws IOException {
        Random rnd = new Random(seed);
        fill(rnd);
        Path middle = segments.get(segments.size() / 2);
        long cut = RecordFormat.SEGMENT_HEADER + rnd.nextInt((int) Files.size(middle) - RecordFormat.SEGMENT_HEADER);
        try (FileChannel ch = FileChannel.open(middle, StandardOpenOption.WRITE)) {
            ch.truncate(cut);
        }
        FileStore s = FileStore.open(dir, "test", SMALL, StreamLimits.NONE);
        Set<Long> lost = new HashSet<>();
        places.forEach((seq, p) -> {
            if (p.file().equals(middle) && p.offset() + p.length() > cut) {
                lost.add(seq);
            }
        });
        StreamState st = s.state(false);
        assertNotNull(st.lost());
        assertEquals(lost, toSet(st.lost().msgs()));
        assertEquals(MESSAGES - lost.size(), st.msgs());
        assertEquals(MESSAGES, st.lastSeq());
        s.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void flippedBitsAreDetectedNeverServed(int seed) throws IOException {
        Random rnd = new Random(seed);
        fill(rnd);
        boolean crash = seed % 2 == 0; // half as after a crash, half after a normal close
        if (crash) {
            crashed();
        }
        Set<Long> touched = new HashSet<>();
        int flips = 1 + rnd.nextInt(6);
        for (int i = 0; i < flips; i++) {
            Path file = segments.get(rnd.nextInt(segments.size()));
            long size = Files.size(file);
            long at = rnd.nextInt((int) size);
            flip(file, at, 1 << rnd.nextInt(8));
            places.forEach((seq, p) -> {
                if (p.file().equals(file) && at >= p.offset() && at < p.offset() + p.length()) {
                    touched.add(seq);
                }
            });
        }
        long lastSeq = places.lastKey();
        Place lastPlace = places.get(lastSeq);
        FileStore s = FileStore.open(dir, "test", SMALL, StreamLimits.NONE);
        StreamState st = s.state(false);
        Set<Long> lost = st.lost() == null ? Set.of() : toSet(st.lost().msgs());
        int served = 0;
        boolean tornLast = false;
        for (long seq : written.keySet()) {
            StoredMessage m = loadOrNull(s, seq);
            if (m != null) {
                assertSameMessage(written.get(seq), m);
                served++;
            } else if (seq == lastSeq && !lost.contains(seq)) {
                // after a crash, a damaged header on the very last record looks like a write cut short
                assertTrue(crash, "after a normal close a damaged last record is reported, not cut: " + seq);
                tornLast = true;
                assertTrue(touched.contains(seq));
                assertTrue(lastPlace.length() > 0);
            } else {
                assertTrue(touched.contains(seq), "intact message " + seq + " not served");
                assertTrue(lost.contains(seq), "damaged message " + seq + " not reported");
            }
        }
        for (long seq : touched) {
            assertNull(loadOrNull(s, seq), "damaged message " + seq + " served");
        }
        assertEquals(served, st.msgs(), "counted messages are the served ones");
        assertEquals(MESSAGES, served + lost.size() + (tornLast ? 1 : 0), "every message accounted for");
        assertEquals(tornLast ? lastSeq - 1 : lastSeq, st.lastSeq());
        s.close();
    }

    /**
     * After a crash there is no record of the close, yet a message record that is whole but for its
     * header is no cut-short write: it is reported lost at the sequence its place gives, at the very
     * end of the newest segment or before nothing but delete records, and that sequence is not reused.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aLastMessageWithADamagedHeaderIsReportedAfterACrash(boolean deletesAfter) throws IOException {
        FileStore s = FileStore.open(dir, "test", SMALL, StreamLimits.NONE);
        for (int i = 1; i <= 20; i++) {
            s.store("a", null, ("payload " + i).getBytes(), i).join();
        }
        if (deletesAfter) {
            assertTrue(s.remove(3));
            assertTrue(s.erase(5));
        }
        s.close();
        crashed();
        Path seg;
        try (Stream<Path> files = Files.list(dir)) {
            seg = files.filter(p -> p.toString().endsWith(".seg")).sorted().reduce((a, b) -> b).orElseThrow();
        }
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(seg));
        int at = RecordFormat.SEGMENT_HEADER;
        int lastMessage = -1;
        for (; at < b.limit(); at += RecordFormat.recordLength(RecordFormat.bodyLength(b, at))) {
            if (RecordFormat.seq(b, at) == 20 && RecordFormat.kind(b, at) == RecordFormat.MSG) {
                lastMessage = at;
            }
        }
        flip(seg, lastMessage + 5, 2); // the body length: only the header's checksum notices
        for (int open = 0; open < 2; open++) {
            s = FileStore.open(dir, "test", SMALL, StreamLimits.NONE);
            StreamState st = s.state(false);
            assertNotNull(st.lost(), "open " + open);
            assertArrayEquals(new long[] {20}, st.lost().msgs());
            assertEquals(open == 0 ? 20 : 21, st.lastSeq());
            assertEquals(deletesAfter ? 17 : 19, st.msgs() - open);
            assertNull(loadOrNull(s, 20));
            if (open == 0) {
                assertEquals(21, s.store("a", null, new byte[1], 21).join());
            }
            s.close();
            crashed();
        }
    }

    /** Sequences passed over (a mirror's skip) count in the place that gives a damaged message its sequence. */
    @Test
    void aDamagedHeaderAfterSkippedSequencesIsReportedAtItsSequence() throws IOException {
        FileStore s = FileStore.open(dir, "test", SMALL, StreamLimits.NONE);
        for (int i = 1; i <= 5; i++) {
            s.store("a", null, ("payload " + i).getBytes(), i).join();
        }
        s.skipTo(10);
        assertEquals(10, s.store("a", null, "payload 10".getBytes(), 10).join());
        s.close();
        crashed();
        Path seg;
        try (Stream<Path> files = Files.list(dir)) {
            seg = files.filter(p -> p.toString().endsWith(".seg")).sorted().reduce((a, b) -> b).orElseThrow();
        }
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(seg));
        int last = -1;
        for (int at = RecordFormat.SEGMENT_HEADER; at < b.limit(); at += RecordFormat.recordLength(RecordFormat.bodyLength(b, at))) {
            last = at;
        }
        assertEquals(10, RecordFormat.seq(b, last));
        flip(seg, last + 1, 8);
        s = FileStore.open(dir, "test", SMALL, StreamLimits.NONE);
        StreamState st = s.state(false);
        assertNotNull(st.lost());
        assertArrayEquals(new long[] {10}, st.lost().msgs());
        assertEquals(10, st.lastSeq());
        assertEquals(5, st.msgs());
        s.close();
    }

    /**
     * An erased message's record holds noise under a valid checksum; it is marked erased itself, so
     * it stays gone even when its DELETE record is lost to damage, and its sequence is not reused.
     */
    @Test
    void anErasedMessageStaysGoneWhenItsDeleteRecordIsDamaged() throws IOException {
        FileStore s = FileStore.open(dir, "test", SMALL, StreamLimits.NONE);
        for (int i = 1; i <= 3; i++) {
            s.store("a", ("NATS/1.0\r\nK: " + i + "\r\n\r\n").getBytes(), ("payload " + i).getBytes(), i).join();
        }
        assertTrue(s.erase(2));
        assertTrue(s.erase(3));
        s.close();
        Path seg;
        try (Stream<Path> files = Files.list(dir)) {
            seg = files.filter(p -> p.toString().endsWith(".seg")).findFirst().orElseThrow();
        }
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(seg));
        int deletes = 0;
        for (int at = RecordFormat.SEGMENT_HEADER; at < b.limit(); at += RecordFormat.recordLength(RecordFormat.bodyLength(b, at))) {
            if (RecordFormat.kind(b, at) == RecordFormat.DELETE) {
                flip(seg, at + 9, 4); // in the sequence: the header's checksum fails
                deletes++;
            }
        }
        assertEquals(2, deletes);
        s = FileStore.open(dir, "test", SMALL, StreamLimits.NONE);
        StreamState st = s.state(false);
        assertNull(s.load(2));
        assertNull(s.load(3));
        assertNull(st.lost());
        assertEquals(1, st.msgs());
        assertEquals(3, st.lastSeq());
        assertEquals(4, s.store("a", null, new byte[1], 4).join());
        s.close();
    }

    /** A lost message's load throws; one found damaged only now would not be in the lost list yet. */
    private static StoredMessage loadOrNull(FileStore s, long seq) {
        try {
            return s.load(seq);
        } catch (CorruptMessageException e) {
            LostData lost = s.state(false).lost();
            assertTrue(lost != null && toSet(lost.msgs()).contains(seq), "damage should have been found when opening: " + seq);
            return null;
        }
    }

    private static void flip(Path file, long at, int mask) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, at);
            one.put(0, (byte) (one.get(0) ^ mask)).position(0);
            ch.write(one, at);
        }
    }

    private static Set<Long> toSet(long[] seqs) {
        Set<Long> out = new HashSet<>();
        for (long s : seqs) {
            out.add(s);
        }
        return out;
    }

    static void assertSameMessage(StoredMessage want, StoredMessage got) {
        assertNotNull(got, "message " + want.seq());
        assertEquals(want.seq(), got.seq());
        assertEquals(want.subject(), got.subject());
        assertArrayEquals(want.headers(), got.headers());
        assertArrayEquals(want.payload(), got.payload());
        assertEquals(want.timestamp(), got.timestamp());
    }
}
