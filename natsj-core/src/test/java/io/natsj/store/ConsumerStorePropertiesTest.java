package io.natsj.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.natsj.store.ConsumerState.Pending;
import io.natsj.store.ConsumerStore.AckMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The file consumer store against the memory one under the same random operations, with restarts of
 * the file store and a small compaction threshold (so logs are rewritten often): same results, same
 * state after every operation, and after a final restart.
 */
class ConsumerStorePropertiesTest {
    /**
     * 0 new delivery, 1 redelivery of a pending message, 2 ack of a pending message, 3 ack of anything,
     * 4 an old delivery replayed, 5 set starting, 6 update (a changed copy of the state, often
     * invalid), 7 restart, 8 sync.
     */
    record Op(int kind, int a, int b) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Integer> kind = Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.just(0)), Tuple.of(3, Arbitraries.just(1)), Tuple.of(10, Arbitraries.just(2)),
                Tuple.of(2, Arbitraries.just(3)), Tuple.of(1, Arbitraries.just(4)), Tuple.of(1, Arbitraries.just(5)),
                Tuple.of(1, Arbitraries.just(6)), Tuple.of(2, Arbitraries.just(7)), Tuple.of(1, Arbitraries.just(8)));
        return Combinators.combine(kind, Arbitraries.integers().between(0, 1000), Arbitraries.integers().between(0, 1000))
                .as(Op::new).list().ofMinSize(1).ofMaxSize(150);
    }

    @Property(tries = 120)
    void fileStoreBehavesAsMemoryStore(@ForAll("ops") List<Op> ops, @ForAll AckMode mode) throws IOException {
        Path dir = Files.createTempDirectory("natsj-cstore-prop");
        MemoryConsumerStore mem = MemoryConsumerStore.create(mode);
        FileConsumerStore file = FileConsumerStore.open(dir, mode, SyncPolicy.ALWAYS, 300, Segment.Opener.DEFAULT);
        try {
            long dseq = 0;
            long sseq = 0;
            long ts = 1_700_000_000_000_000_000L;
            for (Op op : ops) {
                ConsumerState st = mem.state();
                List<Long> pending = new ArrayList<>(new TreeSet<>(st.pending().keySet()));
                ts += op.b();
                switch (op.kind()) {
                    case 0 -> {
                        dseq++;
                        sseq += 1 + op.a() % 3;
                        long d = dseq;
                        long s = sseq;
                        long t = ts;
                        both(mem, file, c -> c.updateDelivered(d, s, 1, t));
                    }
                    case 1 -> {
                        if (!pending.isEmpty()) {
                            dseq++;
                            long s = pending.get(op.a() % pending.size());
                            long d = dseq;
                            long t = ts;
                            long dc = 2 + op.b() % 4;
                            both(mem, file, c -> c.updateDelivered(d, s, dc, t));
                        }
                    }
                    case 2 -> {
                        if (!pending.isEmpty()) {
                            // mostly the oldest, so the floor moves
                            long s = pending.get(op.a() % 4 == 0 ? op.b() % pending.size() : 0);
                            long d = op.a() % 7 == 0 ? op.b() % (dseq + 1) : st.pending().get(s).consumerSeq();
                            assertEquals(mem.updateAcks(d, s), file.updateAcks(d, s));
                        }
                    }
                    case 3 -> {
                        long s = op.a() % (sseq + 2);
                        long d = op.b() % (dseq + 2);
                        assertEquals(mem.updateAcks(d, s), file.updateAcks(d, s));
                    }
                    case 4 -> {
                        long d = st.ackFloorConsumer() - op.a() % 3;
                        long s = st.deliveredStream() + 1;
                        long t = ts;
                        both(mem, file, c -> c.updateDelivered(d, s, 1, t));
                    }
                    case 5 -> {
                        long s = Math.max(0, sseq - op.a() % 5);
                        both(mem, file, c -> c.setStarting(s));
                    }
                    case 6 -> {
                        ConsumerState u = changed(st, op);
                        assertEquals(outcome(mem, u), outcome(file, u));
                    }
                    case 7 -> {
                        file.close();
                        file = FileConsumerStore.open(dir, mode, SyncPolicy.ALWAYS, 300, Segment.Opener.DEFAULT);
                    }
                    default -> file.sync().join();
                }
                assertEquals(mem.state(), file.state(), "after " + op);
                // the engine's view: the next deliveries follow the store's delivered sequences
                dseq = Math.max(dseq, mem.state().deliveredConsumer());
                sseq = Math.max(sseq, mem.state().deliveredStream());
            }
            file.close();
            file = FileConsumerStore.open(dir, mode, SyncPolicy.ALWAYS, 300, Segment.Opener.DEFAULT);
            assertEquals(mem.state(), file.state());
        } finally {
            file.delete();
            mem.close();
        }
    }

    private static void both(ConsumerStore a, ConsumerStore b, java.util.function.Consumer<ConsumerStore> op) {
        op.accept(a);
        op.accept(b);
    }

    private static String outcome(ConsumerStore s, ConsumerState u) {
        try {
            s.update(u);
            return "ok";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** The state with one thing changed: a floor moved, a pending entry added or dropped, redeliveries reset. */
    private static ConsumerState changed(ConsumerState st, Op op) {
        Map<Long, Pending> pending = new HashMap<>(st.pending());
        Map<Long, Long> redelivered = new HashMap<>(st.redelivered());
        long dc = st.deliveredConsumer();
        long ds = st.deliveredStream();
        long fc = st.ackFloorConsumer();
        long fs = st.ackFloorStream();
        switch (op.a() % 6) {
            case 0 -> fc += op.b() % 3; // may pass delivered: refused
            case 1 -> fs += op.b() % 3;
            case 2 -> pending.put(fs + op.b() % 5, new Pending(op.b(), op.b())); // may be on the floor: refused
            case 3 -> pending.clear();
            case 4 -> redelivered.put((long) op.b(), 1L + op.a());
            default -> dc -= op.b() % 2; // an old update: refused
        }
        return new ConsumerState(dc, ds, fc, fs, pending, redelivered);
    }
}
