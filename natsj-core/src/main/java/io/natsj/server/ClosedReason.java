package io.natsj.server;

/** Why a connection closed, in nats-server's words (shown in logs and, later, in /connz). */
enum ClosedReason {
    CLIENT_CLOSED("Client Closed"),
    SERVER_SHUTDOWN("Server Shutdown"),
    PROTOCOL_VIOLATION("Protocol Violation"),
    PARSE_ERROR("Parse Error"),
    READ_ERROR("Read Error"),
    WRITE_ERROR("Write Error"),
    SLOW_CONSUMER_PENDING_BYTES("Slow Consumer (Pending Bytes)"),
    SLOW_CONSUMER_WRITE_DEADLINE("Slow Consumer (Write Deadline)"),
    STALE_CONNECTION("Stale Connection"),
    MAX_CONNECTIONS_EXCEEDED("Maximum Connections Exceeded"),
    MAX_CONTROL_LINE_EXCEEDED("Maximum Control Line Exceeded"),
    MAX_PAYLOAD_EXCEEDED("Maximum Message Payload Exceeded"),
    BAD_CLIENT_PROTOCOL_VERSION("Bad Client Protocol Version"),
    NO_RESPONDERS_REQUIRES_HEADERS("No Responders Requires Headers"),
    AUTHENTICATION_VIOLATION("Authentication Failure"),
    AUTHENTICATION_TIMEOUT("Authentication Timeout"),
    TLS_HANDSHAKE_FAILURE("TLS Handshake Failure");

    final String text;

    ClosedReason(String text) {
        this.text = text;
    }
}
