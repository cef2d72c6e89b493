package io.natsj.protocol;

import java.nio.charset.StandardCharsets;

/** The client streams {@link ParserBenchmark} parses: {@code ops} operations of one workload, as bytes. */
final class ParserStreams {
    /** A 22-byte header block, as a client library writes one. */
    private static final String HEADERS = "NATS/1.0\r\nK: value\r\n\r\n";

    private ParserStreams() {
    }

    static byte[] of(ParserBenchmark.Workload workload, int payloadSize, int ops) {
        String body = "x".repeat(payloadSize);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ops; i++) {
            switch (workload) {
                case PUB -> pub(sb, body);
                case PUB_REPLY -> pubReply(sb, body);
                case HPUB -> hpub(sb, body);
                case MIXED -> mixed(sb, body, i);
            }
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void pub(StringBuilder sb, String body) {
        sb.append("PUB orders.eu.created ").append(body.length()).append("\r\n").append(body).append("\r\n");
    }

    private static void pubReply(StringBuilder sb, String body) {
        sb.append("PUB orders.eu.created _INBOX.4fJk2cQ9xZ.17 ").append(body.length()).append("\r\n")
            .append(body).append("\r\n");
    }

    private static void hpub(StringBuilder sb, String body) {
        sb.append("HPUB orders.eu.created ").append(HEADERS.length()).append(' ')
            .append(HEADERS.length() + body.length()).append("\r\n").append(HEADERS).append(body).append("\r\n");
    }

    private static void mixed(StringBuilder sb, String body, int i) {
        switch (i % 10) {
            case 1 -> pubReply(sb, body);
            case 3 -> hpub(sb, body);
            case 4 -> sb.append("PING\r\n");
            case 6 -> sb.append("SUB orders.eu.* ").append(i).append("\r\n");
            case 8 -> sb.append("PONG\r\n");
            case 9 -> sb.append("UNSUB ").append(i - 3).append("\r\n");
            default -> pub(sb, body);
        }
    }
}
