package io.natsj.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Writes server-to-client operations into a ByteBuf. Allocation-free: every piece is copied from
 * byte arrays the caller already holds.
 */
public final class MessageEncoder {
    private static final byte[] MSG = {'M', 'S', 'G', ' '};
    private static final byte[] HMSG = {'H', 'M', 'S', 'G', ' '};
    private static final short CRLF = ('\r' << 8) | '\n';
    public static final byte[] PING = {'P', 'I', 'N', 'G', '\r', '\n'};
    public static final byte[] PONG = {'P', 'O', 'N', 'G', '\r', '\n'};
    public static final byte[] OK = {'+', 'O', 'K', '\r', '\n'};
    /** The no-responders status header block, with its 16-byte length. */
    private static final byte[] NO_RESPONDERS_TAIL = " 16 16\r\nNATS/1.0 503\r\n\r\n\r\n".getBytes(
            java.nio.charset.StandardCharsets.US_ASCII);

    private MessageEncoder() {
    }

    /** An upper bound of the bytes {@link #writeMessage} writes, for capacity checks. */
    public static int maxEncodedSize(PubMessage m, int sidLength) {
        // op + subject + sid + reply + two size fields (<= 10 digits each) + spaces + CRLFs + payload
        return 5 + m.subjectLength + 1 + sidLength + 1 + (m.hasReply() ? m.replyLength + 1 : 0) + 24 + 2
                + m.totalLength + 2;
    }

    /**
     * Writes the MSG or HMSG that delivers {@code m} to one subscription. When the message has headers
     * and the receiver did not negotiate them, the headers are stripped and a MSG with the body alone
     * is written, as nats-server does. A header block of length 0 counts as no headers.
     */
    public static void writeMessage(ByteBuf out, PubMessage m, byte[] sid, boolean receiverHeaders) {
        boolean hasHeaders = m.headerLength > 0;
        boolean sendHeaders = hasHeaders && receiverHeaders;
        out.writeBytes(sendHeaders ? HMSG : MSG);
        out.writeBytes(m.line, m.subjectOffset, m.subjectLength);
        out.writeByte(' ');
        out.writeBytes(sid);
        out.writeByte(' ');
        if (m.hasReply()) {
            out.writeBytes(m.line, m.replyOffset, m.replyLength);
            out.writeByte(' ');
        }
        int bodyIndex = m.payloadIndex;
        int bodyLength = m.totalLength;
        if (sendHeaders) {
            out.writeBytes(m.line, m.headerSizeOffset, m.headerSizeLength);
            out.writeByte(' ');
            out.writeBytes(m.line, m.sizeOffset, m.sizeLength);
        } else if (hasHeaders) {
            bodyIndex += m.headerLength;
            bodyLength -= m.headerLength;
            writeDecimal(out, bodyLength);
        } else {
            out.writeBytes(m.line, m.sizeOffset, m.sizeLength);
        }
        out.writeShort(CRLF);
        out.writeBytes(m.payload, bodyIndex, bodyLength);
        out.writeShort(CRLF);
    }

    /** {@code HMSG <reply> <sid> 16 16\r\nNATS/1.0 503\r\n\r\n\r\n}: nobody was listening. */
    public static void writeNoResponders(ByteBuf out, byte[] reply, int replyOffset, int replyLength, byte[] sid) {
        out.writeBytes(HMSG);
        out.writeBytes(reply, replyOffset, replyLength);
        out.writeByte(' ');
        out.writeBytes(sid);
        out.writeBytes(NO_RESPONDERS_TAIL);
    }

    /** {@code -ERR '<text>'\r\n}. */
    public static void writeErr(ByteBuf out, String text) {
        out.writeCharSequence("-ERR '", java.nio.charset.StandardCharsets.US_ASCII);
        out.writeCharSequence(text, java.nio.charset.StandardCharsets.UTF_8);
        out.writeCharSequence("'\r\n", java.nio.charset.StandardCharsets.US_ASCII);
    }

    static void writeDecimal(ByteBuf out, int value) {
        if (value == 0) {
            out.writeByte('0');
            return;
        }
        int digits = 0;
        for (int v = value; v > 0; v /= 10) {
            digits++;
        }
        int end = out.writerIndex() + digits;
        out.ensureWritable(digits);
        for (int i = end - 1, v = value; v > 0; v /= 10, i--) {
            out.setByte(i, '0' + v % 10);
        }
        out.writerIndex(end);
    }
}
