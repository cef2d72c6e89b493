package io.natsj.protocol;

/**
 * Protocol violations the parser detects, with nats-server's -ERR text (null: close without -ERR),
 * whether nats-server closes the connection, and the close reason nats-server reports (in /connz and
 * its logs) for it.
 *
 * <p>Every case was checked against nats-server 2.9.10 by sending the raw bytes to the real server;
 * the parser tests record those answers. All of them close: Go's parser returns the error and the
 * read loop drops the connection (parser.go, client.go readLoop).
 */
public enum ProtocolError {
    /** An op name a client may not send, bytes where an op must start, or a payload not followed by CRLF. */
    UNKNOWN_OPERATION(Errors.UNKNOWN_PROTOCOL_OPERATION, true, "Protocol Violation"),
    /** A control line's arguments longer than max_control_line, even before the line is complete. */
    MAX_CONTROL_LINE(Errors.MAX_CONTROL_LINE_EXCEEDED, true, "Maximum Control Line Exceeded"),
    /** PUB size or HPUB total size above max_payload. */
    MAX_PAYLOAD(Errors.MAX_PAYLOAD_VIOLATION, true, "Maximum Message Payload Exceeded"),
    /** An op other than CONNECT while the server awaits authentication (see setAwaitingAuth). */
    AUTHORIZATION_VIOLATION(Errors.AUTHORIZATION_VIOLATION, true, "Authentication Failure"),
    /** PUB/HPUB with the wrong number of arguments or a bad, negative or over-long size; hdr > total. */
    INVALID_PUB_ARGUMENTS(null, true, "Protocol Violation"),
    /** HPUB from a client that did not negotiate headers. */
    HEADERS_NOT_SUPPORTED(null, true, "Protocol Violation"),
    /** SUB with other than 2 or 3 arguments. */
    INVALID_SUB_ARGUMENTS(null, true, "Protocol Violation"),
    /** UNSUB with other than 1 or 2 arguments. */
    INVALID_UNSUB_ARGUMENTS(null, true, "Protocol Violation"),
    /** The client sent -ERR: Go logs "Client Error ..." and closes without answering. */
    CLIENT_ERROR(null, true, "Parse Error");

    /** The text of {@code -ERR '<text>'}, or null when nats-server closes without sending -ERR. */
    public final String text;
    public final boolean closes;
    /** nats-server's ClosedState string for the connection (connz "reason"). */
    public final String closeReason;

    ProtocolError(String text, boolean closes, String closeReason) {
        this.text = text;
        this.closes = closes;
        this.closeReason = closeReason;
    }
}
