package io.natsj.server;

import io.natsj.jetstream.ConsumerIo;
import io.natsj.protocol.PubMessage;
import io.natsj.routing.Subscriber;

/**
 * The owner of a consumer's internal subscriptions (acks, MSG.NEXT requests, flow control replies):
 * a message reaching one is copied on the publisher's loop and handed to the consumer, which moves
 * to its own thread.
 */
record ConsumerInbox(ConsumerIo.Inbox inbox) implements Subscriber {
    void accept(String subject, String reply, PubMessage m) {
        int headerLength = Math.max(0, m.headerLength);
        byte[] body = new byte[m.totalLength - headerLength];
        m.payload.getBytes(m.payloadIndex + headerLength, body);
        inbox.receive(subject, reply, body);
    }
}
