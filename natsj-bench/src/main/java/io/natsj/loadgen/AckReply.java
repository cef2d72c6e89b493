package io.natsj.loadgen;

import java.nio.charset.StandardCharsets;

/**
 * The reply subject of a message a JetStream consumer delivers, parsed without allocating (one
 * instance per connection, reused for every message):
 *
 * <ul>
 *   <li>{@code $JS.ACK.<stream>.<consumer>.<delivered>.<sseq>.<cseq>.<ts>.<pending>} (nine tokens,
 *       what nats-server 2.9 sends);
 *   <li>{@code $JS.ACK.<domain>.<account hash>.<stream>.<consumer>.<delivered>.<sseq>.<cseq>.<ts>.<pending>[.<token>]}
 *       (eleven or twelve tokens, the later servers' form, which clients accept too).
 * </ul>
 *
 * delivered: how many times this message has been delivered (1 the first time); sseq: its stream
 * sequence; cseq: the consumer's delivery sequence; ts: when it was stored (Unix ns); pending: the
 * messages left for the consumer after this one.
 */
final class AckReply {
    private static final byte[] PREFIX = "$JS.ACK.".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_TOKENS = 12;

    private final int[] starts = new int[MAX_TOKENS + 1];
    private byte[] buf;
    private int streamOff;
    private int streamLen;
    private int consumerOff;
    private int consumerLen;
    long delivered;
    long streamSeq;
    long consumerSeq;
    long timestamp;
    long pending;

    /** Parses b[off, off + len); false (fields undefined) if it is not an ack subject of either form. */
    boolean parse(byte[] b, int off, int len) {
        int end = off + len;
        if (len < PREFIX.length) {
            return false;
        }
        for (int i = 0; i < PREFIX.length; i++) {
            if (b[off + i] != PREFIX[i]) {
                return false;
            }
        }
        int tokens = 0;
        starts[tokens++] = off;
        for (int i = off; i < end; i++) {
            if (b[i] == '.') {
                if (tokens == MAX_TOKENS) {
                    return false;
                }
                starts[tokens++] = i + 1;
            }
        }
        starts[tokens] = end + 1; // a token i spans starts[i] .. starts[i + 1] - 2
        int first;
        if (tokens == 9) {
            first = 2;
        } else if (tokens == 11 || tokens == 12) {
            first = 4;
        } else {
            return false;
        }
        for (int t = 0; t < tokens; t++) {
            if (tokenLen(t) <= 0) {
                return false;
            }
        }
        buf = b;
        streamOff = starts[first];
        streamLen = tokenLen(first);
        consumerOff = starts[first + 1];
        consumerLen = tokenLen(first + 1);
        delivered = number(b, first + 2);
        streamSeq = number(b, first + 3);
        consumerSeq = number(b, first + 4);
        timestamp = number(b, first + 5);
        pending = number(b, first + 6);
        return delivered >= 0 && streamSeq >= 0 && consumerSeq >= 0 && timestamp >= 0 && pending >= 0;
    }

    private int tokenLen(int t) {
        return starts[t + 1] - 1 - starts[t];
    }

    /** The token's digits as a number; -1 if it has anything else or does not fit a long (a timestamp has 19 digits). */
    private long number(byte[] b, int t) {
        int from = starts[t];
        int to = from + tokenLen(t);
        if (to - from > 19) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return -1;
            }
            v = v * 10 + (b[i] - '0');
        }
        return v < 0 ? -1 : v; // 19 digits below 2^64: an overflow shows as a negative value
    }

    /** Whether the last parse named this stream and consumer (ASCII bytes); the buffer must not have changed since. */
    boolean names(byte[] stream, byte[] consumer) {
        return same(stream, streamOff, streamLen) && same(consumer, consumerOff, consumerLen);
    }

    private boolean same(byte[] name, int off, int len) {
        if (name.length != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (buf[off + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    /** The stream named by the last parse (allocates: for messages and tests). */
    String stream() {
        return new String(buf, streamOff, streamLen, StandardCharsets.US_ASCII);
    }

    /** The consumer named by the last parse (allocates). */
    String consumer() {
        return new String(buf, consumerOff, consumerLen, StandardCharsets.US_ASCII);
    }
}
