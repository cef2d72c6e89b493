package io.natsj.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.store.ConsumerState.Pending;
import io.natsj.store.ConsumerStore.AckMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * nats-server 2.9.10's consumer store semantics (filestore_test.go's TestFileStoreConsumer*, and the
 * rules of consumerFileStore's UpdateDelivered, UpdateAcks, SetStarting and Update), run against
 * every consumer store. {@link #restart} is a close and reopen for a file store, nothing for memory.
 */
abstract class ConsumerStoreContract {
    private final List<ConsumerStore> opened = new ArrayList<>();

    abstract ConsumerStore create(AckMode mode);

    /** The store after a restart: the same one (memory) or a reopened one (file). */
    abstract ConsumerStore restart(ConsumerStore s, AckMode mode);

    ConsumerStore open(AckMode mode) {
        ConsumerStore s = create(mode);
        opened.add(s);
        return s;
    }

    ConsumerStore reopen(ConsumerStore s, AckMode mode) {
        ConsumerStore r = restart(s, mode);
        opened.add(r);
        return r;
    }

    @AfterEach
    void closeAll() {
        opened.forEach(ConsumerStore::close);
    }

    static ConsumerState state(long dc, long ds, long fc, long fs, Map<Long, Pending> pending, Map<Long, Long> redelivered) {
        return new ConsumerState(dc, ds, fc, fs, pending, redelivered);
    }

    static void assertPair(long consumer, long stream, long gotConsumer, long gotStream, String what) {
        assertEquals(consumer + "/" + stream, gotConsumer + "/" + gotStream, what);
    }

    static void assertDelivered(ConsumerStore s, long consumer, long stream) {
        ConsumerState st = s.state();
        assertPair(consumer, stream, st.deliveredConsumer(), st.deliveredStream(), "delivered");
    }

    static void assertFloor(ConsumerStore s, long consumer, long stream) {
        ConsumerState st = s.state();
        assertPair(consumer, stream, st.ackFloorConsumer(), st.ackFloorStream(), "ack floor");
    }

    @Test
    void aNewStoreIsEmpty() {
        ConsumerStore s = open(AckMode.EXPLICIT);
        assertEquals(ConsumerState.empty(), s.state());
        assertNull(s.config());
        s.sync().join();
    }

    /** TestFileStoreConsumer: Update's checks, and the state read back as written. */
    @Test
    void updateChecksTheStateAndReplacesIt() {
        ConsumerStore s = open(AckMode.EXPLICIT);
        ConsumerState st = state(1, 22, 0, 0, Map.of(), Map.of());
        s.update(st);
        assertEquals(st, s.state());

        assertEquals("bad ack floor for stream",
                assertThrows(IllegalArgumentException.class, () -> s.update(state(100, 122, 50, 123, Map.of(), Map.of()))).getMessage());
        assertEquals("bad ack floor for consumer",
                assertThrows(IllegalArgumentException.class, () -> s.update(state(100, 122, 200, 100, Map.of(), Map.of()))).getMessage());
        assertEquals(st, s.state(), "a refused update changes nothing");

        st = state(100, 122, 50, 72, Map.of(), Map.of());
        s.update(st);
        assertEquals(st, s.state());

        long tn = System.nanoTime();
        for (long bad : new long[] {70, 140, 72}) { // below the floor, above delivered, exactly on the floor
            ConsumerState b = state(100, 122, 50, 72, Map.of(bad, new Pending(bad, tn)), Map.of());
            assertEquals("bad pending entry, sequence [" + bad + "] out of range",
                    assertThrows(IllegalArgumentException.class, () -> s.update(b)).getMessage());
        }

        Map<Long, Pending> pending = new HashMap<>();
        long t = 1_700_000_000_123_456_789L;
        for (long seq : new long[] {75, 80, 83, 90, 111}) {
            pending.put(seq, new Pending(0, t++));
        }
        st = state(100, 122, 50, 72, pending, Map.of());
        s.update(st);
        assertEquals(st, s.state());

        st = state(100, 122, 50, 72, Map.of(), Map.of(22L, 3L, 44L, 8L));
        s.update(st);
        assertEquals(st, s.state());

        st = state(100, 122, 50, 72, pending, Map.of(22L, 3L, 44L, 8L));
        s.update(st);
        assertEquals(st, s.state());

        Random rnd = new Random(1);
        Map<Long, Pending> large = new HashMap<>();
        while (large.size() < 8192) {
            large.put((long) rnd.nextInt(9890) + 101, new Pending(rnd.nextInt(10000), t++));
        }
        st = state(10000, 10000, 100, 100, large, Map.of());
        s.update(st);
        assertEquals(st, s.state());
        ConsumerStore r = reopen(s, AckMode.EXPLICIT);
        assertEquals(st, r.state());

        st = state(10000, 10000, 10000, 10000, Map.of(), Map.of());
        r.update(st);
        assertEquals(st, r.state());

        assertEquals("old update ignored",
                assertThrows(IllegalArgumentException.class, () -> r.update(state(9999, 10000, 0, 0, Map.of(), Map.of()))).getMessage());
        assertEquals(st, r.state());
    }

    /** TestFileStoreConsumerDeliveredUpdates: without acks, the floor follows the deliveries. */
    @Test
    void ackNoneMovesTheFloorWithEachDelivery() {
        ConsumerStore s = open(AckMode.NONE);
        long[][] deliveries = {{1, 100}, {2, 110}, {5, 130}};
        for (long[] d : deliveries) {
            s.updateDelivered(d[0], d[1], 1, System.nanoTime());
            assertDelivered(s, d[0], d[1]);
            assertFloor(s, d[0], d[1]);
            assertTrue(s.state().pending().isEmpty());
        }
        assertFalse(s.updateAcks(1, 100), "no acks without an ack policy (ErrNoAckPolicy)");
        s.updateDelivered(6, 140, 2, System.nanoTime()); // a redelivery: refused (ErrNoAckPolicy)
        assertDelivered(s, 5, 130);
        s.updateDelivered(4, 135, 1, System.nanoTime()); // at or below the floor: an old one
        assertDelivered(s, 5, 130);
        s.updateDelivered(6, 120, 1, System.nanoTime()); // the stream sequence may go down
        assertDelivered(s, 6, 120);
        assertFloor(s, 6, 120);
        s = reopen(s, AckMode.NONE);
        assertDelivered(s, 6, 120);
        assertFloor(s, 6, 120);
    }

    /** TestFileStoreConsumerDeliveredAndAckUpdates: the floor moves as nats-server moves it. */
    @Test
    void explicitAcksMoveTheFloorAsNatsServerDoes() {
        ConsumerStore s = open(AckMode.EXPLICIT);
        int[] pending = {0};
        ConsumerStore[] cs = {s};
        java.util.function.BiConsumer<Long, Long> delivered = (dseq, sseq) -> {
            cs[0].updateDelivered(dseq, sseq, 1, 1_000_000_000L * dseq);
            pending[0]++;
            assertDelivered(cs[0], dseq, sseq);
            assertEquals(pending[0], cs[0].state().pending().size());
        };
        delivered.accept(1L, 100L);
        delivered.accept(2L, 110L);
        delivered.accept(3L, 130L);
        delivered.accept(4L, 150L);
        delivered.accept(5L, 165L);

        assertFalse(s.updateAcks(3, 101));
        assertFalse(s.updateAcks(1, 1));

        long[][] acks = {
            {1, 100, 1, 100},
            {3, 130, 1, 100},
            {2, 110, 3, 149}, // the floor moves to just below the next pending stream sequence
            {5, 165, 3, 149},
            {4, 150, 5, 165},
        };
        for (long[] a : acks) {
            assertTrue(s.updateAcks(a[0], a[1]));
            pending[0]--;
            assertEquals(pending[0], s.state().pending().size());
            assertFloor(s, a[2], a[3]);
        }
        delivered.accept(6L, 170L);
        delivered.accept(7L, 171L);
        delivered.accept(8L, 172L);
        delivered.accept(9L, 173L);
        delivered.accept(10L, 200L);
        assertTrue(s.updateAcks(7, 171));
        assertTrue(s.updateAcks(8, 172));
        assertFloor(s, 5, 165);

        ConsumerState before = s.state();
        ConsumerStore r = reopen(s, AckMode.EXPLICIT);
        assertEquals(before, r.state());
    }

    /** TestFileStoreConsumerRedeliveredLost: redelivery counts survive restarts and go with the ack. */
    @Test
    void redeliveryCountsSurviveAndGoWithTheAck() {
        ConsumerStore s = open(AckMode.EXPLICIT);
        long ts = 1_700_000_000_000_000_000L;
        s.updateDelivered(1, 1, 1, ts);
        s.updateDelivered(2, 1, 2, ts);
        s.updateDelivered(3, 1, 3, ts);
        s.updateDelivered(4, 1, 4, ts);
        s.updateDelivered(5, 2, 1, ts);
        assertEquals(Map.of(1L, 3L), s.state().redelivered());
        assertEquals(new Pending(4, ts), s.state().pending().get(1L), "a redelivery updates its pending entry");

        s = reopen(s, AckMode.EXPLICIT);
        assertEquals(Map.of(1L, 3L), s.state().redelivered());
        s.updateDelivered(6, 2, 2, ts);
        s.updateDelivered(7, 3, 1, ts);
        s = reopen(s, AckMode.EXPLICIT);
        assertEquals(3, s.state().pending().size());
        assertEquals(Map.of(1L, 3L, 2L, 1L), s.state().redelivered());

        assertTrue(s.updateAcks(7, 3));
        assertTrue(s.updateAcks(6, 2));
        s = reopen(s, AckMode.EXPLICIT);
        assertTrue(s.updateAcks(4, 1));
        ConsumerState st = s.state();
        assertTrue(st.pending().isEmpty());
        assertTrue(st.redelivered().isEmpty());
        assertPair(7, 3, st.ackFloorConsumer(), st.ackFloorStream(), "nothing pending: the floor is the last delivered");
    }

    @Test
    void aRedeliveryOfAMessageNoLongerPendingIsCountedNotPending() {
        ConsumerStore s = open(AckMode.EXPLICIT);
        s.updateDelivered(1, 10, 1, 1);
        s.updateDelivered(2, 11, 1, 2);
        assertTrue(s.updateAcks(2, 11));
        s.updateDelivered(3, 11, 2, 3);
        ConsumerState st = s.state();
        assertEquals(Map.of(10L, new Pending(1, 1)), st.pending());
        assertEquals(Map.of(11L, 1L), st.redelivered());
        assertDelivered(s, 3, 11);
    }

    @Test
    void ackAllRemovesEverythingUpToTheAckedSequence() {
        ConsumerStore s = open(AckMode.ALL);
        for (long i = 1; i <= 6; i++) {
            s.updateDelivered(i, 10 + i, 1, i);
        }
        s.updateDelivered(7, 12, 3, 7); // a redelivery of stream 12
        assertEquals(Map.of(12L, 2L), s.state().redelivered());
        assertTrue(s.updateAcks(4, 14));
        ConsumerState st = s.state();
        assertFloor(s, 4, 14);
        assertEquals(Map.of(15L, new Pending(5, 5), 16L, new Pending(6, 6)), st.pending());
        assertTrue(st.redelivered().isEmpty());
        assertFalse(s.updateAcks(3, 13), "no longer pending");
        assertFalse(s.updateAcks(9, 99), "never delivered");
        assertTrue(s.updateAcks(7, 16));
        assertFloor(s, 7, 16);
        assertTrue(s.state().pending().isEmpty());
        s = reopen(s, AckMode.ALL);
        assertFloor(s, 7, 16);
        assertDelivered(s, 7, 16);
    }

    @Test
    void ackAllOverAWideGapRemovesOnlyWhatIsPending() {
        ConsumerStore s = open(AckMode.ALL);
        s.updateDelivered(1, 5, 1, 1);
        s.updateDelivered(2, 1_000_000_000L, 1, 2);
        s.updateDelivered(3, 2_000_000_000L, 1, 3);
        assertTrue(s.updateAcks(2, 1_000_000_000L));
        assertEquals(Map.of(2_000_000_000L, new Pending(3, 3)), s.state().pending());
        assertFloor(s, 2, 1_000_000_000L);
    }

    /** nats-server's AckAll sets the floor to the ack even when its stream sequence is below the floor's, and removes nothing then. */
    @Test
    void ackAllBelowTheStreamFloorMovesTheFloorDown() {
        ConsumerStore s = open(AckMode.ALL);
        s.update(state(5, 10, 5, 10, Map.of(), Map.of()));
        s.setStarting(3);
        s.updateDelivered(6, 4, 1, 1);
        assertEquals(Map.of(4L, new Pending(6, 1)), s.state().pending());
        assertTrue(s.updateAcks(6, 4));
        assertFloor(s, 6, 4);
        assertEquals(Map.of(4L, new Pending(6, 1)), s.state().pending(), "(10, 4] is empty: nothing removed");
    }

    @Test
    void acksAtOrBelowTheFloorChangeNothing() {
        ConsumerStore s = open(AckMode.EXPLICIT);
        ConsumerState st = state(10, 10, 5, 5, Map.of(7L, new Pending(7, 1), 9L, new Pending(9, 2)), Map.of(7L, 1L));
        s.update(st);
        assertTrue(s.updateAcks(5, 7), "pending, so found; but dseq 5 is at the floor: ignored");
        assertTrue(s.updateAcks(3, 9));
        assertEquals(st, s.state());
        assertFalse(s.updateAcks(6, 6), "not pending");
        assertEquals(st, s.state());
    }

    @Test
    void acksOfUnknownSequencesAreNotFound() {
        ConsumerStore s = open(AckMode.EXPLICIT);
        assertFalse(s.updateAcks(1, 1), "nothing pending at all");
        s.updateDelivered(1, 1, 1, 1);
        assertFalse(s.updateAcks(1, 2));
        assertFalse(s.updateAcks(2, 0));
        assertTrue(s.updateAcks(1, 1));
        assertFalse(s.updateAcks(1, 1), "acknowledged already");
        assertFloor(s, 1, 1);
    }

    @Test
    void anExplicitAckUsesThePendingConsumerSequence() {
        ConsumerStore s = open(AckMode.EXPLICIT);
        s.updateDelivered(1, 1, 1, 1);
        s.updateDelivered(2, 2, 1, 2);
        s.updateDelivered(3, 3, 1, 3);
        // acked with a wrong (higher) dseq: the pending entry's dseq 1 decides whether the floor moves
        assertTrue(s.updateAcks(9, 1));
        assertFloor(s, 1, 1);
    }

    @Test
    void theFirstAckFromAZeroFloorDoesNotLookAhead() {
        ConsumerStore s = open(AckMode.EXPLICIT);
        s.updateDelivered(1, 10, 1, 1);
        s.updateDelivered(2, 20, 1, 2);
        s.updateDelivered(3, 30, 1, 3);
        s.updateDelivered(4, 40, 1, 4);
        assertTrue(s.updateAcks(1, 10));
        assertFloor(s, 1, 10); // not (1, 19): the floor was 0
        assertTrue(s.updateAcks(2, 20));
        assertFloor(s, 2, 29); // just below the next pending, stream 30 (consumer 3)
        assertTrue(s.updateAcks(4, 40));
        assertFloor(s, 2, 29); // consumer 4 is not just above the floor
        assertTrue(s.updateAcks(3, 30));
        assertFloor(s, 4, 40); // nothing pending: the last delivered
    }

    @Test
    void theLookAheadStopsShortOfTheDeliveredStreamSequence() {
        ConsumerStore s = open(AckMode.EXPLICIT);
        s.update(state(1, 10, 1, 10, Map.of(), Map.of()));
        s.updateDelivered(2, 20, 1, 2);
        s.updateDelivered(3, 30, 1, 3);
        assertTrue(s.updateAcks(2, 20));
        assertFloor(s, 2, 20); // 30 pending, but the search is below the delivered stream sequence 30
    }

    @Test
    void theLookAheadSkipsAPendingEntryWithConsumerSequenceZero() {
        ConsumerStore s = open(AckMode.EXPLICIT);
        s.update(state(9, 50, 1, 10, Map.of(20L, new Pending(2, 1), 30L, new Pending(0, 1), 40L, new Pending(8, 1)), Map.of()));
        assertTrue(s.updateAcks(2, 20));
        assertFloor(s, 2, 20); // the next pending (30) has consumer sequence 0: the floor stays at the ack
    }

    /**
     * nats-server 2.9.10's quirk, kept: the look-ahead takes the next pending entry's consumer
     * sequence, which a redelivery made higher than later deliveries'; their acks are then at or
     * below the floor and ignored, so they stay pending (and come back after a restart).
     */
    @Test
    void aRedeliveryCanLiftTheFloorAboveOlderDeliveriesWhoseAcksAreThenIgnored() {
        ConsumerStore s = open(AckMode.EXPLICIT);
        s.update(state(1, 1, 1, 1, Map.of(), Map.of()));
        s.updateDelivered(2, 2, 1, 2);
        s.updateDelivered(3, 3, 1, 3);
        s.updateDelivered(4, 4, 1, 4);
        s.updateDelivered(5, 3, 2, 5); // stream 3 again, as consumer sequence 5
        assertTrue(s.updateAcks(2, 2));
        assertFloor(s, 4, 2); // just below the next pending (stream 3), from its consumer sequence 5
        assertTrue(s.updateAcks(4, 4), "pending, so found");
        assertEquals(Map.of(3L, new Pending(5, 5), 4L, new Pending(4, 4)), s.state().pending(), "but consumer 4 is at the floor");
        s = reopen(s, AckMode.EXPLICIT);
        assertEquals(2, s.state().pending().size());
    }

    @Test
    void deliveriesAtOrBelowTheFloorAreOldAndIgnored() {
        ConsumerStore s = open(AckMode.EXPLICIT);
        s.update(state(10, 100, 10, 100, Map.of(), Map.of()));
        s.updateDelivered(9, 101, 1, 1);
        s.updateDelivered(10, 102, 2, 1);
        assertEquals(state(10, 100, 10, 100, Map.of(), Map.of()), s.state());
    }

    @Test
    void setStartingMovesOnlyTheDeliveredStreamSequence() {
        ConsumerStore s = open(AckMode.EXPLICIT);
        s.setStarting(100);
        assertEquals(state(0, 100, 0, 0, Map.of(), Map.of()), s.state());
        s.updateDelivered(1, 101, 1, 5);
        s.updateDelivered(2, 50, 1, 6); // at or below the delivered stream sequence and not pending: not pending
        assertEquals(state(2, 101, 0, 0, Map.of(101L, new Pending(1, 5)), Map.of()), s.state());
        s = reopen(s, AckMode.EXPLICIT);
        assertEquals(state(2, 101, 0, 0, Map.of(101L, new Pending(1, 5)), Map.of()), s.state());
        s.setStarting(7); // may go down
        assertDelivered(s, 2, 7);
    }

    @Test
    void theConfigBlobIsKept() {
        ConsumerStore s = open(AckMode.EXPLICIT);
        byte[] blob = "{\"durable_name\":\"C1\",\"ack_policy\":\"explicit\"}".getBytes(StandardCharsets.UTF_8);
        s.updateConfig(blob);
        blob[0] = 'x'; // the store keeps its own copy
        assertEquals('{', s.config()[0]);
        s.config()[1] = 'y';
        assertEquals('"', s.config()[1]);
        s.updateConfig(new byte[0]);
        assertArrayEquals(new byte[0], s.config());
        s.updateConfig("{}".getBytes(StandardCharsets.UTF_8));
        s = reopen(s, AckMode.EXPLICIT);
        assertArrayEquals("{}".getBytes(StandardCharsets.UTF_8), s.config());
    }

    @Test
    void aClosedStoreRefusesEverything() {
        ConsumerStore s = open(AckMode.EXPLICIT);
        s.close();
        s.close();
        assertThrows(StoreClosedException.class, s::state);
        assertThrows(StoreClosedException.class, () -> s.updateDelivered(1, 1, 1, 1));
        assertThrows(StoreClosedException.class, () -> s.updateAcks(1, 1));
        assertThrows(StoreClosedException.class, () -> s.setStarting(1));
        assertThrows(StoreClosedException.class, () -> s.update(ConsumerState.empty()));
        assertThrows(StoreClosedException.class, s::config);
        assertThrows(StoreClosedException.class, () -> s.updateConfig(new byte[1]));
        CompletionException e = assertThrows(CompletionException.class, () -> s.sync().join());
        assertTrue(e.getCause() instanceof StoreClosedException);
        s.delete();
    }

    @Test
    void theStateIsACopy() {
        ConsumerStore s = open(AckMode.EXPLICIT);
        s.updateDelivered(1, 1, 1, 1);
        ConsumerState st = s.state();
        s.updateDelivered(2, 2, 1, 1);
        assertEquals(1, st.pending().size());
        assertThrows(UnsupportedOperationException.class, () -> st.pending().clear());
    }
}
