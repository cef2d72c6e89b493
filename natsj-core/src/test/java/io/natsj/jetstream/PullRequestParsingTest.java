package io.natsj.jetstream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** MSG.NEXT bodies, nak delays and ack subjects, read as nats-server's nextReqFromMsg and ackReplyInfo read them. */
class PullRequestParsingTest {
    private static NextRequest parse(String body) throws NextRequest.Invalid {
        return NextRequest.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void nextRequestBodies() throws Exception {
        assertEquals(new NextRequest(1, 0, false, 0, 0), parse(""));
        assertEquals(new NextRequest(1, 0, false, 0, 0), parse("  \r\n"));
        assertEquals(new NextRequest(7, 0, false, 0, 0), parse(" 7 "));
        assertEquals(new NextRequest(1, 0, false, 0, 0), parse("seven")); // not a number: one message
        assertEquals(new NextRequest(10, 2048, true, 5_000_000_000L, 1_000_000_000L),
                parse("{\"batch\":10,\"max_bytes\":2048,\"no_wait\":true,\"expires\":5000000000,\"idle_heartbeat\":1000000000}"));
        assertEquals(new NextRequest(0, 0, false, 0, 0), parse("{}"));
    }

    @Test
    void refusedRequestsSayWhyAsNatsServer() {
        NextRequest.Invalid hb = assertThrows(NextRequest.Invalid.class,
                () -> parse("{\"batch\":1,\"expires\":1000000000,\"idle_heartbeat\":600000000}"));
        assertEquals("heartbeat value too large", hb.getMessage());
        NextRequest.Invalid type = assertThrows(NextRequest.Invalid.class, () -> parse("{\"batch\":\"x\"}"));
        assertTrue(type.getMessage().startsWith("json: cannot unmarshal string into Go struct field"), type.getMessage());
        assertThrows(NextRequest.Invalid.class, () -> parse("{\"batch\":"));
    }

    @Test
    void nakDelays() {
        assertEquals(5_000_000_000L, NextRequest.nakDelay("5s"));
        assertEquals(250_000_000L, NextRequest.nakDelay("{\"delay\":250000000}"));
        assertEquals(Long.MIN_VALUE, NextRequest.nakDelay("soon"));
    }

    @Test
    void ackSubjects() {
        assertArrayEquals(new long[] {2, 15, 21},
                AckSubject.parse("$JS.ACK.ORDERS.worker.2.15.21.1700000000000000000.4"));
        assertArrayEquals(new long[] {0, 0, 0}, AckSubject.parse("$JS.ACK.ORDERS.worker.2.15.21.17")); // 8 tokens
        assertArrayEquals(new long[] {0, 0, 0}, AckSubject.parse("$JS.NAK.ORDERS.worker.2.15.21.17.4"));
        assertArrayEquals(new long[] {-1, 15, 21}, AckSubject.parse("$JS.ACK.ORDERS.worker.x.15.21.17.4"));
    }
}
