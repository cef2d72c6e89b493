package io.natsj.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The bits of JetStream API answers the benchmark reads. */
class JsonScanTest {
    /** A CONSUMER.INFO answer as nats-server 2.9.10 gives it (one line, here split). */
    private static final String INFO = "{\"type\":\"io.nats.jetstream.api.v1.consumer_info_response\","
            + "\"stream_name\":\"BENCH_X\",\"name\":\"BENCH_PULL\",\"created\":\"2026-11-26T14:20:00.1Z\","
            + "\"config\":{\"durable_name\":\"BENCH_PULL\",\"deliver_policy\":\"all\",\"ack_policy\":\"explicit\","
            + "\"ack_wait\":30000000000,\"max_deliver\":-1,\"replay_policy\":\"instant\",\"max_waiting\":512,"
            + "\"max_ack_pending\":1000,\"num_replicas\":0},"
            + "\"delivered\":{\"consumer_seq\":20000,\"stream_seq\":20001,\"last_active\":\"2026-11-26T14:20:01Z\"},"
            + "\"ack_floor\":{\"consumer_seq\":19990,\"stream_seq\":19991,\"last_active\":\"2026-11-26T14:20:01Z\"},"
            + "\"num_ack_pending\":10,\"num_redelivered\":0,\"num_waiting\":1,\"num_pending\":7,"
            + "\"cluster\":{\"leader\":\"NDX\"}}";

    @Test
    void consumerInfoGivesDeliveredAckFloorAndCounts() throws IOException {
        ConsumerState s = ConsumerState.parse(INFO);
        assertEquals(20000, s.deliveredConsumerSeq());
        assertEquals(20001, s.deliveredStreamSeq());
        assertEquals(19990, s.ackFloorConsumerSeq());
        assertEquals(19991, s.ackFloorStreamSeq());
        assertEquals(10, s.numAckPending());
        assertEquals(0, s.numRedelivered());
        assertEquals(1, s.numWaiting());
        assertEquals(7, s.numPending());
    }

    @Test
    void consumerInfoWithSpacesAndAnEmptyAckFloor() throws IOException {
        ConsumerState s = ConsumerState.parse("{\"delivered\": {\"consumer_seq\": 5, \"stream_seq\": 5}, "
                + "\"ack_floor\": {\"consumer_seq\": 0, \"stream_seq\": 0}, \"num_ack_pending\": 5, \"num_pending\": 0}");
        assertEquals(5, s.deliveredStreamSeq());
        assertEquals(0, s.ackFloorStreamSeq());
        assertEquals(5, s.numAckPending());
        assertEquals(-1, s.numRedelivered()); // absent
    }

    @Test
    void consumerInfoErrorsAreThrown() {
        IOException e = assertThrows(IOException.class, () -> ConsumerState.parse(
                "{\"type\":\"io.nats.jetstream.api.v1.consumer_info_response\",\"error\":{\"code\":404,"
                        + "\"err_code\":10014,\"description\":\"consumer not found\"}}"));
        assertTrue(e.getMessage().contains("consumer not found"), e.getMessage());
        assertThrows(IOException.class, () -> ConsumerState.parse("{\"config\":{}}"));
    }

    @Test
    void stringValues() {
        String created = "{\"type\":\"io.nats.jetstream.api.v1.consumer_create_response\",\"stream_name\":\"S\","
                + "\"name\":\"Hrjtqk58\",\"config\":{\"name\":\"other\"}}";
        assertEquals("Hrjtqk58", JsonScan.string(created, "\"name\""));
        assertEquals("S", JsonScan.string(created, "\"stream_name\""));
        assertEquals("x", JsonScan.string("{\"name\" : \"x\"}", "\"name\""));
        assertNull(JsonScan.string("{\"stream_name\":\"S\"}", "\"name\""));
        assertNull(JsonScan.string("{\"name\":5}", "\"name\""));
        assertNull(JsonScan.string("{\"name\":\"unterminated", "\"name\""));
    }

    @Test
    void numbers() {
        byte[] b = "{\"stream\":\"X\", \"seq\": 42,\"duplicate\":true}".getBytes(StandardCharsets.US_ASCII);
        assertEquals(42, JsonScan.number(b, 0, b.length, "\"seq\""));
        assertEquals(-1, JsonScan.number(b, 0, b.length, "\"stream\""));
        assertEquals(-1, JsonScan.number(b, 0, b.length, "\"missing\""));
        assertEquals(11, JsonScan.indexOf(b, 0, b.length, "X"));
        assertEquals(-1, JsonScan.indexOf(b, 12, b.length, "X"));
    }
}
