package io.natsj.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sequences passed over (a mirror keeping its origin's numbers) stay passed over after a reopen:
 * not reused, not counted as messages, and not reported lost.
 */
class SkipTest {
    private static final FileStoreOptions SMALL = new FileStoreOptions(8192, SyncPolicy.ALWAYS);

    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void skipsSurviveReopening() {
        try (FileStore s = FileStore.open(dir, "m", SMALL, StreamLimits.NONE)) {
            s.skipTo(5); // an empty store starts at 5
            assertEquals(5, s.store("a", null, b("five"), 1).join());
            s.skipTo(8); // 6 and 7 passed over
            assertEquals(8, s.store("a", null, b("eight"), 2).join());
            s.skipTo(8); // nothing to pass over
            assertEquals(9, s.store("b", null, b("nine"), 3).join());
        }
        try (FileStore s = FileStore.open(dir, "m", SMALL, StreamLimits.NONE)) {
            StreamState st = s.state(true);
            assertEquals(3, st.msgs());
            assertEquals(5, st.firstSeq());
            assertEquals(9, st.lastSeq());
            assertEquals(2, st.numDeleted());
            assertNull(st.lost());
            assertEquals("eight", new String(s.load(8).payload(), StandardCharsets.UTF_8));
            assertEquals(10, s.store("c", null, b("ten"), 4).join());
        }
    }

    @Test
    void memoryStoreSkipsAlike() {
        try (MemoryStore s = new MemoryStore("m", StreamLimits.NONE)) {
            s.skipTo(3);
            assertEquals(3, s.store("a", null, b("x"), 1).join());
            s.skipTo(6);
            assertEquals(6, s.store("a", null, b("y"), 2).join());
            assertEquals(2, s.state(false).numDeleted());
            assertEquals(3, s.state(false).firstSeq());
        }
    }
}
