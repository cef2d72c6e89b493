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
    }
}
