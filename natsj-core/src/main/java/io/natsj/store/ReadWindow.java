package io.natsj.store;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A thread's view of a stretch of one segment file (64 KiB), so that reading messages in order, as a
 * consumer does, costs one positional read per stretch rather than one per message. Records are still
 * checked from the bytes in the window, as from a direct read. A window is valid only for the segment
 * and {@link Segment#version} it was filled under: appends never change bytes already written, and
 * whatever does (an erase, a cut) bumps the version.
 *
 * <p>Threading: one per thread (a thread-local in {@link FileStore}).
 */
final class ReadWindow {
    static final int SIZE = 64 * 1024;
    private static final ThreadLocal<ReadWindow> WINDOWS = ThreadLocal.withInitial(ReadWindow::new);

    private final ByteBuffer buf = ByteBuffer.allocate(SIZE);
    private Segment segment;
    private long version;
    private long start;
    private int length;

    static ReadWindow get() {
        return WINDOWS.get();
    }

    /**
     * The offset in {@link #buffer()} where {@code length} bytes from {@code at} in {@code s} are, read
     * from the file when the window does not hold them; -1 when the record does not fit a window.
     */
    int locate(Segment s, long at, int recordLength) throws IOException {
        if (recordLength > SIZE) {
            return -1;
        }
        long v = s.version;
        if (s == segment && v == version && at >= start && at + recordLength <= start + length) {
            return (int) (at - start);
        }
        segment = null;
        buf.clear();
        int n = s.readSome(buf, at);
        if (n < recordLength) {
            return -1; // a file shorter than its index says: the direct read reports it
        }
        segment = s;
        version = v;
        start = at;
        length = n;
        return 0;
    }

    ByteBuffer buffer() {
        return buf;
    }

    private byte[] lastSubjectBytes = new byte[0];
    private String lastSubject = "";

    /**
     * The subject whose bytes are at {@code off} in the window: the same String as last time when the
     * bytes are the same (a consumer reading one subject's messages builds it once).
     */
    String subject(int off, int length) {
        byte[] a = buf.array();
        if (length == lastSubjectBytes.length
                && java.util.Arrays.equals(a, off, off + length, lastSubjectBytes, 0, length)) {
            return lastSubject;
        }
        lastSubjectBytes = java.util.Arrays.copyOfRange(a, off, off + length);
        lastSubject = new String(lastSubjectBytes, java.nio.charset.StandardCharsets.UTF_8);
        return lastSubject;
    }

    /** Forgets the window (its segment is gone). */
    void clear() {
        segment = null;
    }
}
