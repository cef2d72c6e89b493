package io.natsj.loadgen;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Incremental parser of what a NATS server sends (INFO, MSG, HMSG, PING, PONG, +OK, -ERR), fed with
 * whatever chunks the socket returns. A MSG costs one scan of its control line for the LF and a skip
 * of its payload; nothing is allocated per message, so a counting subscriber is not the bottleneck.
 * Payload bytes are only looked at when the listener asks for the sequence number in their first
 * eight bytes.
 */
final class ProtocolReader {
    /** What the reader reports. Control lines are rare; a MSG only bumps {@link #messages()}. */
    interface Listener {
        void onPing();

        default void onPong() {}

        default void onOk() {}

        default void onErr(String text) {}

        default void onInfo(String json) {}

        /** Only when {@link #wantsMsgArgs()}: the MSG/HMSG line after the op name, without CRLF. */
        default void onMsgArgs(byte[] buf, int off, int len) {}

        default boolean wantsMsgArgs() {
            return false;
        }

        /** Only when {@link #wantsSequence()}: the first eight payload bytes, big-endian. */
        default void onSequence(long seq) {}

        default boolean wantsSequence() {
            return false;
        }

        /**
         * Only when {@link #wantsPayload()}: a whole MSG/HMSG, its line after the op name (without
         * CRLF) and its payload (headers included); both arrays are reused after the call.
         */
        default void onMessage(byte[] args, int argsLen, byte[] payload, int payloadLen) {}

        /** Whether to collect each message's payload (up to {@value #MAX_PAYLOAD} bytes): for small answers. */
        default boolean wantsPayload() {
            return false;
        }
    }

    /** The largest payload collected for {@link Listener#onMessage}. */
    static final int MAX_PAYLOAD = 1 << 20;

    private static final int MAX_LINE = 1 << 20;

    private final Listener listener;
    private final boolean wantArgs;
    private final boolean wantSeq;
    private final boolean wantPayload;
    private byte[] args;
    private int argsLen;
    private byte[] payload;
    private int payloadLen;
    // Starts small: a pool holds thousands of idle readers, and only INFO lines are long.
    private byte[] line = new byte[128];
    private int lineLen;
    private boolean inPayload;
    private int remaining;
    private int seqBytes;
    private long seq;
    private long messages;
    private int lastPayloadSize;

    ProtocolReader(Listener listener) {
        this.listener = listener;
        this.wantArgs = listener.wantsMsgArgs();
        this.wantSeq = listener.wantsSequence();
        this.wantPayload = listener.wantsPayload();
        if (wantPayload) {
            args = new byte[256];
            payload = new byte[256];
        }
    }

    /** MSG and HMSG seen so far. */
    long messages() {
        return messages;
    }

    /** Payload size (headers included) of the last MSG/HMSG. */
    int lastPayloadSize() {
        return lastPayloadSize;
    }

    void feed(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            if (inPayload) {
                int n = Math.min(remaining, end - i);
                if (seqBytes < 8 && wantSeq) {
                    gatherSequence(b, i, n);
                }
                if (wantPayload) {
                    gatherPayload(b, i, n);
                }
                i += n;
                remaining -= n;
                if (remaining == 0) {
                    inPayload = false;
                    if (wantPayload) {
                        listener.onMessage(args, argsLen, payload, payloadLen);
                    }
                }
                continue;
            }
            int lf = indexOfLf(b, i, end);
            if (lf < 0) {
                append(b, i, end - i);
                return;
            }
            if (lineLen == 0) {
                handleLine(b, i, lf - i);
            } else {
                append(b, i, lf - i);
                handleLine(line, 0, lineLen);
                lineLen = 0;
            }
            i = lf + 1;
        }
    }

    private static int indexOfLf(byte[] b, int from, int end) {
        for (int i = from; i < end; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void append(byte[] b, int off, int len) {
        if (lineLen + len > line.length) {
            if (lineLen + len > MAX_LINE) {
                throw new IllegalStateException("protocol line longer than " + MAX_LINE + " bytes");
            }
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLen + len));
        }
        System.arraycopy(b, off, line, lineLen, len);
        lineLen += len;
    }

    private void gatherSequence(byte[] b, int off, int n) {
        // The payload's CRLF is part of `remaining`: never read past the payload itself.
        int payloadLeft = remaining - 2;
        int take = Math.min(Math.min(8 - seqBytes, n), payloadLeft);
        if (take <= 0) {
            return;
        }
        for (int k = 0; k < take; k++) {
            seq = (seq << 8) | (b[off + k] & 0xff);
        }
        seqBytes += take;
        if (seqBytes == 8) {
            listener.onSequence(seq);
        }
    }

    private void gatherPayload(byte[] b, int off, int n) {
        // `remaining` counts the payload's CRLF too: keep only the payload.
        int take = Math.min(n, remaining - 2);
        if (take <= 0) {
            return;
        }
        if (payloadLen + take > payload.length) {
            payload = Arrays.copyOf(payload, Math.max(payload.length * 2, payloadLen + take));
        }
        System.arraycopy(b, off, payload, payloadLen, take);
        payloadLen += take;
    }

    private void handleLine(byte[] b, int off, int len) {
        if (len > 0 && b[off + len - 1] == '\r') {
            len--;
        }
        if (len < 3) {
            throw new IllegalStateException("unexpected protocol line: " + text(b, off, len));
        }
        switch (b[off]) {
            case 'M':
                startPayload(b, off, len, 4);
                break;
            case 'H':
                startPayload(b, off, len, 5);
                break;
            case 'P':
                if (b[off + 1] == 'I') {
                    listener.onPing();
                } else {
                    listener.onPong();
                }
                break;
            case '+':
                listener.onOk();
                break;
            case '-':
                listener.onErr(len > 5 ? text(b, off + 5, len - 5) : "");
                break;
            case 'I':
                listener.onInfo(len > 5 ? text(b, off + 5, len - 5) : "");
                break;
            default:
                throw new IllegalStateException("unexpected protocol line: " + text(b, off, len));
        }
    }

    /** MSG subject sid [reply] size; HMSG subject sid [reply] hdr_size total_size: the size is last. */
    private void startPayload(byte[] b, int off, int len, int opLen) {
        int end = off + len;
        int i = end;
        int size = 0;
        int mul = 1;
        while (i > off && b[i - 1] >= '0' && b[i - 1] <= '9') {
            size += (b[i - 1] - '0') * mul;
            mul *= 10;
            i--;
        }
        if (i == end || b[i - 1] != ' ') {
            throw new IllegalStateException("bad message line: " + text(b, off, len));
        }
        messages++;
        lastPayloadSize = size;
        if (wantArgs) {
            listener.onMsgArgs(b, off + opLen, len - opLen);
        }
        if (wantPayload) {
            if (size > MAX_PAYLOAD) {
                throw new IllegalStateException("payload of " + size + " bytes, more than collected: " + text(b, off, len));
            }
            if (args.length < len - opLen) {
                args = Arrays.copyOf(args, len - opLen);
            }
            System.arraycopy(b, off + opLen, args, 0, len - opLen);
            argsLen = len - opLen;
            payloadLen = 0;
        }
        remaining = size + 2;
        inPayload = true;
        seqBytes = 0;
        seq = 0;
    }

    private static String text(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.UTF_8);
    }
}
