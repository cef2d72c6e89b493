package io.natsj.jetstream;

/** PROVISIONAL: consumer advisories; the JSON builders are being written against nats-server's captures. */
final class ConsumerAdvisories {
    private ConsumerAdvisories() {
    }

    static void action(ConsumerIo io, String account, String stream, String consumer, String action, String domain) {
        String subject = "$JS.EVENT.ADVISORY.CONSUMER." + (action.equals("delete") ? "DELETED" : "CREATED") + "." + stream + "." + consumer;
        io.advise(subject, () -> Advisories.streamAction(java.util.UUID.randomUUID().toString(), java.time.Instant.now(),
                new ApiAnswer.StreamAction(stream, consumer, action), domain));
    }

    static void delivery(ConsumerIo io, String stream, String consumer, Consumer.Event event, long seq, long dseq,
            long deliveries, String domain) {
        String kind = switch (event) {
            case MAX_DELIVERIES -> "MAX_DELIVERIES";
            case TERMINATED -> "MSG_TERMINATED";
            case NAKED -> "MSG_NAKED";
        };
        String type = switch (event) {
            case MAX_DELIVERIES -> "io.nats.jetstream.advisory.v1.max_deliver";
            case TERMINATED -> "io.nats.jetstream.advisory.v1.terminated";
            case NAKED -> "io.nats.jetstream.advisory.v1.nak";
        };
        String subject = "$JS.EVENT.ADVISORY.CONSUMER." + kind + "." + stream + "." + consumer;
        io.advise(subject, () -> {
            io.natsj.protocol.GoJsonWriter j = new io.natsj.protocol.GoJsonWriter(false).begin().field("type", type)
                    .field("id", java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 22))
                    .field("timestamp", StreamConfigJson.rfc3339(java.time.Instant.now())).field("stream", stream)
                    .field("consumer", consumer);
            if (event != Consumer.Event.MAX_DELIVERIES) {
                j.field("consumer_seq", dseq);
            }
            j.field("stream_seq", seq).field("deliveries", deliveries);
            return j.optional("domain", domain == null ? "" : domain).end().toString();
        });
    }
}
