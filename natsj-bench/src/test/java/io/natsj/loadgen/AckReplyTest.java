package io.natsj.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The reply subjects of JetStream deliveries and the header blocks of their control messages. */
class AckReplyTest {
    private final AckReply ack = new AckReply();

    private boolean parse(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return ack.parse(b, 0, b.length);
    }

    @Test
    void readsTheNineTokenFormOfNatsServer29() {
        assertTrue(parse("$JS.ACK.ORDERS.dur1.1.42.40.1795702620945662541.9958"));
        assertEquals("ORDERS", ack.stream());
        assertEquals("dur1", ack.consumer());
        assertEquals(1, ack.delivered);
        assertEquals(42, ack.streamSeq);
        assertEquals(40, ack.consumerSeq);
        assertEquals(1795702620945662541L, ack.timestamp);
        assertEquals(9958, ack.pending);
        assertTrue(ack.names("ORDERS".getBytes(StandardCharsets.US_ASCII), "dur1".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(ack.names("ORDER".getBytes(StandardCharsets.US_ASCII), "dur1".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(ack.names("ORDERS".getBytes(StandardCharsets.US_ASCII), "dur2".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void readsTheLaterFormWithDomainAndAccountHash() {
        assertTrue(parse("$JS.ACK.hub.AbCdEf.ORDERS.C.3.7.5.1700000000000000000.0.rNd"));
        assertEquals("ORDERS", ack.stream());
        assertEquals("C", ack.consumer());
        assertEquals(3, ack.delivered);
        assertEquals(7, ack.streamSeq);
        assertEquals(5, ack.consumerSeq);
        assertEquals(0, ack.pending);
        assertTrue(parse("$JS.ACK._.AbCdEf.S.C.1.2.2.1700000000000000000.9"));
        assertEquals("S", ack.stream());
        assertEquals(2, ack.streamSeq);
    }

    @Test
    void readsASubjectInsideALargerBuffer() {
        byte[] line = "js.bench.x 1 $JS.ACK.S.C.1.2.3.4.5 16".getBytes(StandardCharsets.US_ASCII);
        assertTrue(ack.parse(line, 13, "$JS.ACK.S.C.1.2.3.4.5".length()));
        assertEquals(2, ack.streamSeq);
        assertEquals(5, ack.pending);
    }

    @Test
    void refusesWhatIsNoAckSubject() {
        assertFalse(parse("_INBOX.abc.1"));
        assertFalse(parse("$JS.ACK"));
        assertFalse(parse("$JS.ACK.S.C.1.2.3.4")); // eight tokens
        assertFalse(parse("$JS.ACK.S.C.1.2.3.4.5.6")); // ten
        assertFalse(parse("$JS.ACK.a.b.S.C.1.2.3.4.5.6.7")); // thirteen
        assertFalse(parse("$JS.ACK.S.C.1.x.3.4.5")); // not a number
        assertFalse(parse("$JS.ACK.S..1.2.3.4.5")); // empty token
        assertFalse(parse("$JS.ACK.S.C.1.2.3.4.")); // empty last token
        assertFalse(parse("$JS.ACK.S.C.1.2.3.99999999999999999999.5")); // does not fit a long
        assertFalse(parse("$JS.ACK.S.C.1.2.3.9999999999999999999.5")); // 19 digits, above 2^63
        assertFalse(parse("$JS.NAK.S.C.1.2.3.4.5"));
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void headerBlocksGiveTheirStatusAndValues() {
        byte[] fc = b("NATS/1.0 100 FlowControl Request\r\n\r\n");
        assertTrue(Headers.isHeaderBlock(fc, fc.length));
        assertEquals(100, Headers.status(fc, fc.length));
        assertEquals("100 FlowControl Request", Headers.statusLine(fc, fc.length));

        byte[] hb = b("NATS/1.0 100 Idle Heartbeat\r\nNats-Last-Consumer: 7\r\nNats-Last-Stream: 9\r\n"
                + "Nats-Consumer-Stalled: $JS.FC.S.x.1\r\n\r\n");
        assertEquals(100, Headers.status(hb, hb.length));
        assertEquals("$JS.FC.S.x.1", Headers.value(hb, hb.length, "nats-consumer-stalled"));
        assertEquals("9", Headers.value(hb, hb.length, "Nats-Last-Stream"));
        assertNull(Headers.value(hb, hb.length, "Nats-Pending-Messages"));

        byte[] timeout = b("NATS/1.0 408 Request Timeout\r\nNats-Pending-Messages: 250\r\nNats-Pending-Bytes: 0\r\n\r\n");
        assertEquals(408, Headers.status(timeout, timeout.length));
        assertEquals("250", Headers.value(timeout, timeout.length, "Nats-Pending-Messages"));

        byte[] noStatus = b("NATS/1.0\r\nNats-Msg-Id: 1\r\n\r\nbody");
        assertTrue(Headers.isHeaderBlock(noStatus, noStatus.length));
        assertEquals(-1, Headers.status(noStatus, noStatus.length));
        assertEquals("1", Headers.value(noStatus, noStatus.length, "Nats-Msg-Id"));

        byte[] noResponders = b("NATS/1.0 503\r\n\r\n");
        assertEquals(503, Headers.status(noResponders, noResponders.length));
        assertEquals("503", Headers.statusLine(noResponders, noResponders.length));

        byte[] payload = b("abcdefghijklmnop");
        assertFalse(Headers.isHeaderBlock(payload, payload.length));
        assertEquals(-1, Headers.status(payload, payload.length));
        assertNull(Headers.value(payload, payload.length, "x"));
    }
}
