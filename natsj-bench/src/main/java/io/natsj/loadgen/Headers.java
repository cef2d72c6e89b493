package io.natsj.loadgen;

import java.nio.charset.StandardCharsets;

/**
 * A message's header block as an HMSG carries it ({@code NATS/1.0[ code[ description]]\r\n} then
 * {@code Name: value\r\n} lines and an empty line): the status of the control messages a JetStream
 * consumer gets (100 FlowControl Request, 100 Idle Heartbeat, 408 Request Timeout, 409 ...) and their
 * headers. The status code is read without allocating; the rest allocates (control messages are rare).
 */
final class Headers {
    private static final byte[] VERSION = "NATS/1.0".getBytes(StandardCharsets.US_ASCII);

    private Headers() {}

    /** Whether b[0, len) starts with a header block's version line. */
    static boolean isHeaderBlock(byte[] b, int len) {
        if (len < VERSION.length) {
            return false;
        }
        for (int i = 0; i < VERSION.length; i++) {
            if (b[i] != VERSION[i]) {
                return false;
            }
        }
        return true;
    }

    /** The status code of the block in b[0, len) ("NATS/1.0 408 ..."), or -1 if it has none or is no header block. */
    static int status(byte[] b, int len) {
        if (!isHeaderBlock(b, len)) {
            return -1;
        }
        int i = VERSION.length;
        if (i >= len || b[i] != ' ') {
            return -1;
        }
        while (i < len && b[i] == ' ') {
            i++;
        }
        int code = 0;
        int digits = 0;
        while (i < len && b[i] >= '0' && b[i] <= '9' && digits < 3) {
            code = code * 10 + (b[i] - '0');
            i++;
            digits++;
        }
        return digits == 3 ? code : -1;
    }

    /** The status line without the version ("408 Request Timeout"), "" if there is none. */
    static String statusLine(byte[] b, int len) {
        if (!isHeaderBlock(b, len)) {
            return "";
        }
        int end = lineEnd(b, 0, len);
        return new String(b, VERSION.length, end - VERSION.length, StandardCharsets.UTF_8).trim();
    }

    /** The value of the first header called name (case-insensitive) in the block b[0, len), trimmed; null if absent. */
    static String value(byte[] b, int len, String name) {
        if (!isHeaderBlock(b, len)) {
            return null;
        }
        int i = lineEnd(b, 0, len) + 2;
        while (i < len) {
            int end = lineEnd(b, i, len);
            if (end == i) {
                return null; // the empty line ends the block
            }
            int colon = -1;
            for (int k = i; k < end; k++) {
                if (b[k] == ':') {
                    colon = k;
                    break;
                }
            }
            if (colon > i && new String(b, i, colon - i, StandardCharsets.UTF_8).trim().equalsIgnoreCase(name)) {
                return new String(b, colon + 1, end - colon - 1, StandardCharsets.UTF_8).trim();
            }
            i = end + 2;
        }
        return null;
    }

    /** Where the line starting at from ends (its CR, or len). */
    private static int lineEnd(byte[] b, int from, int len) {
        for (int i = from; i < len - 1; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return len;
    }
}
