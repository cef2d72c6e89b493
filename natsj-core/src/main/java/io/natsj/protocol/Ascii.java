package io.natsj.protocol;

import java.nio.charset.StandardCharsets;

/** Byte helpers shared by the parser's argument readers. Allocation-free except where a String is made. */
final class Ascii {
    /** Go's parseSize accepts at most 9 digits (999M), so sizes always fit an int. */
    private static final int MAX_SIZE_DIGITS = 9;

    private Ascii() {
    }

    /**
     * Go's parseSize: a non-empty run of at most 9 decimal digits, else -1. No sign, no blanks; leading
     * zeros are fine ("002" is 2).
     */
    static int parseSize(byte[] b, int offset, int length) {
        if (length == 0 || length > MAX_SIZE_DIGITS) {
            return -1;
        }
        int n = 0;
        for (int i = offset; i < offset + length; i++) {
            int digit = b[i] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            n = n * 10 + digit;
        }
        return n;
    }

    static boolean isBlank(byte b) {
        return b == ' ' || b == '\t';
    }

    /** The separators of Go's splitArg (SUB, UNSUB): blanks and line ends. */
    static boolean isSplitArgSeparator(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    /**
     * Subjects, queues and sids: one char per byte (Latin-1), so distinct byte strings stay distinct
     * Strings, exactly as Go compares them, and the match cache (which decodes the same way) agrees.
     */
    static String bytesAsChars(byte[] b, int offset, int length) {
        return new String(b, offset, length, StandardCharsets.ISO_8859_1);
    }

    static String string(byte[] b, int offset, int length) {
        return new String(b, offset, length, StandardCharsets.UTF_8);
    }
}
