package io.natsj.protocol;

import io.netty.buffer.ByteBuf;

/**
 * A reusable, allocation-free view of one PUB or HPUB: the control line's fields as offsets into
 * {@link #line}, and the payload (headers + body, without the trailing CRLF) as a region of a
 * {@link ByteBuf}. Valid only during {@link ProtocolHandler#onPub}.
 *
 * <p>CONTRACT between the parser (protocol helper) and the server.
 */
public final class PubMessage {
    /** Holds the control line's argument bytes; subject and reply are regions of it. */
    public byte[] line;
    public int subjectOffset;
    public int subjectLength;
    /** -1 when there is no reply subject. */
    public int replyOffset = -1;
    public int replyLength;
    /** Header length for HPUB (>= 0), -1 for PUB. */
    public int headerLength = -1;
    /** Total payload length (headers + body) as announced. */
    public int totalLength;
    /**
     * The total size exactly as the client wrote it (a region of {@link #line}). nats-server echoes these
     * bytes in MSG/HMSG, so {@code PUB a 002} is delivered as {@code MSG a 1 002}.
     */
    public int sizeOffset;
    public int sizeLength;
    /** The header size exactly as the client wrote it (HPUB only; length 0 for PUB). */
    public int headerSizeOffset;
    public int headerSizeLength;
    /** The payload bytes are payload.getByte(payloadIndex .. payloadIndex + totalLength - 1). */
    public ByteBuf payload;
    public int payloadIndex;

    public boolean hasReply() {
        return replyOffset >= 0;
    }

    public boolean hasHeaders() {
        return headerLength >= 0;
    }
}
