package io.natsj.jetstream;

/**
 * The reply subject a consumer delivers with, {@code $JS.ACK.<stream>.<consumer>.<delivered>.<sseq>.<dseq>.<ts>.<pending>},
 * read back when the client acknowledges (nats-server's ackReplyInfo).
 */
final class AckSubject {
    private static final int TOKENS = 9;

    private AckSubject() {
    }

    /**
     * @return {delivery count, stream sequence, consumer sequence}; all 0 when the subject is not an
     *     ack subject, -1 (as unsigned garbage in Go) for a token that is not a number
     */
    static long[] parse(String subject) {
        long[] out = new long[3];
        int token = 0;
        int start = 0;
        int[] starts = new int[TOKENS];
        int[] ends = new int[TOKENS];
        for (int i = 0; i <= subject.length(); i++) {
            if (i == subject.length() || subject.charAt(i) == '.') {
                if (token == TOKENS) {
                    return out;
                }
                starts[token] = start;
                ends[token] = i;
                token++;
                start = i + 1;
            }
        }
        if (token != TOKENS || !subject.startsWith("$JS.ACK.")) {
            return out;
        }
        out[0] = number(subject, starts[4], ends[4]);
        out[1] = number(subject, starts[5], ends[5]);
        out[2] = number(subject, starts[6], ends[6]);
        return out;
    }

    private static long number(String s, int from, int to) {
        if (from == to) {
            return -1;
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
