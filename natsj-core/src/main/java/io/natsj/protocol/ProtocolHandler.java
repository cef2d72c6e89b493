package io.natsj.protocol;

/**
 * Receives the client operations that {@link ProtocolParser} recognises, in wire order, on the thread
 * that calls {@link ProtocolParser#parse}. Arguments are only valid during the call.
 *
 * <p>CONTRACT between the parser (protocol helper) and the server (ClientConnection).
 */
public interface ProtocolHandler {
    /** CONNECT with its raw JSON text (everything after "CONNECT " up to the line end, trimmed). */
    void onConnect(String json);

    /**
     * PUB or HPUB with its complete payload. The view is reused for the next message: copy what must
     * outlive the call.
     */
    void onPub(PubMessage msg);

    /** SUB subject [queue] sid. queue is null when absent. Validation of the subject is the server's. */
    void onSub(String subject, String queue, String sid);

    /** UNSUB sid [max]; max is -1 when absent. */
    void onUnsub(String sid, long max);

    void onPing();

    void onPong();

    /** INFO sent by a client: nats-server ignores it for clients. */
    default void onInfo(String json) {
    }

    /** +OK sent by a client: ignored, as nats-server ignores it. */
    default void onOk() {
    }

    /** -ERR sent by a client: nats-server logs it and closes; the parser follows with onProtocolError(CLIENT_ERROR). */
    default void onErr(String text) {
    }

    /**
     * The first operation of a connection that must authenticate is not CONNECT. True lets it through
     * (nats-server's no_auth_user lets such clients in as that user); false makes it an
     * {@link ProtocolError#AUTHORIZATION_VIOLATION}.
     */
    default boolean onOpBeforeConnect() {
        return false;
    }

    /**
     * A protocol violation. The parser has stopped and will not call the handler again; the server
     * sends {@code -ERR '<error.text>'} when the text is non-null and closes the connection when
     * {@code error.closes}. {@code detail} is for logs only.
     */
    void onProtocolError(ProtocolError error, String detail);

    /**
     * Tracing only: an op as received, before it is acted on; {@code arg} is the raw argument text
     * ({@code length} bytes, valid during the call), null for ops without arguments.
     */
    default void onTraceIn(String op, byte[] arg, int length) {
    }

    /** Tracing only: a PUB/HPUB payload (headers included) as received, before delivery. */
    default void onTracePayload(io.netty.buffer.ByteBuf payload, int index, int length) {
    }
}
