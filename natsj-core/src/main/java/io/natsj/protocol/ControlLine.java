package io.natsj.protocol;

import io.netty.buffer.ByteBuf;

/**
 * The argument bytes of the control line being parsed (everything after the op name and its leading
 * blanks, up to the LF), kept across reads in one reusable array.
 *
 * <p>It reproduces what Go's parser hands to processPub and friends when the line arrives in one read:
 * the slice from the first argument byte to the LF, shortened by one byte if a CR was seen after that
 * first byte. So {@code "a 1\r"} gives {@code "a 1"}, and the odd {@code "a\rb 1"} (no CR before the LF)
 * gives {@code "a\rb "}, exactly as nats-server does. The length limit (max_control_line) applies to
 * that shortened length; because the length only grows, checking on every byte gives the same verdict
 * as Go's check at the LF and at the end of each read.
 *
 * <p>Not thread-safe: used only by one parser on the connection's event loop.
 */
final class ControlLine {
    /** Go's scratch buffer size; lines longer than this are rare, so grow only when needed. */
    private static final int INITIAL_CAPACITY = 4096 + 1;

    private int maxLength;
    private byte[] bytes;
    private int count;
    private boolean sawCr;

    ControlLine(int maxLength) {
        this.maxLength = maxLength;
        this.bytes = new byte[(int) Math.min(INITIAL_CAPACITY, (long) maxLength + 1)];
    }

    /** A new max_control_line (config reload); applies from the next byte stored. */
    void setMaxLength(int maxLength) {
        this.maxLength = maxLength;
    }

    /** Starts a new line with its first byte, which Go takes as data even when it is CR or LF. */
    boolean start(byte first) {
        count = 0;
        sawCr = false;
        return store(first);
    }

    /** Appends a byte other than the terminating LF; false when the line is now over the limit. */
    boolean add(byte b) {
        if (b == '\r') {
            sawCr = true;
        }
        return store(b);
    }

    /**
     * Appends {@code len} bytes of {@code in} (none of them the terminating LF) in one copy; false,
     * appending nothing, when they might take the line over the limit (the caller then goes byte by
     * byte for the exact verdict).
     */
    boolean addAll(ByteBuf in, int from, int len) {
        if ((long) count + len > maxLength) {
            return false;
        }
        if (count + len > bytes.length) {
            byte[] bigger = new byte[(int) Math.min(Math.max((long) bytes.length * 2, count + len), (long) maxLength + 1)];
            System.arraycopy(bytes, 0, bigger, 0, count);
            bytes = bigger;
        }
        in.getBytes(from, bytes, count, len);
        if (!sawCr && len > 0 && in.indexOf(from, from + len, (byte) '\r') >= 0) {
            sawCr = true;
        }
        count += len;
        return true;
    }

    private boolean store(byte b) {
        if (count + 1 - (sawCr ? 1 : 0) > maxLength) {
            return false;
        }
        if (count == bytes.length) {
            grow();
        }
        bytes[count++] = b;
        return true;
    }

    private void grow() {
        // At most maxLength + 1 bytes are ever stored: the extra one is the CR that length() drops.
        long wanted = Math.min((long) bytes.length * 2, (long) maxLength + 1);
        byte[] bigger = new byte[(int) wanted];
        System.arraycopy(bytes, 0, bigger, 0, count);
        bytes = bigger;
    }

    /** The array holding the line; valid from 0 to {@link #length()}. May change when the line grows. */
    byte[] bytes() {
        return bytes;
    }

    int length() {
        return count - (sawCr ? 1 : 0);
    }
}
