package io.natsj.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Collects a payload that arrives split across reads, since the caller releases each read buffer after
 * parse returns. One heap buffer is allocated on first need and reused, so split payloads allocate
 * nothing in steady state; a buffer grown past {@link #RETAINED_CAPACITY} for a large message is freed
 * once that message is delivered, so an idle connection never pins max_payload bytes.
 *
 * <p>Runs on the connection's event loop only.
 */
final class PayloadBuffer {
    static final int RETAINED_CAPACITY = 64 * 1024;
    private static final int INITIAL_CAPACITY = 1024;

    private ByteBuf buf;

    /** Prepares for a payload of {@code size} bytes, discarding the previous one. */
    void begin(int size) {
        if (buf == null) {
            buf = Unpooled.buffer(Math.max(INITIAL_CAPACITY, size));
        }
        buf.clear();
        buf.ensureWritable(size);
    }

    void append(ByteBuf in, int index, int length) {
        buf.writeBytes(in, index, length);
    }

    int size() {
        return buf.readableBytes();
    }

    /** The collected payload, starting at index 0. */
    ByteBuf content() {
        return buf;
    }

    /** Called once the payload has been delivered (the handler may have released us meanwhile). */
    void end() {
        if (buf != null && buf.capacity() > RETAINED_CAPACITY) {
            release();
        }
    }

    void release() {
        if (buf != null) {
            buf.release();
            buf = null;
        }
    }
}
