package io.natsj.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-thread read window: reused while the bytes are the same, never after they change. */
class ReadWindowTest {
    private static byte[] read(ReadWindow w, Segment s, long at, int length) throws Exception {
        int off = w.locate(s, at, length);
        byte[] out = new byte[length];
        w.buffer().get(off, out);
        return out;
    }

    @Test
    void servesAppendedBytesAndNeverStaleOnesAfterACutOrOverwrite(@TempDir Path dir) throws Exception {
        Segment s = Segment.create(dir, 1, Segment.Opener.DEFAULT);
        long a = s.append(ByteBuffer.wrap("first record".getBytes(StandardCharsets.US_ASCII)));
        ReadWindow w = new ReadWindow();
        assertArrayEquals("first record".getBytes(StandardCharsets.US_ASCII), read(w, s, a, 12));

        // An append after the window was filled: the window does not hold it, so it reads again.
        long b = s.append(ByteBuffer.wrap("second".getBytes(StandardCharsets.US_ASCII)));
        assertArrayEquals("second".getBytes(StandardCharsets.US_ASCII), read(w, s, b, 6));

        // A cut and a different record at the same place (a failed write cut back, then a new one).
        s.truncate(b);
        long c = s.append(ByteBuffer.wrap("THIRD!".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(b, c);
        assertArrayEquals("THIRD!".getBytes(StandardCharsets.US_ASCII), read(w, s, c, 6));

        // Bytes overwritten in place (an erase) while the window holds them.
        assertArrayEquals("first record".getBytes(StandardCharsets.US_ASCII), read(w, s, a, 12));
        s.overwrite(ByteBuffer.wrap("FIRST".getBytes(StandardCharsets.US_ASCII)), a);
        assertArrayEquals("FIRST record".getBytes(StandardCharsets.US_ASCII), read(w, s, a, 12));
        s.close();
    }

    @Test
    void aRecordLargerThanTheWindowIsLeftToADirectRead(@TempDir Path dir) throws Exception {
        Segment s = Segment.create(dir, 1, Segment.Opener.DEFAULT);
        long a = s.append(ByteBuffer.allocate(ReadWindow.SIZE + 1));
        assertEquals(-1, new ReadWindow().locate(s, a, ReadWindow.SIZE + 1));
        s.close();
    }
}
