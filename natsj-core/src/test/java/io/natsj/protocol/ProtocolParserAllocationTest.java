package io.natsj.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The PUB/HPUB hot path allocates nothing per message once warm: neither with payloads inside the read
 * buffer (handed over in place) nor with payloads split across reads (collected in a reused buffer).
 */
class ProtocolParserAllocationTest {
    private static final int MESSAGES = 10_000;
    private static final int ROUNDS = 50;
    /** Allowance for stray allocations in the measuring itself; far below one byte per message. */
    private static final long SLACK_BYTES = 4096;

    /** Counts and reads every message without allocating. */
    private static final class CountingHandler implements ProtocolHandler {
        long messages;
        long checksum;

        @Override
        public void onPub(PubMessage m) {
            messages++;
            checksum += m.subjectLength + m.totalLength + m.line[m.subjectOffset];
            if (m.totalLength > 0) {
                checksum += m.payload.getByte(m.payloadIndex + m.totalLength - 1);
            }
        }

        @Override
        public void onConnect(String json) {
        }

        @Override
        public void onSub(String subject, String queue, String sid) {
        }

        @Override
        public void onUnsub(String sid, long max) {
        }

        @Override
        public void onPing() {
        }

        @Override
        public void onPong() {
        }

        @Override
        public void onProtocolError(ProtocolError error, String detail) {
            throw new AssertionError(error + ": " + detail);
        }
    }

    private static byte[] manyPubs() {
        return pubs(MESSAGES);
    }

    private static byte[] pubs(int count) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            switch (i % 3) {
                case 0 -> sb.append("PUB orders.eu.created 16\r\n0123456789abcdef\r\n");
                case 1 -> sb.append("PUB orders.eu.created _INBOX.abc 5\r\nhello\r\n");
                default -> sb.append("HPUB orders.eu.created 22 27\r\nNATS/1.0\r\nK: value\r\n\r\nhello\r\n");
            }
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Cuts the input into reads of an odd size, so payloads, CRLFs and control lines straddle reads. */
    private static List<ByteBuf> chunks(byte[] input, int size) {
        List<ByteBuf> chunks = new ArrayList<>();
        for (int off = 0; off < input.length; off += size) {
            chunks.add(Unpooled.wrappedBuffer(input, off, Math.min(size, input.length - off)));
        }
        return chunks;
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static long allocationPerRounds(List<ByteBuf> reads) {
        CountingHandler handler = new CountingHandler();
        ProtocolParser parser = new ProtocolParser(handler, 4096, 1024 * 1024);
        parser.setHeadersSupported(true);
        for (int warmup = 0; warmup < ROUNDS; warmup++) {
            parseAll(parser, reads);
        }
        long before = allocatedBytes();
        for (int round = 0; round < ROUNDS; round++) {
            parseAll(parser, reads);
        }
        long allocated = allocatedBytes() - before;
        assertEquals(2L * ROUNDS * MESSAGES, handler.messages);
        assertTrue(handler.checksum != 0);
        parser.release();
        return allocated;
    }

    private static void parseAll(ProtocolParser parser, List<ByteBuf> reads) {
        for (int i = 0; i < reads.size(); i++) {
            ByteBuf read = reads.get(i);
            read.readerIndex(0);
            parser.parse(read);
        }
    }

    @Test
    void payloadsInsideTheReadAllocateNothing() {
        long allocated = allocationPerRounds(List.of(Unpooled.wrappedBuffer(manyPubs())));
        assertTrue(allocated < SLACK_BYTES,
            allocated + " bytes for " + (ROUNDS * MESSAGES) + " messages");
    }

    @Test
    void payloadsSplitAcrossReadsAllocateNothing() {
        long allocated = allocationPerRounds(chunks(manyPubs(), 997));
        assertTrue(allocated < SLACK_BYTES,
            allocated + " bytes for " + (ROUNDS * MESSAGES) + " messages");
    }

    @Test
    void byteAtATimeAllocatesNothing() {
        byte[] some = pubs(300);
        CountingHandler handler = new CountingHandler();
        ProtocolParser parser = new ProtocolParser(handler, 4096, 1024 * 1024);
        parser.setHeadersSupported(true);
        List<ByteBuf> singles = chunks(some, 1);
        for (int warmup = 0; warmup < 5; warmup++) {
            parseAll(parser, singles);
        }
        long before = allocatedBytes();
        parseAll(parser, singles);
        long allocated = allocatedBytes() - before;
        assertTrue(allocated < SLACK_BYTES, allocated + " bytes for " + some.length + " single-byte reads");
    }
}
