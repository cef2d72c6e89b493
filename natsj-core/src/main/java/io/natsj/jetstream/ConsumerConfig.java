package io.natsj.jetstream;

import java.time.Instant;
import java.util.List;

/**
 * A consumer's configuration, nats-server 2.9's ConsumerConfig: what a client sends to create a
 * consumer and gets back in consumer info. Durations are nanoseconds; 0 means "not set" as in Go's
 * zero values, until {@code ConsumerConfigCheck} applies nats-server's defaults (setConsumerConfigDefaults).
 * Immutable.
 *
 * @param durable durable_name (deprecated in favour of name, still what 2.9 clients send)
 * @param backoffNanos redelivery delays, by delivery count; empty for none
 * @param deliverSubject push consumers' subject; "" (Go's zero, what {@code ConsumerConfigJson} decodes) or null for
 *        pull consumers
 * @param optStartTime null when not set. nats-server keeps the offset it was sent with and writes it back; an
 *        Instant does not, so natsj writes it in UTC (see {@code ConsumerConfigJson})
 */
public record ConsumerConfig(String durable, String name, String description, DeliverPolicy deliverPolicy,
        long optStartSeq, Instant optStartTime, AckPolicy ackPolicy, long ackWaitNanos, long maxDeliver,
        List<Long> backoffNanos, String filterSubject, ReplayPolicy replayPolicy, long rateLimitBps,
        String sampleFrequency, long maxWaiting, long maxAckPending, long idleHeartbeatNanos, boolean flowControl,
        boolean headersOnly, long maxBatch, long maxExpiresNanos, long maxBytes, String deliverSubject,
        String deliverGroup, long inactiveThresholdNanos, long replicas, boolean memStorage, boolean direct) {

    public ConsumerConfig {
        backoffNanos = List.copyOf(backoffNanos);
    }

    /** Where a new consumer starts (nats-server's DeliverPolicy). */
    public enum DeliverPolicy implements StreamConfig.Spelled {
        ALL("all"), LAST("last"), NEW("new"), BY_START_SEQUENCE("by_start_sequence"),
        BY_START_TIME("by_start_time"), LAST_PER_SUBJECT("last_per_subject");

        private final String json;

        DeliverPolicy(String json) {
            this.json = json;
        }

        @Override
        public String json() {
            return json;
        }
    }

    /** What a client must acknowledge (nats-server's AckPolicy). */
    public enum AckPolicy implements StreamConfig.Spelled {
        NONE("none"), ALL("all"), EXPLICIT("explicit");

        private final String json;

        AckPolicy(String json) {
            this.json = json;
        }

        @Override
        public String json() {
            return json;
        }
    }

    /** How fast stored messages are delivered (nats-server's ReplayPolicy). */
    public enum ReplayPolicy implements StreamConfig.Spelled {
        INSTANT("instant"), ORIGINAL("original");

        private final String json;

        ReplayPolicy(String json) {
            this.json = json;
        }

        @Override
        public String json() {
            return json;
        }
    }

    /** A push consumer delivers to a subject; a pull consumer waits for MSG.NEXT requests. */
    public boolean isPush() {
        return deliverSubject != null && !deliverSubject.isEmpty();
    }

    /** Durable when it has a durable name (2.9: a named consumer without one is ephemeral). */
    public boolean isDurable() {
        return durable != null && !durable.isEmpty();
    }
}
