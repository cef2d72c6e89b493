package io.natsj.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The file store against the memory store (counting bytes as the file store does) under random
 * operations, limits and restarts: same results, same state, same messages.
 */
class StorePropertiesTest {
    private static final FileStoreOptions SMALL = new FileStoreOptions(4096, SyncPolicy.ALWAYS);

    /** 0 store, 1 remove, 2 purge by subject, 3 compact, 4 reopen, 5 erase, 6 purge below, 7 reads. */
    record Op(int kind, int a, int b) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Integer> kind = Arbitraries.frequencyOf(
                Tuple.of(14, Arbitraries.just(0)), Tuple.of(3, Arbitraries.just(1)), Tuple.of(1, Arbitraries.just(2)),
                Tuple.of(1, Arbitraries.just(3)), Tuple.of(1, Arbitraries.just(4)), Tuple.of(1, Arbitraries.just(5)),
                Tuple.of(1, Arbitraries.just(6)), Tuple.of(3, Arbitraries.just(7)));
        return Combinators.combine(kind, Arbitraries.integers().between(0, 1000), Arbitraries.integers().between(0, 1000))
                .as(Op::new).list().ofMinSize(1).ofMaxSize(120);
    }

    @Provide
    Arbitrary<StreamLimits> limits() {
        return Combinators.combine(Arbitraries.of(-1L, 10L, 40L), Arbitraries.of(-1L, 3000L, 8000L),
                        Arbitraries.of(-1L, 1L, 3L), Arbitraries.of(DiscardPolicy.values()), Arbitraries.of(true, false))
                .as((msgs, bytes, perSubject, discard, perNew) -> StreamLimits.NONE.withMaxMsgs(msgs).withMaxBytes(bytes)
                        .withMaxMsgsPerSubject(perSubject).withDiscard(discard, perNew));
    }

    @Property(tries = 200)
    void fileStoreBehavesAsMemoryStore(@ForAll("ops") List<Op> ops, @ForAll("limits") StreamLimits limits) throws IOException {
        Path dir = Files.createTempDirectory("natsj-store-prop");
        MemoryStore mem = new MemoryStore("mem", limits, MessageSize.FILE);
        FileStore file = FileStore.open(dir, "file", SMALL, limits);
        try {
            long time = 1;
            for (Op op : ops) {
                StreamState st = mem.state(false);
                String subject = "s." + op.a() % 5;
                long seq = st.lastSeq() - op.a() % 20;
                switch (op.kind()) {
                    case 0 -> {
                        byte[] payload = new byte[op.b() % 300];
                        java.util.Arrays.fill(payload, (byte) time);
                        assertEquals(outcome(mem.store(subject, null, payload, time)),
                                outcome(file.store(subject, null, payload, time)));
                        time++;
                    }
                    case 1 -> assertEquals(mem.remove(seq), file.remove(seq));
                    case 2 -> {
                        String filter = op.a() % 6 == 5 ? ">" : subject;
                        assertEquals(mem.purge(filter, 0, op.b() % 3), file.purge(filter, 0, op.b() % 3));
                    }
                    case 3 -> {
                        long to = st.firstSeq() + op.b() % 12;
                        assertEquals(mem.compact(to), file.compact(to));
                    }
                    case 4 -> {
                        file.close();
                        file = FileStore.open(dir, "file", SMALL, limits);
                    }
                    case 5 -> assertEquals(mem.erase(seq), file.erase(seq));
                    case 6 -> assertEquals(mem.purge(subject, seq, 0), file.purge(subject, seq, 0));
                    default -> {
                        assertSame(mem.loadLast(subject), file.loadLast(subject));
                        assertSame(mem.loadNext("s.*", seq), file.loadNext("s.*", seq));
                        assertSame(mem.loadNext(subject, seq), file.loadNext(subject, seq));
                        assertEquals(mem.filteredState(seq, subject), file.filteredState(seq, subject));
                    }
                }
                assertSameState(mem, file);
            }
            file.close();
            file = FileStore.open(dir, "file", SMALL, limits);
            assertSameState(mem, file);
            StreamState st = mem.state(false);
            for (long s = st.firstSeq(); s <= st.lastSeq(); s++) {
                assertSame(mem.load(s), file.load(s));
            }
        } finally {
            file.delete();
            mem.close();
        }
    }

    private static String outcome(CompletableFuture<Long> f) {
        try {
            return "ok " + f.join();
        } catch (CompletionException e) {
            return e.getCause().getMessage();
        }
    }

    private static void assertSameState(StreamStore want, StreamStore got) {
        FileStoreTest.assertSameState(want.state(true), got.state(true));
        assertEquals(want.subjectsState(null), got.subjectsState(null));
        assertEquals(null, got.state(false).lost());
    }

    private static void assertSame(StoredMessage want, StoredMessage got) {
        if (want == null) {
            assertEquals(null, got);
            return;
        }
        RecoveryTest.assertSameMessage(want, got);
        assertArrayEquals(want.payload(), got.payload());
    }
}
