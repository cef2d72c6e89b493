package io.natsj.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The segment file format (big-endian). A segment starts with an 8-byte file header, "NJSG" and
 * version 1, then holds records back to back:
 *
 * <pre>
 * header (21 bytes): magic "NJSR" u32 | body length u32 | seq u64 | kind u8 | CRC32C of the 17 bytes before, u32
 * body:              kind MSG: timestamp i64 | subject length u16 | header length u32 | subject | header | payload
 *                    kind DELETE and COMPACT: empty; kind ERASED: a MSG record overwritten by an erase
 * trailer:           CRC32C of the body, u32
 * </pre>
 *
 * The header has its own checksum so a damaged body still names its sequence and length (the
 * message is reported lost and the next record found at once), and the magic lets the scanner
 * find the next record after a damaged header. DELETE removes the message {@code seq}; COMPACT
 * removes every message below {@code seq}. An erase turns the message's own record into ERASED (its
 * content overwritten), so it stays removed even if the DELETE record is later lost to damage.
 *
 * <p>An instance encodes into one reused direct buffer and is used under the store's write lock.
 */
final class RecordFormat {
    static final int SEGMENT_MAGIC = 0x4E4A5347;
    static final int SEGMENT_VERSION = 1;
    static final int SEGMENT_HEADER = 8;
    static final int MAGIC = 0x4E4A5352;
    static final int HEADER = 21;
    static final int TRAILER = 4;
    static final int MSG_FIXED = 14;
    static final byte MSG = 1;
    static final byte DELETE = 2;
    static final byte COMPACT = 3;
    static final byte ERASED = 4;

    private final CRC32C crc = new CRC32C();
    private ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);

    static int recordLength(int bodyLength) {
        return HEADER + bodyLength + TRAILER;
    }

    /** The record for a message, ready to write (position 0, limit its length). */
    ByteBuffer message(long seq, String subject, int subjectLength, byte[] headers, byte[] payload, long timestamp) {
        int body = MSG_FIXED + subjectLength + headers.length + payload.length;
        ByteBuffer b = start(body, seq, MSG);
        b.putLong(timestamp).putShort((short) subjectLength).putInt(headers.length);
        Utf8.put(b, subject);
        b.put(headers).put(payload);
        return finish(body);
    }

    /** A DELETE or COMPACT record. */
    ByteBuffer marker(byte kind, long seq) {
        start(0, seq, kind);
        return finish(0);
    }

    static ByteBuffer segmentHeader() {
        return ByteBuffer.allocate(SEGMENT_HEADER).putInt(SEGMENT_MAGIC).putInt(SEGMENT_VERSION).flip();
    }

    private ByteBuffer start(int body, long seq, byte kind) {
        int length = recordLength(body);
        if (buf.capacity() < length) {
            buf = ByteBuffer.allocateDirect(Math.max(length, buf.capacity() * 2));
        }
        ByteBuffer b = buf.clear();
        b.putInt(MAGIC).putInt(body).putLong(seq).put(kind);
        crc.reset();
        crc.update(b.duplicate().flip());
        b.putInt((int) crc.getValue());
        return b;
    }

    private ByteBuffer finish(int body) {
        ByteBuffer b = buf;
        crc.reset();
        crc.update(b.duplicate().flip().position(HEADER));
        b.putInt((int) crc.getValue());
        return b.flip();
    }

    /**
     * Turns the MSG record held in a heap buffer at {@code at}, whose content an erase has just
     * overwritten, into an ERASED record: new kind, both checksums recomputed.
     */
    static void sealErased(ByteBuffer record, int at) {
        int body = record.getInt(at + 4);
        record.put(at + 16, ERASED);
        record.putInt(at + HEADER - 4, checksum(record, at, HEADER - 4));
        record.putInt(at + HEADER + body, checksum(record, at + HEADER, body));
    }

    static int checksum(ByteBuffer heap, int at, int length) {
        CRC32C c = new CRC32C();
        c.update(heap.array(), heap.arrayOffset() + at, length);
        return (int) c.getValue();
    }

    /** Whether a well-formed header starts at {@code at} (heap buffer, at least HEADER bytes from at). */
    static boolean headerValid(ByteBuffer b, int at) {
        return b.getInt(at) == MAGIC && b.getInt(at + 4) >= 0 && checksum(b, at, HEADER - 4) == b.getInt(at + HEADER - 4);
    }

    static int bodyLength(ByteBuffer b, int at) {
        return b.getInt(at + 4);
    }

    static long seq(ByteBuffer b, int at) {
        return b.getLong(at + 8);
    }

    static byte kind(ByteBuffer b, int at) {
        return b.get(at + 16);
    }

    /** Whether the body of the record at {@code at} (whole in the buffer) matches its checksum. */
    static boolean bodyValid(ByteBuffer b, int at) {
        int body = bodyLength(b, at);
        return checksum(b, at + HEADER, body) == b.getInt(at + HEADER + body);
    }

    static long timestamp(ByteBuffer b, int at) {
        return b.getLong(at + HEADER);
    }

    static String subject(ByteBuffer b, int at) {
        int length = b.getShort(at + HEADER + 8) & 0xFFFF;
        return new String(b.array(), b.arrayOffset() + at + HEADER + MSG_FIXED, length, StandardCharsets.UTF_8);
    }

    /** A message without headers: StoredMessage's headers are never modified by their readers. */
    private static final byte[] NO_HEADERS = new byte[0];

    /** Decodes a validated MSG record held in a read window, whose subject it may reuse. */
    static StoredMessage decode(ReadWindow w, int at) {
        return decode(w.buffer(), at, w);
    }

    /** Decodes a validated MSG record. */
    static StoredMessage decode(ByteBuffer b, int at) {
        return decode(b, at, null);
    }

    private static StoredMessage decode(ByteBuffer b, int at, ReadWindow w) {
        int body = bodyLength(b, at);
        int subjectLength = b.getShort(at + HEADER + 8) & 0xFFFF;
        int headerLength = b.getInt(at + HEADER + 10);
        int h = at + HEADER + MSG_FIXED + subjectLength;
        int payloadLength = body - MSG_FIXED - subjectLength - headerLength;
        if (headerLength < 0 || payloadLength < 0) {
            return null;
        }
        byte[] headers = headerLength == 0 ? NO_HEADERS : new byte[headerLength];
        byte[] payload = new byte[payloadLength];
        byte[] src = b.array();
        int base = b.arrayOffset() + h;
        System.arraycopy(src, base, headers, 0, headerLength);
        System.arraycopy(src, base + headerLength, payload, 0, payloadLength);
        String subject = w == null ? subject(b, at)
                : w.subject(b.arrayOffset() + at + HEADER + MSG_FIXED, b.getShort(at + HEADER + 8) & 0xFFFF);
        return new StoredMessage(seq(b, at), subject, headers, payload, timestamp(b, at));
    }

    /** Where the header and payload bytes of a MSG record start, relative to the record. */
    static int contentOffset(ByteBuffer b, int at) {
        return HEADER + MSG_FIXED + (b.getShort(at + HEADER + 8) & 0xFFFF);
    }
}
