package io.natsj.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.store.LimitExceededException.Limit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** nats-server's store semantics, run against every store. */
abstract class StreamStoreContract {
    private final List<StreamStore> opened = new ArrayList<>();

    abstract StreamStore create(StreamLimits limits);

    StreamStore store() {
        return open(StreamLimits.NONE);
    }

    StreamStore open(StreamLimits limits) {
        StreamStore s = create(limits);
        opened.add(s);
        return s;
    }

    @AfterEach
    void closeAll() {
        opened.forEach(StreamStore::close);
    }

    static long put(StreamStore s, String subject, String payload) {
        return s.store(subject, null, payload.getBytes(UTF_8), StoreThreads.nowNanos()).join();
    }

    static String body(StoredMessage m) {
        return new String(m.payload(), UTF_8);
    }

    static LimitExceededException refused(CompletableFuture<Long> f) {
        CompletionException e = assertThrows(CompletionException.class, f::join);
        return assertInstanceOf(LimitExceededException.class, e.getCause());
    }

    @Test
    void sequencesStartAtOneAndMessagesComeBackIntact() {
        StreamStore s = store();
        byte[] hdr = "NATS/1.0\r\nA: b\r\n\r\n".getBytes(UTF_8);
        assertEquals(1, s.store("a", hdr, "one".getBytes(UTF_8), 42).join());
        assertEquals(2, put(s, "b.c", "two"));
        StoredMessage m = s.load(1);
        assertEquals(1, m.seq());
        assertEquals("a", m.subject());
        assertArrayEquals(hdr, m.headers());
        assertEquals("one", body(m));
        assertEquals(42, m.timestamp());
        assertEquals(0, s.load(2).headers().length);
        assertNull(s.load(3));
        assertNull(s.load(0));
        StreamState st = s.state(false);
        assertEquals(2, st.msgs());
        assertEquals(1, st.firstSeq());
        assertEquals(2, st.lastSeq());
        assertEquals(42, st.firstTime());
        assertEquals(2, st.numSubjects());
        assertEquals(0, st.numDeleted());
        assertNull(st.lost());
    }

    @Test
    void emptyPayloadAndEmptyStore() {
        StreamStore s = store();
        StreamState st = s.state(true);
        assertEquals(0, st.msgs());
        assertEquals(1, st.firstSeq());
        assertEquals(0, st.lastSeq());
        assertEquals(0, st.firstTime());
        put(s, "a", "");
        assertEquals(0, s.load(1).payload().length);
    }

    @Test
    void lastBySubjectLiteralAndWildcard() {
        StreamStore s = store();
        put(s, "orders.1", "a");
        put(s, "orders.2", "b");
        put(s, "orders.1", "c");
        put(s, "other", "d");
        assertEquals("c", body(s.loadLast("orders.1")));
        assertEquals("b", body(s.loadLast("orders.2")));
        assertEquals("c", body(s.loadLast("orders.*")));
        assertEquals("d", body(s.loadLast(">")));
        assertNull(s.loadLast("orders.3"));
        s.remove(3);
        assertEquals("a", body(s.loadLast("orders.1")));
        s.remove(4);
        assertEquals("b", body(s.loadLast(">")), "the last live message, not the last sequence");
    }

    @Test
    void nextByFilter() {
        StreamStore s = store();
        put(s, "a.x", "1");
        put(s, "b.x", "2");
        put(s, "a.y", "3");
        put(s, "a.x.z", "4");
        assertEquals(1, s.loadNext("a.*", 1).seq());
        assertEquals(3, s.loadNext("a.*", 2).seq());
        assertEquals(4, s.loadNext("a.>", 4).seq());
        assertEquals(2, s.loadNext("*.x", 2).seq());
        assertNull(s.loadNext("*.x", 3));
        assertEquals(1, s.loadNext(null, 0).seq());
        assertEquals(4, s.loadNext("", 4).seq());
        assertEquals(3, s.loadNext("a.y", 1).seq());
        assertNull(s.loadNext("a.y", 4));
        assertNull(s.loadNext("nope", 1));
    }

    @Test
    void removeKeepsSequencesAndCountsGaps() {
        StreamStore s = store();
        for (int i = 0; i < 5; i++) {
            put(s, "s", "m" + i);
        }
        assertTrue(s.remove(3));
        assertFalse(s.remove(3));
        assertTrue(s.remove(1));
        StreamState st = s.state(true);
        assertEquals(3, st.msgs());
        assertEquals(2, st.firstSeq());
        assertEquals(5, st.lastSeq());
        assertEquals(1, st.numDeleted());
        assertArrayEquals(new long[] {3}, st.deleted());
        assertTrue(s.remove(5));
        assertEquals(6, put(s, "s", "after"), "sequences never repeat");
        assertNull(s.load(5));
        assertTrue(s.erase(2));
        assertNull(s.load(2));
        assertEquals(4, s.state(false).firstSeq());
    }

    @Test
    void removingEverythingMovesFirstPastLast() {
        StreamStore s = store();
        put(s, "a", "1");
        put(s, "a", "2");
        s.remove(2);
        s.remove(1);
        StreamState st = s.state(true);
        assertEquals(0, st.msgs());
        assertEquals(3, st.firstSeq());
        assertEquals(2, st.lastSeq());
        assertEquals(0, st.numDeleted());
        assertEquals(0, st.bytes());
        assertEquals(0, st.numSubjects());
        assertEquals(3, put(s, "a", "3"));
    }

    @Test
    void purgeAllKeepsLastSequence() {
        StreamStore s = store();
        for (int i = 0; i < 10; i++) {
            put(s, "s." + (i % 3), "m" + i);
        }
        assertEquals(10, s.purge(null, 0, 0));
        StreamState st = s.state(false);
        assertEquals(0, st.msgs());
        assertEquals(11, st.firstSeq());
        assertEquals(10, st.lastSeq());
        assertEquals(0, st.numSubjects());
        assertNull(s.loadLast("s.1"));
        assertEquals(11, put(s, "s.1", "new"));
        assertEquals(0, s.purge(">", 0, 5));
    }

    @Test
    void purgeBySubjectSequenceAndKeep() {
        StreamStore s = store();
        for (int i = 1; i <= 12; i++) {
            put(s, i % 2 == 0 ? "even" : "odd", "m" + i);
        }
        assertEquals(2, s.purge("even", 0, 4), "keeps the 4 newest evens");
        assertEquals(6, s.load(6).seq());
        assertNull(s.load(4));
        assertEquals(2, s.purge("odd", 5, 0), "odd below 5");
        assertEquals(7, s.load(7).seq());
        assertEquals(4, s.purge("*", 0, 4), "keep applies to the filter's messages");
        assertEquals(4, s.state(false).msgs());
        assertEquals(9, s.state(false).firstSeq());
        assertThrows(IllegalArgumentException.class, () -> s.purge("odd", 5, 1));
        assertEquals(2, s.purge(">", 11, 0), "upTo without keep compacts");
        assertEquals(11, s.state(false).firstSeq());
        assertEquals(1, s.purge(null, 0, 1));
        assertEquals(12, s.state(false).firstSeq());
    }

    @Test
    void compact() {
        StreamStore s = store();
        for (int i = 0; i < 6; i++) {
            put(s, "a", "m" + i);
        }
        assertEquals(3, s.compact(4));
        assertEquals(4, s.state(false).firstSeq());
        assertEquals(0, s.compact(2));
        assertEquals(3, s.compact(100));
        StreamState st = s.state(false);
        assertEquals(100, st.firstSeq());
        assertEquals(99, st.lastSeq());
        assertEquals(100, put(s, "a", "next"));
    }

    @Test
    void maxMsgsDiscardOldAndNew() {
        StreamStore old = open(StreamLimits.NONE.withMaxMsgs(3));
        for (int i = 1; i <= 5; i++) {
            put(old, "a", "m" + i);
        }
        assertEquals(3, old.state(false).msgs());
        assertEquals(3, old.state(false).firstSeq());
        StreamStore nw = open(StreamLimits.NONE.withMaxMsgs(2).withDiscard(DiscardPolicy.NEW, false));
        put(nw, "a", "1");
        put(nw, "a", "2");
        LimitExceededException e = refused(nw.store("a", null, new byte[1], 1));
        assertEquals(Limit.MAX_MSGS, e.limit());
        assertEquals("maximum messages exceeded", e.getMessage());
        assertEquals(2, nw.state(false).lastSeq(), "a refused message takes no sequence");
        nw.remove(1);
        assertEquals(3, put(nw, "a", "3"));
    }

    @Test
    void maxBytesDiscardOldAndNew() {
        StreamStore old = open(StreamLimits.NONE.withMaxBytes(500));
        for (int i = 0; i < 20; i++) {
            put(old, "a", "x".repeat(50));
        }
        StreamState st = old.state(false);
        assertTrue(st.bytes() <= 500, "bytes " + st.bytes());
        assertTrue(st.msgs() > 0 && st.msgs() < 20);
        assertEquals(20, st.lastSeq());
        // nats-server checks stored bytes plus the new message's raw size (no overhead) against the limit
        StreamStore nw = open(StreamLimits.NONE.withMaxBytes(1000).withDiscard(DiscardPolicy.NEW, false));
        CompletableFuture<Long> f = null;
        for (int i = 0; i < 20; i++) {
            f = nw.store("a", null, new byte[200], 1);
            if (f.isCompletedExceptionally()) {
                break;
            }
            f.join();
        }
        assertEquals(Limit.MAX_BYTES, refused(f).limit());
        assertEquals(4, nw.state(false).msgs());
        assertEquals("maximum bytes exceeded", refused(f).getMessage());
    }

    @Test
    void maxMsgsPerSubject() {
        StreamStore s = open(StreamLimits.NONE.withMaxMsgsPerSubject(2));
        for (int i = 1; i <= 4; i++) {
            put(s, "k.a", "a" + i);
            put(s, "k.b", "b" + i);
        }
        Map<String, SimpleState> subjects = s.subjectsState(null);
        assertEquals(new SimpleState(2, 5, 7), subjects.get("k.a"));
        assertEquals(new SimpleState(2, 6, 8), subjects.get("k.b"));
        assertEquals(4, s.state(false).msgs());
        StreamStore refuse = open(StreamLimits.NONE.withMaxMsgsPerSubject(1).withDiscard(DiscardPolicy.NEW, true));
        put(refuse, "k", "1");
        LimitExceededException e = refused(refuse.store("k", null, new byte[1], 1));
        assertEquals("maximum messages per subject exceeded", e.getMessage());
        put(refuse, "other", "fine");
        StreamStore replace = open(StreamLimits.NONE.withMaxMsgsPerSubject(1).withMaxMsgs(1)
                .withDiscard(DiscardPolicy.NEW, false));
        put(replace, "k", "1");
        assertEquals(2, put(replace, "k", "2"), "at the subject limit the old one is replaced, not refused");
        assertEquals(Limit.MAX_MSGS, refused(replace.store("j", null, new byte[1], 1)).limit());
    }

    @Test
    void maxMsgSize() {
        StreamStore s = open(StreamLimits.NONE.withMaxMsgSize(10));
        put(s, "a", "x".repeat(10));
        LimitExceededException e = refused(s.store("a", new byte[5], new byte[6], 1));
        assertEquals("message size exceeds maximum allowed", e.getMessage());
        StreamStore unlimited = open(StreamLimits.NONE.withMaxMsgSize(0));
        unlimited.store("a", null, new byte[100_000], 1).join();
    }

    @Test
    void maxAgeExpiresInTheBackground() throws InterruptedException {
        StreamStore s = open(StreamLimits.NONE.withMaxAge(Duration.ofMillis(300)));
        put(s, "a", "old");
        put(s, "a", "old");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (s.state(false).msgs() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        StreamState st = s.state(false);
        assertEquals(0, st.msgs());
        assertEquals(3, st.firstSeq());
        put(s, "a", "new");
        assertEquals(1, s.state(false).msgs());
    }

    @Test
    void subjectsAndFilteredState() {
        StreamStore s = store();
        put(s, "a.1", "x");
        put(s, "a.2", "x");
        put(s, "b.1", "x");
        put(s, "a.1", "x");
        assertEquals(Set.of("a.1", "a.2"), s.subjectsState("a.*").keySet());
        assertEquals(3, s.subjectsState(">").size());
        assertEquals(new SimpleState(3, 1, 4), s.filteredState(1, "a.*"));
        assertEquals(new SimpleState(1, 4, 4), s.filteredState(2, "a.1"));
        assertEquals(new SimpleState(0, 0, 0), s.filteredState(5, ">"));
    }

    @Test
    void updatedLimitsApplyAtOnce() {
        StreamStore s = store();
        for (int i = 0; i < 10; i++) {
            put(s, "k." + (i % 2), "m" + i);
        }
        s.updateLimits(StreamLimits.NONE.withMaxMsgsPerSubject(2));
        assertEquals(4, s.state(false).msgs());
        s.updateLimits(StreamLimits.NONE.withMaxMsgs(1));
        assertEquals(1, s.state(false).msgs());
        assertEquals(10, s.state(false).firstSeq());
    }

    @Test
    void closedStoreRefuses() {
        StreamStore s = store();
        put(s, "a", "1");
        s.close();
        CompletionException e = assertThrows(CompletionException.class, () -> s.store("a", null, new byte[0], 1).join());
        assertInstanceOf(StoreClosedException.class, e.getCause());
        assertThrows(StoreClosedException.class, () -> s.remove(1));
        s.close();
    }

    @Test
    void concurrentPublishersGetDistinctSequences() throws Exception {
        StreamStore s = store();
        int threads = 4;
        int each = 500;
        List<Thread> ts = new ArrayList<>();
        Set<Long> seqs = java.util.Collections.synchronizedSet(new HashSet<>());
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                List<CompletableFuture<Long>> fs = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                    fs.add(s.store("p." + id, null, ("m" + i).getBytes(UTF_8), i));
                }
                fs.forEach(f -> seqs.add(f.join()));
            });
            ts.add(th);
            th.start();
        }
        for (Thread th : ts) {
            th.join();
        }
        assertEquals(threads * each, seqs.size());
        assertEquals(threads * each, s.state(false).msgs());
        for (int t = 0; t < threads; t++) {
            StoredMessage last = s.loadLast("p." + t);
            assertEquals("m" + (each - 1), body(last));
        }
    }
}
