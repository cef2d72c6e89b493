package io.natsj.jetstream;

import java.nio.charset.StandardCharsets;

/**
 * The JetStream headers of a published message, read as nats-server 2.9 reads them (its getHeader):
 * the first occurrence of the exact, case-sensitive name counts, and only if it starts a line; leading
 * spaces of the value are skipped, trailing ones kept. Sequence values that are not plain decimal
 * read as nats-server's parseInt64 reads them: -1, which as an unsigned sequence matches nothing.
 */
final class JsHeaders {
    static final String MSG_ID = "Nats-Msg-Id";
    static final String EXPECTED_STREAM = "Nats-Expected-Stream";
    static final String EXPECTED_LAST_SEQ = "Nats-Expected-Last-Sequence";
    static final String EXPECTED_LAST_SUBJECT_SEQ = "Nats-Expected-Last-Subject-Sequence";
    static final String EXPECTED_LAST_MSG_ID = "Nats-Expected-Last-Msg-Id";
    static final String ROLLUP = "Nats-Rollup";
    static final String ROLLUP_SUBJECT = "sub";
    static final String ROLLUP_ALL = "all";

    private JsHeaders() {
    }

    /**
     * nats-server's genHeader, for several lines at once: {@code lines} ("Name: value\r\n" each) added
     * at the end of a header block, or to a fresh "NATS/1.0" block when there is none.
     */
    static byte[] append(byte[] headers, String lines) {
        byte[] added = (lines + "\r\n").getBytes(StandardCharsets.UTF_8);
        if (headers == null || headers.length <= 2) {
            byte[] fresh = "NATS/1.0\r\n".getBytes(StandardCharsets.US_ASCII);
            byte[] out = new byte[fresh.length + added.length];
            System.arraycopy(fresh, 0, out, 0, fresh.length);
            System.arraycopy(added, 0, out, fresh.length, added.length);
            return out;
        }
        byte[] out = new byte[headers.length - 2 + added.length];
        System.arraycopy(headers, 0, out, 0, headers.length - 2);
        System.arraycopy(added, 0, out, headers.length - 2, added.length);
        return out;
    }

    /** The header's value, or null when nats-server would not find it. */
    static String get(byte[] hdr, int off, int len, String key) {
        int index = indexOf(hdr, off, len, key);
        if (index < 0) {
            return null;
        }
        if (index - off < 2 || hdr[index - 1] != '\n' || hdr[index - 2] != '\r') {
            return null;
        }
        int end = off + len;
        int i = index + key.length();
        if (i >= end || hdr[i] != ':') {
            return null;
        }
        i++;
        while (i < end && hdr[i] == ' ') {
            i++;
        }
        int start = i;
        while (i < end && !(hdr[i] == '\r' && i < end - 1 && hdr[i + 1] == '\n')) {
            i++;
        }
        return new String(hdr, start, i - start, StandardCharsets.UTF_8);
    }

    /**
     * A sequence header as nats-server reads it: null when absent or empty, else its decimal value, or
     * -1 (all bits set: the largest unsigned sequence) when it is not plain decimal.
     */
    static Long sequence(byte[] hdr, int off, int len, String key) {
        String v = get(hdr, off, len, key);
        if (v == null || v.isEmpty()) {
            return null;
        }
        long n = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return -1L;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** The first occurrence of the (ASCII) key's bytes, compared char by char: no copy of the key per message. */
    private static int indexOf(byte[] b, int off, int len, String k) {
        int n = k.length();
        outer:
        for (int i = off, last = off + len - n; i <= last; i++) {
            for (int j = 0; j < n; j++) {
                if (b[i + j] != (byte) k.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
