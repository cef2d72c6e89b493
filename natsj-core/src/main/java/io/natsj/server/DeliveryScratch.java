package io.natsj.server;

import io.natsj.protocol.PubMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * A consumer thread's reusable message for deliveries: the control line is written into one growing
 * array and the headers and payload copied into one growing buffer, so a delivery allocates nothing
 * here. Valid until the next {@link #fill}; the receivers' outbound buffers copy it at once.
 *
 * <p>Threading: one per thread ({@link ConsumerOutput} keeps them in a thread-local).
 */
final class DeliveryScratch {
    private final PubMessage m = new PubMessage();
    private byte[] line = new byte[256];
    private final ByteBuf body = Unpooled.buffer(4096);
    /** The last deliver-to subject and its bytes: a consumer delivers to the same one again and again. */
    private String lastTo;
    private byte[] lastToBytes;

    byte[] subjectBytes(String to) {
        if (!to.equals(lastTo)) {
            lastTo = to;
            lastToBytes = to.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        return lastToBytes;
    }

    /** As {@link #fill(String, String, byte[], byte[])} with the reply {@code ackPrefix + dc.sseq.dseq.ts.pending}. */
    PubMessage fill(String subject, String ackPrefix, long dc, long sseq, long dseq, long ts, long pending, byte[] headers,
            byte[] payload) {
        int need = subject.length() + ackPrefix.length() + 5 * 20 + 8 + 24;
        if (line.length < need) {
            line = new byte[Math.max(need, line.length * 2)];
        }
        int p = ascii(subject, line, 0);
        line[p++] = ' ';
        int replyStart = p;
        p = ascii(ackPrefix, line, p);
        p = digits(dc, line, p);
        line[p++] = '.';
        p = digits(sseq, line, p);
        line[p++] = '.';
        p = digits(dseq, line, p);
        line[p++] = '.';
        p = digits(ts, line, p);
        line[p++] = '.';
        p = digits(pending, line, p);
        return finish(subject.length(), replyStart, p - replyStart, p + 1, headers, payload);
    }

    /** The message as an HPUB (headers non-null) or PUB of {@code subject} with {@code reply} would be parsed. */
    PubMessage fill(String subject, String reply, byte[] headers, byte[] payload) {
        int need = subject.length() + (reply == null ? 0 : reply.length() + 1) + 24;
        if (line.length < need) {
            line = new byte[Math.max(need, line.length * 2)];
        }
        int p = ascii(subject, line, 0);
        line[p++] = ' ';
        if (reply == null) {
            return finish(subject.length(), -1, 0, p, headers, payload);
        }
        int replyStart = p;
        p = ascii(reply, line, p);
        return finish(subject.length(), replyStart, reply.length(), p + 1, headers, payload);
    }

    /**
     * Completes the control line after the subject and reply (or the subject alone): {@code at} is
     * where the sizes go (one past the space that ends the reply); copies headers and payload.
     */
    private PubMessage finish(int subjectLength, int replyOffset, int replyLength, int at, byte[] headers, byte[] payload) {
        int hlen = headers == null ? -1 : headers.length;
        int total = payload.length + Math.max(0, hlen);
        int p = at;
        if (replyOffset >= 0) {
            line[p - 1] = ' ';
        }
        m.subjectOffset = 0;
        m.subjectLength = subjectLength;
        m.replyOffset = replyOffset;
        m.replyLength = replyLength;
        if (hlen >= 0) {
            m.headerSizeOffset = p;
            p = digits(hlen, line, p);
            m.headerSizeLength = p - m.headerSizeOffset;
            line[p++] = ' ';
        } else {
            m.headerSizeOffset = 0;
            m.headerSizeLength = 0;
        }
        m.sizeOffset = p;
        p = digits(total, line, p);
        m.sizeLength = p - m.sizeOffset;
        m.line = line;
        m.headerLength = hlen;
        m.totalLength = total;
        body.clear();
        if (hlen > 0) {
            body.writeBytes(headers);
        }
        body.writeBytes(payload);
        m.payload = body;
        m.payloadIndex = 0;
        return m;
    }

    private static int ascii(String s, byte[] out, int at) {
        for (int i = 0; i < s.length(); i++) {
            out[at++] = (byte) s.charAt(i);
        }
        return at;
    }

    /** Writes a non-negative number in decimal; one division by 10 per digit (a multiplication once compiled). */
    private static int digits(long n, byte[] out, int at) {
        int len = length(n);
        for (int i = at + len - 1; i > at; i--) {
            long q = n / 10;
            out[i] = (byte) ('0' + (int) (n - q * 10));
            n = q;
        }
        out[at] = (byte) ('0' + (int) n);
        return at + len;
    }

    private static final long[] POWERS = new long[19];

    static {
        long p = 1;
        for (int i = 0; i < POWERS.length; i++) {
            POWERS[i] = p;
            p *= 10;
        }
    }

    /** Decimal digits of a non-negative number, by comparison. */
    static int length(long n) {
        int len = 1;
        while (len < POWERS.length && n >= POWERS[len]) {
            len++;
        }
        return len;
    }
}
