package io.natsj.protocol;

/**
 * Protocol violations the parser detects, with nats-server's -ERR text (null: close without -ERR)
 * and whether nats-server closes the connection.
 *
 * <p>CONTRACT: the protocol helper completes this from nats-server 2.9's parser.go/client.go.
 */
public enum ProtocolError {
    UNKNOWN_OPERATION(Errors.UNKNOWN_PROTOCOL_OPERATION, true),
    MAX_CONTROL_LINE(Errors.MAX_CONTROL_LINE_EXCEEDED, true),
    MAX_PAYLOAD(Errors.MAX_PAYLOAD_VIOLATION, true);

    public final String text;
    public final boolean closes;

    ProtocolError(String text, boolean closes) {
        this.text = text;
        this.closes = closes;
    }
}
