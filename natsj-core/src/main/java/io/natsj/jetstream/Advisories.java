package io.natsj.jetstream;

import io.natsj.protocol.GoJsonWriter;
import java.time.Instant;

/**
 * The JSON of JetStream's advisories as nats-server 2.9 marshals them: a stream's actions
 * (JSStreamActionAdvisory on {@code $JS.EVENT.ADVISORY.STREAM.CREATED|DELETED|UPDATED.<stream>}) and
 * the audit of every answered API request (JSAPIAudit on {@code $JS.EVENT.ADVISORY.API}).
 */
final class Advisories {
    static final String API_AUDIT = "$JS.EVENT.ADVISORY.API";
    static final String STREAM_ACTION_TYPE = "io.nats.jetstream.advisory.v1.stream_action";
    static final String API_AUDIT_TYPE = "io.nats.jetstream.advisory.v1.api_audit";
    static final String CREATE = "create";
    static final String DELETE = "delete";
    static final String MODIFY = "modify";

    private Advisories() {
    }

    /** The subject a stream (or consumer) action is announced on. */
    static String streamSubject(ApiAnswer.StreamAction a) {
        if (a.consumer() != null) {
            return consumerActionSubject(a.stream(), a.consumer(), a.action());
        }
        String verb = switch (a.action()) {
            case CREATE -> "CREATED";
            case DELETE -> "DELETED";
            default -> "UPDATED";
        };
        return "$JS.EVENT.ADVISORY.STREAM." + verb + "." + a.stream();
    }

    static String streamAction(String id, Instant now, ApiAnswer.StreamAction a, String domain) {
        if (a.consumer() != null) {
            return consumerAction(id, now, a.stream(), a.consumer(), a.action(), domain);
        }
        GoJsonWriter j = new GoJsonWriter(false).begin().field("type", STREAM_ACTION_TYPE).field("id", id)
                .field("timestamp", StreamConfigJson.rfc3339(now)).field("stream", a.stream()).field("action", a.action());
        return j.optional("domain", domain == null ? "" : domain).end().toString();
    }

    /**
     * @param account the requester's account
     * @param rttNanos the requester's round-trip time (0: not measured yet, left out as Go omits it)
     */
    static String apiAudit(String id, Instant now, String server, String account, long rttNanos, String subject,
            String request, String response, String domain) {
        GoJsonWriter j = new GoJsonWriter(false).begin().field("type", API_AUDIT_TYPE).field("id", id)
                .field("timestamp", StreamConfigJson.rfc3339(now)).field("server", server).object("client")
                .field("acc", account).optional("rtt", rttNanos).field("server", server).end()
                .field("subject", subject).optional("request", request).field("response", response);
        return j.optional("domain", domain == null ? "" : domain).end().toString();
    }

    // Consumers (jetstream_events.go, consumer.go).

    static final String CONSUMER_ACTION_TYPE = "io.nats.jetstream.advisory.v1.consumer_action";
    static final String MAX_DELIVER_TYPE = "io.nats.jetstream.advisory.v1.max_deliver";
    static final String TERMINATED_TYPE = "io.nats.jetstream.advisory.v1.terminated";
    static final String NAK_TYPE = "io.nats.jetstream.advisory.v1.nak";
    static final String CONSUMER_ACK_METRIC_TYPE = "io.nats.jetstream.metric.v1.consumer_ack";

    /**
     * The subject a consumer's creation or deletion is announced on:
     * {@code $JS.EVENT.ADVISORY.CONSUMER.CREATED|DELETED.<stream>.<consumer>}. nats-server announces
     * no consumer update; it sends CREATED for a consumer it created (not for a create request that
     * updated one) and DELETED when a consumer goes, by request or by inactivity.
     *
     * @param action {@link #CREATE} or {@link #DELETE}
     */
    static String consumerActionSubject(String stream, String consumer, String action) {
        return "$JS.EVENT.ADVISORY.CONSUMER." + (action.equals(DELETE) ? "DELETED." : "CREATED.") + stream + "." + consumer;
    }

    /** JSConsumerActionAdvisory: type, id, timestamp, stream, consumer, action, domain (when set). */
    static String consumerAction(String id, Instant now, String stream, String consumer, String action, String domain) {
        GoJsonWriter j = new GoJsonWriter(false).begin().field("type", CONSUMER_ACTION_TYPE).field("id", id)
                .field("timestamp", StreamConfigJson.rfc3339(now)).field("stream", stream).field("consumer", consumer)
                .field("action", action);
        return j.optional("domain", domain == null ? "" : domain).end().toString();
    }

    /** {@code $JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.<stream>.<consumer>} (JSAdvisoryConsumerMaxDeliveryExceedPre). */
    static String maxDeliveriesSubject(String stream, String consumer) {
        return "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES." + stream + "." + consumer;
    }

    /**
     * JSConsumerDeliveryExceededAdvisory: a message reached the consumer's max_deliver. nats-server
     * sends it once per message, when it would deliver it once more, with {@code deliveries} = max_deliver.
     */
    static String maxDeliveries(String id, Instant now, String stream, String consumer, long streamSeq, long deliveries,
            String domain) {
        GoJsonWriter j = new GoJsonWriter(false).begin().field("type", MAX_DELIVER_TYPE).field("id", id)
                .field("timestamp", StreamConfigJson.rfc3339(now)).field("stream", stream).field("consumer", consumer)
                .raw("stream_seq", Long.toUnsignedString(streamSeq)).raw("deliveries", Long.toUnsignedString(deliveries));
        return j.optional("domain", domain == null ? "" : domain).end().toString();
    }

    /** {@code $JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.<stream>.<consumer>} (JSAdvisoryConsumerMsgTerminatedPre). */
    static String msgTerminatedSubject(String stream, String consumer) {
        return "$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED." + stream + "." + consumer;
    }

    /** JSConsumerDeliveryTerminatedAdvisory: a client answered a delivery with +TERM. */
    static String msgTerminated(String id, Instant now, String stream, String consumer, long consumerSeq, long streamSeq,
            long deliveries, String domain) {
        return delivery(TERMINATED_TYPE, id, now, stream, consumer, consumerSeq, streamSeq, deliveries, domain);
    }

    /** {@code $JS.EVENT.ADVISORY.CONSUMER.MSG_NAKED.<stream>.<consumer>} (JSAdvisoryConsumerMsgNakPre). */
    static String msgNakedSubject(String stream, String consumer) {
        return "$JS.EVENT.ADVISORY.CONSUMER.MSG_NAKED." + stream + "." + consumer;
    }

    /** JSConsumerDeliveryNakAdvisory: a client answered a delivery with -NAK (sent whether or not it carried a delay). */
    static String msgNaked(String id, Instant now, String stream, String consumer, long consumerSeq, long streamSeq,
            long deliveries, String domain) {
        return delivery(NAK_TYPE, id, now, stream, consumer, consumerSeq, streamSeq, deliveries, domain);
    }

    private static String delivery(String type, String id, Instant now, String stream, String consumer, long consumerSeq,
            long streamSeq, long deliveries, String domain) {
        GoJsonWriter j = new GoJsonWriter(false).begin().field("type", type).field("id", id)
                .field("timestamp", StreamConfigJson.rfc3339(now)).field("stream", stream).field("consumer", consumer)
                .raw("consumer_seq", Long.toUnsignedString(consumerSeq)).raw("stream_seq", Long.toUnsignedString(streamSeq))
                .raw("deliveries", Long.toUnsignedString(deliveries));
        return j.optional("domain", domain == null ? "" : domain).end().toString();
    }

    /** {@code $JS.EVENT.METRIC.CONSUMER.ACK.<stream>.<consumer>} (JSMetricConsumerAckPre). */
    static String ackMetricSubject(String stream, String consumer) {
        return "$JS.EVENT.METRIC.CONSUMER.ACK." + stream + "." + consumer;
    }

    /**
     * JSConsumerAckMetric, sent for the acknowledgements sample_freq picks (nats-server: every one at
     * 100 or more, none at 0, else when a random number in [0,100) is at most the frequency).
     *
     * @param ackTimeNanos from the delivery to the acknowledgement ("ack_time")
     */
    static String ackMetric(String id, Instant now, String stream, String consumer, long consumerSeq, long streamSeq,
            long ackTimeNanos, long deliveries, String domain) {
        GoJsonWriter j = new GoJsonWriter(false).begin().field("type", CONSUMER_ACK_METRIC_TYPE).field("id", id)
                .field("timestamp", StreamConfigJson.rfc3339(now)).field("stream", stream).field("consumer", consumer)
                .raw("consumer_seq", Long.toUnsignedString(consumerSeq)).raw("stream_seq", Long.toUnsignedString(streamSeq))
                .field("ack_time", ackTimeNanos).raw("deliveries", Long.toUnsignedString(deliveries));
        return j.optional("domain", domain == null ? "" : domain).end().toString();
    }
}
