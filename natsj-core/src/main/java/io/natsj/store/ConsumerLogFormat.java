package io.natsj.store;

import io.natsj.store.ConsumerStore.AckMode;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The consumer state log's format (big-endian). The file starts with an 8-byte header, "NJCS" and
 * version 1, then holds records back to back, the first always a STATE:
 *
 * <pre>
 * record:  body length u32 | kind u8 | body | CRC32C of the length, kind and body, u32
 * STATE     (1): ack mode u8 | delivered consumer u64 | delivered stream u64 | ack floor consumer u64
 *                | ack floor stream u64 | pending count u32 | per pending: stream seq u64, consumer seq u64,
 *                timestamp i64 | redelivered count u32 | per entry: stream seq u64, count u64
 * DELIVERED (2): consumer seq u64 | stream seq u64 | delivery count u64 | timestamp i64
 * ACK       (3): consumer seq u64 | stream seq u64
 * STARTING  (4): stream seq u64
 * CLOSED    (5): empty; a normal close, after everything before it was synced
 * </pre>
 *
 * A STATE replaces the whole state (the snapshot a file starts with, or an Update); the others are
 * operations, replayed through {@link ConsumerStateMachine} in the ack mode of the last STATE.
 * Every kind's body length is fixed or, for STATE, follows from its counts, so a scan can tell a
 * record from noise before it checks the checksum.
 *
 * <p>An instance encodes the small records into one reused direct buffer, without allocating, and
 * is used under the store's lock.
 */
final class ConsumerLogFormat {
    static final int FILE_MAGIC = 0x4E4A4353;
    static final int VERSION = 1;
    static final int FILE_HEADER = 8;
    static final int RECORD_HEADER = 5;
    static final int TRAILER = 4;
    static final byte STATE = 1;
    static final byte DELIVERED = 2;
    static final byte ACK = 3;
    static final byte STARTING = 4;
    static final byte CLOSED = 5;
    static final int STATE_FIXED = 1 + 4 * 8 + 4 + 4;
    static final int PENDING_ENTRY = 24;
    static final int REDELIVERED_ENTRY = 16;
    private static final AckMode[] MODES = AckMode.values();

    private final CRC32C crc = new CRC32C();
    private final ByteBuffer buf = ByteBuffer.allocateDirect(64);

    ByteBuffer delivered(long dseq, long sseq, long dc, long ts) {
        return finish(start(32, DELIVERED).putLong(dseq).putLong(sseq).putLong(dc).putLong(ts));
    }

    ByteBuffer ack(long dseq, long sseq) {
        return finish(start(16, ACK).putLong(dseq).putLong(sseq));
    }

    ByteBuffer starting(long sseq) {
        return finish(start(8, STARTING).putLong(sseq));
    }

    ByteBuffer closed() {
        return finish(start(0, CLOSED));
    }

    private ByteBuffer start(int body, byte kind) {
        return buf.clear().putInt(body).put(kind);
    }

    /** Appends the checksum of everything before it; the record ready to write (position 0). */
    private ByteBuffer finish(ByteBuffer b) {
        int end = b.position();
        b.flip();
        crc.reset();
        crc.update(b); // moves the position to end, without allocating
        b.limit(end + TRAILER);
        b.putInt(end, (int) crc.getValue());
        return b.position(0);
    }

    static long stateBodyLength(ConsumerStateMachine m) {
        return STATE_FIXED + (long) PENDING_ENTRY * m.pending.size() + (long) REDELIVERED_ENTRY * m.redelivered.size();
    }

    /** The length of the STATE record for {@code m}, and so of a fresh log's content after its header. */
    static long stateRecordLength(ConsumerStateMachine m) {
        return RECORD_HEADER + stateBodyLength(m) + TRAILER;
    }

    /** A STATE record of {@code m}, in a heap buffer ready to write; with the file header before it for a new log. */
    static ByteBuffer state(ConsumerStateMachine m, boolean fileHeader) {
        long body = stateBodyLength(m);
        long total = (fileHeader ? FILE_HEADER : 0) + RECORD_HEADER + body + TRAILER;
        if (total > Integer.MAX_VALUE - 8) {
            throw new StoreException("consumer state too large to write: " + m.pending.size() + " pending");
        }
        ByteBuffer b = ByteBuffer.allocate((int) total);
        if (fileHeader) {
            b.putInt(FILE_MAGIC).putInt(VERSION);
        }
        int at = b.position();
        b.putInt((int) body).put(STATE).put((byte) m.mode.ordinal());
        b.putLong(m.deliveredConsumer).putLong(m.deliveredStream).putLong(m.floorConsumer).putLong(m.floorStream);
        b.putInt(m.pending.size());
        m.pending.forEach((seq, consumerSeq, ts) -> b.putLong(seq).putLong(consumerSeq).putLong(ts));
        b.putInt(m.redelivered.size());
        m.redelivered.forEach((seq, count, unused) -> b.putLong(seq).putLong(count));
        b.putInt(RecordFormat.checksum(b, at, b.position() - at));
        return b.flip();
    }

    /**
     * The end of the whole, valid record at {@code p} (heap buffer holding the file, {@code size}
     * bytes), or -1: too short, an unknown kind, a length its kind cannot have, or a checksum mismatch.
     */
    static int recordEnd(ByteBuffer b, int p, int size) {
        if (size - p < RECORD_HEADER + TRAILER) {
            return -1;
        }
        long body = b.getInt(p) & 0xFFFFFFFFL;
        if (body > size - p - RECORD_HEADER - TRAILER || !plausible(b, p, b.get(p + 4), body)) {
            return -1;
        }
        int end = p + RECORD_HEADER + (int) body;
        if (RecordFormat.checksum(b, p, end - p) != b.getInt(end)) {
            return -1;
        }
        return end + TRAILER;
    }

    /** Whether {@code body} bytes fit a record of {@code kind} (the body is in the buffer). */
    private static boolean plausible(ByteBuffer b, int p, byte kind, long body) {
        switch (kind) {
            case DELIVERED:
                return body == 32;
            case ACK:
                return body == 16;
            case STARTING:
                return body == 8;
            case CLOSED:
                return body == 0;
            case STATE:
                if (body < STATE_FIXED || (b.get(p + RECORD_HEADER) & 0xFF) >= MODES.length) {
                    return false;
                }
                long pendingCount = b.getInt(p + RECORD_HEADER + 33) & 0xFFFFFFFFL;
                long afterPending = 37 + PENDING_ENTRY * pendingCount;
                if (afterPending + 4 > body) {
                    return false;
                }
                long redeliveredCount = b.getInt(p + RECORD_HEADER + (int) afterPending) & 0xFFFFFFFFL;
                return body == afterPending + 4 + REDELIVERED_ENTRY * redeliveredCount;
            default:
                return false;
        }
    }

    /** Applies the valid record at {@code p} to {@code m}; whether it was a CLOSED record. */
    static boolean apply(ByteBuffer b, int p, ConsumerStateMachine m) {
        int at = p + RECORD_HEADER;
        switch (b.get(p + 4)) {
            case STATE -> {
                m.load(MODES[b.get(at)], b.getLong(at + 1), b.getLong(at + 9), b.getLong(at + 17), b.getLong(at + 25));
                int n = b.getInt(at + 33);
                int q = at + 37;
                for (int i = 0; i < n; i++, q += PENDING_ENTRY) {
                    m.pending.put(b.getLong(q), b.getLong(q + 8), b.getLong(q + 16));
                }
                int r = b.getInt(q);
                q += 4;
                for (int i = 0; i < r; i++, q += REDELIVERED_ENTRY) {
                    m.redelivered.put(b.getLong(q), b.getLong(q + 8), 0);
                }
            }
            case DELIVERED -> m.delivered(b.getLong(at), b.getLong(at + 8), b.getLong(at + 16), b.getLong(at + 24));
            case ACK -> m.ack(b.getLong(at), b.getLong(at + 8));
            case STARTING -> m.starting(b.getLong(at));
            default -> {
                return true;
            }
        }
        return false;
    }

    /** How a replay ended. */
    enum Outcome {
        /** Every byte was a valid record. */
        CLEAN,
        /** The log ends in an incomplete or invalid record with nothing valid after it: a write cut short. */
        TORN,
        /** An invalid record with valid records after it, or a bad file header or first record. */
        DAMAGED
    }

    /**
     * What replaying a log found: the outcome, where the valid records end and where the first (the
     * snapshot) ends, how many were applied, whether the last of them was CLOSED, and for DAMAGED
     * what was wrong.
     */
    record Replay(Outcome outcome, int validEnd, int firstEnd, int records, boolean endsClosed, String problem) {
    }

    /**
     * Replays the log held in {@code b} (heap, position 0, limit its size) into {@code m}, record by
     * record, stopping at the first that is not valid: {@code m} is then exactly the state after the
     * valid records before it, the last state the log proves.
     */
    static Replay replay(ByteBuffer b, ConsumerStateMachine m) {
        int size = b.limit();
        if (size < FILE_HEADER || b.getInt(0) != FILE_MAGIC) {
            return new Replay(Outcome.DAMAGED, 0, 0, 0, false, "damaged file header");
        }
        if (b.getInt(4) != VERSION) {
            return new Replay(Outcome.DAMAGED, 0, 0, 0, false, "unknown version " + b.getInt(4));
        }
        int p = FILE_HEADER;
        int records = 0;
        int firstEnd = 0;
        boolean closed = false;
        while (p < size) {
            int end = recordEnd(b, p, size);
            if (end < 0 || (records == 0 && b.get(p + 4) != STATE)) {
                break;
            }
            closed = apply(b, p, m);
            if (records++ == 0) {
                firstEnd = end;
            }
            p = end;
        }
        if (p == size && records > 0) {
            return new Replay(Outcome.CLEAN, p, firstEnd, records, closed, null);
        }
        if (records == 0) {
            return new Replay(Outcome.DAMAGED, FILE_HEADER, 0, 0, false, "no valid state record at the start");
        }
        for (int q = p + 1; q < size; q++) {
            if (recordEnd(b, q, size) > 0) {
                return new Replay(Outcome.DAMAGED, p, firstEnd, records, closed,
                        "invalid record at offset " + p + ", valid records after it from offset " + q);
            }
        }
        return new Replay(Outcome.TORN, p, firstEnd, records, closed, null);
    }
}
