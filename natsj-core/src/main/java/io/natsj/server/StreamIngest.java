package io.natsj.server;

import io.natsj.jetstream.JetStream;
import io.natsj.jetstream.Stream;
import io.natsj.protocol.PubMessage;
import io.natsj.routing.Subscriber;
import java.util.concurrent.Executor;

/**
 * The owner of a stream's subscriptions in its account: a message published on a stream subject is
 * handed to the stream on the publisher's own thread (as nats-server stores it in the publisher's
 * read loop), and the answer, when there is a reply subject, is published in the account after the
 * current read batch (never from inside a delivery) or once the store has made the message durable.
 */
record StreamIngest(ServerAccount account, JetStream.Ingest ingest, SystemClient client) implements Subscriber {
    /**
     * @param later where answers are published from: the publisher's event loop, so that they go out
     *     after the delivery in progress
     */
    void accept(String subject, String reply, PubMessage m, Executor later) {
        int hlen = Math.max(0, m.headerLength);
        byte[] headers = null;
        if (hlen > 0) {
            headers = new byte[hlen];
            m.payload.getBytes(m.payloadIndex, headers);
        }
        byte[] payload = new byte[m.totalLength - hlen];
        m.payload.getBytes(m.payloadIndex + hlen, payload);
        Stream.Outcome o = ingest.publish(subject, headers, payload);
        if (reply == null) {
            return;
        }
        if (o.later() == null) {
            if (o.now() != null) {
                String json = o.now();
                later.execute(() -> client.publish(account, reply, null, json));
            }
            return;
        }
        o.later().whenComplete((json, error) -> {
            if (json != null) {
                later.execute(() -> client.publish(account, reply, null, json));
            }
        });
    }
}
