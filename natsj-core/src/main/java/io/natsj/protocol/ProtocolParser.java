package io.natsj.protocol;

import io.netty.buffer.ByteBuf;

/**
 * STUB — the protocol helper replaces this with the byte-at-a-time state machine.
 *
 * <p>CONTRACT: constructor and public methods below stay; runs on one thread (the connection's event loop).
 */
public final class ProtocolParser {
    public ProtocolParser(ProtocolHandler handler, int maxControlLine, int maxPayload) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Whether the client negotiated headers (CONNECT headers:true); HPUB without it closes the connection. */
    public void setHeadersSupported(boolean headersSupported) {
    }

    /** Consumes every readable byte of {@code in}, calling the handler for each complete operation. */
    public void parse(ByteBuf in) {
    }

    /** Frees internal buffers; called once when the connection closes. */
    public void release() {
    }
}
