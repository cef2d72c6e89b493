package io.natsj.loadgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The figures of a $JS.API.CONSUMER.INFO answer that the consumer scenarios check (-1 where absent):
 * {@code "delivered":{"consumer_seq":..,"stream_seq":..}}, {@code "ack_floor":{"consumer_seq":..,
 * "stream_seq":..}}, {@code "num_ack_pending"}, {@code "num_redelivered"}, {@code "num_waiting"},
 * {@code "num_pending"}.
 */
record ConsumerState(long deliveredConsumerSeq, long deliveredStreamSeq, long ackFloorConsumerSeq,
        long ackFloorStreamSeq, long numAckPending, long numRedelivered, long numWaiting, long numPending) {

    /** Parses an answer; throws with it if it is an API error or has no delivered/ack_floor state. */
    static ConsumerState parse(String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        int n = b.length;
        if (JsonScan.indexOf(b, 0, n, "\"error\"") >= 0) {
            throw new IOException("CONSUMER.INFO: " + json);
        }
        int delivered = JsonScan.indexOf(b, 0, n, "\"delivered\"");
        int ackFloor = JsonScan.indexOf(b, 0, n, "\"ack_floor\"");
        if (delivered < 0 || ackFloor < 0) {
            throw new IOException("CONSUMER.INFO: no delivered or ack_floor in " + json);
        }
        int deliveredEnd = objectEnd(b, delivered);
        int ackFloorEnd = objectEnd(b, ackFloor);
        return new ConsumerState(
                JsonScan.number(b, delivered, deliveredEnd, "\"consumer_seq\""),
                JsonScan.number(b, delivered, deliveredEnd, "\"stream_seq\""),
                JsonScan.number(b, ackFloor, ackFloorEnd, "\"consumer_seq\""),
                JsonScan.number(b, ackFloor, ackFloorEnd, "\"stream_seq\""),
                JsonScan.number(b, 0, n, "\"num_ack_pending\""),
                JsonScan.number(b, 0, n, "\"num_redelivered\""),
                JsonScan.number(b, 0, n, "\"num_waiting\""),
                JsonScan.number(b, 0, n, "\"num_pending\""));
    }

    /** The end of the object that follows the key at {@code at} (its closing brace), or the end of b. */
    private static int objectEnd(byte[] b, int at) {
        for (int i = at; i < b.length; i++) {
            if (b[i] == '}') {
                return i;
            }
        }
        return b.length;
    }
}
