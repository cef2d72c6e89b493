package io.natsj.jetstream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DuplicateWindowTest {
    private static final long S = 1_000_000_000L;

    @Test
    void idsAreDuplicatesWithinTheWindowOnly() {
        DuplicateWindow w = new DuplicateWindow(60 * S);
        w.stored("id-1", 2, 0);
        w.stored("id-2", 3, 10 * S);
        assertEquals(2, w.seqOf("id-1", 59 * S));
        assertEquals(-1, w.seqOf("id-1", 60 * S), "at the window's end the id is forgotten");
        assertEquals(3, w.seqOf("id-2", 60 * S));
        assertEquals(1, w.size());
        assertEquals(-1, w.seqOf("nope", 61 * S));
    }

    @Test
    void aLaterStoreOfTheSameIdKeepsItsOwnExpiry() {
        DuplicateWindow w = new DuplicateWindow(10 * S);
        w.stored("a", 1, 0);
        w.stored("a", 5, 8 * S);
        assertEquals(5, w.seqOf("a", 12 * S), "the first entry's expiry does not take the second");
        assertEquals(-1, w.seqOf("a", 18 * S));
    }

    @Test
    void aFailedStoreIsForgottenSoARetryIsStored() {
        DuplicateWindow w = new DuplicateWindow(1_000_000_000L);
        w.stored("a", 1, 0);
        w.stored("b", 2, 0);
        w.forget("a", 7); // another store of "a": left alone
        assertEquals(1, w.seqOf("a", 1));
        w.forget("a", 1);
        assertEquals(-1, w.seqOf("a", 1));
        assertEquals(2, w.seqOf("b", 1));
        assertEquals(1, w.size());
    }
}
