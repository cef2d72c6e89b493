package io.natsj.jetstream;

/**
 * What consumers need of the server in their account: to deliver messages, to know whether a push
 * consumer's deliver subject has subscribers, and to hear acknowledgements, pull requests and flow
 * control replies (nats-server gives each consumer internal subscriptions for those).
 */
public interface ConsumerIo {
    /** Called on the publisher's event loop with a copy of the message body (headers stripped). */
    interface Inbox {
        void receive(String subject, String reply, byte[] body);
    }

    /**
     * Delivers a message routed by {@code deliverTo} but carrying {@code subject} in its MSG line, as
     * nats-server delivers a stream's message to a consumer's deliver subject or a pull request's reply.
     * Any thread; the receivers' loops flush.
     *
     * @param reply the ack subject, or null
     * @param headers a header block ({@code NATS/1.0...}), or null for none
     * @return true if any subscriber took it
     */
    boolean deliver(String deliverTo, String subject, String reply, byte[] headers, byte[] payload);

    /**
     * As {@link #deliver}, with the ack reply {@code $JS.ACK.<stream>.<consumer>.<dc>.<sseq>.<dseq>.<ts>.<pending>}
     * given as its prefix (up to and including the dot after the consumer) and numbers, so that no
     * String is built for it per message.
     */
    boolean deliverWithAck(String deliverTo, String subject, String ackPrefix, long dc, long sseq, long dseq, long ts,
            long pending, byte[] headers, byte[] payload);

    /** Whether any client in the account subscribes to {@code subject}. Any thread. */
    boolean hasInterest(String subject);

    /** Subscribes an internal handler in the account; returns what unsubscribes it. Any thread. */
    Runnable subscribe(String subject, Inbox inbox);

    /**
     * Publishes an advisory in the account, only when someone listens; {@code json} is built on the
     * system thread (it must only read what it captured). Any thread.
     */
    void advise(String subject, java.util.function.Supplier<String> json);

    /** A fresh advisory id (a NUID). System thread, as {@link #advise}'s builders run there. */
    String nextId();
}
