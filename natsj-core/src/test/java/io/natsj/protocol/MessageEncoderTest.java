package io.natsj.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageEncoderTest {
    /** Builds a PubMessage as the parser would for the given control-line arguments and payload. */
    private static PubMessage pub(String subject, String reply, String hdrSize, String size, String payload) {
        StringBuilder line = new StringBuilder(subject);
        PubMessage m = new PubMessage();
        m.subjectOffset = 0;
        m.subjectLength = subject.length();
        if (reply != null) {
            line.append(' ');
            m.replyOffset = line.length();
            m.replyLength = reply.length();
            line.append(reply);
        }
        if (hdrSize != null) {
            line.append(' ');
            m.headerSizeOffset = line.length();
            m.headerSizeLength = hdrSize.length();
            line.append(hdrSize);
            m.headerLength = Integer.parseInt(hdrSize);
        }
        line.append(' ');
        m.sizeOffset = line.length();
        m.sizeLength = size.length();
        line.append(size);
        m.line = line.toString().getBytes(StandardCharsets.US_ASCII);
        m.totalLength = Integer.parseInt(size);
        m.payload = Unpooled.wrappedBuffer(("xx" + payload).getBytes(StandardCharsets.US_ASCII));
        m.payloadIndex = 2;
        return m;
    }

    private static String encode(PubMessage m, String sid, boolean headers) {
        ByteBuf out = Unpooled.buffer();
        MessageEncoder.writeMessage(out, m, sid.getBytes(StandardCharsets.US_ASCII), headers);
        assertEquals(true, out.readableBytes() <= MessageEncoder.maxEncodedSize(m, sid.length()));
        return out.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void plainMessageEchoesTheSizeAsWritten() {
        assertEquals("MSG foo 1 5\r\nhello\r\n", encode(pub("foo", null, null, "5", "hello"), "1", true));
        assertEquals("MSG foo 22 _INBOX.a 005\r\nhello\r\n", encode(pub("foo", "_INBOX.a", null, "005", "hello"), "22", false));
    }

    @Test
    void headersGoToReceiversThatNegotiatedThem() {
        String hdr = "NATS/1.0\r\nA: B\r\n\r\n";
        PubMessage m = pub("foo", "r", String.valueOf(hdr.length()), String.valueOf(hdr.length() + 2), hdr + "hi");
        assertEquals("HMSG foo 9 r 18 20\r\n" + hdr + "hi\r\n", encode(m, "9", true));
    }

    @Test
    void headersAreStrippedForReceiversWithoutThem() {
        String hdr = "NATS/1.0\r\nA: B\r\n\r\n";
        PubMessage m = pub("foo", null, String.valueOf(hdr.length()), String.valueOf(hdr.length() + 2), hdr + "hi");
        assertEquals("MSG foo 9 2\r\nhi\r\n", encode(m, "9", false));
    }

    @Test
    void emptyHeaderBlockIsAPlainMessage() {
        assertEquals("MSG foo 1 2\r\nhi\r\n", encode(pub("foo", null, "0", "2", "hi"), "1", true));
    }

    @Test
    void noResponders() {
        ByteBuf out = Unpooled.buffer();
        byte[] reply = "x _INBOX.abc".getBytes(StandardCharsets.US_ASCII);
        MessageEncoder.writeNoResponders(out, reply, 2, 10, "7".getBytes(StandardCharsets.US_ASCII));
        assertEquals("HMSG _INBOX.abc 7 16 16\r\nNATS/1.0 503\r\n\r\n\r\n", out.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void decimals() {
        for (int v : new int[] {0, 1, 9, 10, 99, 100, 123456, Integer.MAX_VALUE}) {
            ByteBuf out = Unpooled.buffer();
            MessageEncoder.writeDecimal(out, v);
            assertEquals(Integer.toString(v), out.toString(StandardCharsets.US_ASCII));
        }
    }
}
