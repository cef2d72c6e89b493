package io.natsj.protocol;

/**
 * Splits a control line's arguments into tokens without allocating, keeping offsets for the first few.
 * Like Go, PUB/HPUB split on blanks only (a CR inside stays in the token) while SUB/UNSUB use Go's
 * splitArg, which also splits on CR and LF. Reused for every line on one connection.
 */
final class Tokens {
    /** HPUB has the most arguments (4); one more slot tells "too many" apart from "exactly 4". */
    private static final int SLOTS = 5;

    private final int[] starts = new int[SLOTS];
    private final int[] ends = new int[SLOTS];
    private int count;

    /** Splits on spaces and tabs (processPub, processHeaderPub). */
    int splitBlanks(byte[] b, int length) {
        return split(b, length, false);
    }

    /** Splits on spaces, tabs, CR and LF (splitArg: SUB, UNSUB). */
    int splitArgs(byte[] b, int length) {
        return split(b, length, true);
    }

    private int split(byte[] b, int length, boolean lineEndsSeparate) {
        count = 0;
        int start = -1;
        for (int i = 0; i < length; i++) {
            boolean separator = lineEndsSeparate ? Ascii.isSplitArgSeparator(b[i]) : Ascii.isBlank(b[i]);
            if (separator) {
                if (start >= 0) {
                    record(start, i);
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
        }
        if (start >= 0) {
            record(start, length);
        }
        return count;
    }

    private void record(int start, int end) {
        if (count < SLOTS) {
            starts[count] = start;
            ends[count] = end;
        }
        count++;
    }

    /** Number of tokens found by the last split (may exceed the slots kept). */
    int count() {
        return count;
    }

    int start(int i) {
        return starts[i];
    }

    int length(int i) {
        return ends[i] - starts[i];
    }
}
