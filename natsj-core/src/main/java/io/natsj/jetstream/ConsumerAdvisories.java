package io.natsj.jetstream;

import java.time.Instant;

/**
 * The advisories a consumer sends on its own (not in answer to an API request): deleted for
 * inactivity, and its delivery events (max deliveries, terminated, nak'ed), in the consumer's account,
 * only when something listens there.
 */
final class ConsumerAdvisories {
    private ConsumerAdvisories() {
    }

    static void deleted(ConsumerIo io, String stream, String consumer, String domain) {
        io.advise(Advisories.consumerActionSubject(stream, consumer, Advisories.DELETE),
                () -> Advisories.consumerAction(io.nextId(), Instant.now(), stream, consumer, Advisories.DELETE, domain));
    }

    static void delivery(ConsumerIo io, String stream, String consumer, Consumer.Event event, long seq, long dseq,
            long deliveries, long ackTimeNanos, String domain) {
        switch (event) {
            case MAX_DELIVERIES -> io.advise(Advisories.maxDeliveriesSubject(stream, consumer),
                    () -> Advisories.maxDeliveries(io.nextId(), Instant.now(), stream, consumer, seq, deliveries, domain));
            case TERMINATED -> io.advise(Advisories.msgTerminatedSubject(stream, consumer),
                    () -> Advisories.msgTerminated(io.nextId(), Instant.now(), stream, consumer, dseq, seq, deliveries, domain));
            case NAKED -> io.advise(Advisories.msgNakedSubject(stream, consumer),
                    () -> Advisories.msgNaked(io.nextId(), Instant.now(), stream, consumer, dseq, seq, deliveries, domain));
            case ACK_METRIC -> io.advise(Advisories.ackMetricSubject(stream, consumer),
                    () -> Advisories.ackMetric(io.nextId(), Instant.now(), stream, consumer, dseq, seq, ackTimeNanos,
                            deliveries, domain));
        }
    }
}
