package io.natsj.loadgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Publishes one subject over a {@link NatsConn} in ready-made blocks of whole PUB frames (about
 * 64 KiB each), so a message costs the client a share of one write call and nothing else. With
 * sequence numbers on, the first eight payload bytes of each message carry its number (big-endian,
 * from 0), patched into the block before it is written.
 */
final class Publisher {
    private final NatsConn conn;
    private final byte[] block;
    private final int frameLen;
    private final int headerLen;
    private final int framesPerBlock;
    private final boolean sequenced;
    private long published;

    Publisher(NatsConn conn, String subject, int size, boolean sequenced) {
        if (sequenced && size < 8) {
            throw new IllegalArgumentException("sequence numbers need a payload of 8 bytes or more");
        }
        this.conn = conn;
        this.sequenced = sequenced;
        byte[] header = ("PUB " + subject + " " + size + "\r\n").getBytes(StandardCharsets.US_ASCII);
        this.headerLen = header.length;
        this.frameLen = header.length + size + 2;
        this.framesPerBlock = Math.max(1, NatsConn.BUFFER / frameLen);
        this.block = new byte[framesPerBlock * frameLen];
        for (int f = 0; f < framesPerBlock; f++) {
            int at = f * frameLen;
            System.arraycopy(header, 0, block, at, header.length);
            for (int i = 0; i < size; i++) {
                block[at + header.length + i] = (byte) ('a' + i % 26);
            }
            block[at + frameLen - 2] = '\r';
            block[at + frameLen - 1] = '\n';
        }
    }

    NatsConn conn() {
        return conn;
    }

    /** Messages written so far (also the next sequence number). */
    long published() {
        return published;
    }

    /** Messages in one block: the granularity at which a caller can stop. */
    int framesPerBlock() {
        return framesPerBlock;
    }

    void publish(long n) throws IOException {
        while (n > 0) {
            int k = (int) Math.min(n, framesPerBlock);
            if (sequenced) {
                for (int f = 0; f < k; f++) {
                    putLong(block, f * frameLen + headerLen, published + f);
                }
            }
            conn.writeDirect(block, 0, k * frameLen);
            published += k;
            n -= k;
        }
    }

    private static void putLong(byte[] b, int at, long v) {
        for (int i = 7; i >= 0; i--) {
            b[at + i] = (byte) v;
            v >>>= 8;
        }
    }
}
