package io.natsj.store;

import java.util.Map;

/**
 * A consumer's state (nats-server's ConsumerState): the last delivered and the ack floor as
 * (consumer sequence, stream sequence) pairs, the deliveries waiting for an acknowledgement by stream
 * sequence, and redelivery counts (deliveries minus one) by stream sequence.
 */
public record ConsumerState(long deliveredConsumer, long deliveredStream, long ackFloorConsumer, long ackFloorStream,
        Map<Long, Pending> pending, Map<Long, Long> redelivered) {

    public ConsumerState {
        pending = Map.copyOf(pending);
        redelivered = Map.copyOf(redelivered);
    }

    /** A delivery waiting for its acknowledgement: the consumer sequence it went out as, and when (ns since the epoch). */
    public record Pending(long consumerSeq, long timestamp) {
    }

    public static ConsumerState empty() {
        return new ConsumerState(0, 0, 0, 0, Map.of(), Map.of());
    }
}
