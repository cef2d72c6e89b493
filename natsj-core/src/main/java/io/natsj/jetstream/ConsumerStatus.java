package io.natsj.jetstream;

import java.nio.charset.StandardCharsets;

/**
 * The status messages consumers send (header blocks only, no body), as nats-server 2.9 writes them:
 * pull request answers (400, 404, 408, 409), idle heartbeats and flow control requests (100).
 */
final class ConsumerStatus {
    static final String PENDING_MSGS = "Nats-Pending-Messages";
    static final String PENDING_BYTES = "Nats-Pending-Bytes";
    static final String LAST_CONSUMER = "Nats-Last-Consumer";
    static final String LAST_STREAM = "Nats-Last-Stream";
    static final String STALLED = "Nats-Consumer-Stalled";
    static final String MSG_SIZE = "Nats-Msg-Size";

    static final byte[] FLOW_CONTROL = bytes("NATS/1.0 100 FlowControl Request\r\n\r\n");
    static final byte[] CONSUMER_DELETED = bytes("NATS/1.0 409 Consumer Deleted\r\n\r\n");
    static final byte[] NO_MESSAGES = bytes("NATS/1.0 404 No Messages\r\n\r\n");
    static final byte[] REQUESTS_PENDING = bytes("NATS/1.0 408 Requests Pending\r\n\r\n");

    private ConsumerStatus() {
    }

    /** {@code NATS/1.0 <code> <description>} with no headers. */
    static byte[] simple(int code, String description) {
        return bytes("NATS/1.0 " + code + " " + description + "\r\n\r\n");
    }

    /** A request ended with messages and bytes it still wanted: 408 Request Timeout, 408 Interest Expired, 409 ... MaxBytes. */
    static byte[] withPending(int code, String description, long msgs, long bytes) {
        return bytes("NATS/1.0 " + code + " " + description + "\r\n" + PENDING_MSGS + ": " + msgs + "\r\n" + PENDING_BYTES
                + ": " + bytes + "\r\n\r\n");
    }

    /** An idle heartbeat with the last delivered sequences, and the flow control reply it is stalled on, if any. */
    static byte[] heartbeat(long lastConsumer, long lastStream, String stalledOn) {
        String s = "NATS/1.0 100 Idle Heartbeat\r\n" + LAST_CONSUMER + ": " + lastConsumer + "\r\n" + LAST_STREAM + ": "
                + lastStream + "\r\n";
        if (stalledOn != null) {
            s += STALLED + ": " + stalledOn + "\r\n";
        }
        return bytes(s + "\r\n");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
