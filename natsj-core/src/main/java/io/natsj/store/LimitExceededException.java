package io.natsj.store;

/** A new message refused by a limit; {@link #getMessage()} is nats-server's text for it. */
public final class LimitExceededException extends StoreException {
    /** Which limit, with nats-server's error text. */
    public enum Limit {
        MAX_MSGS("maximum messages exceeded"),
        MAX_BYTES("maximum bytes exceeded"),
        MAX_MSGS_PER_SUBJECT("maximum messages per subject exceeded"),
        MAX_MSG_SIZE("message size exceeds maximum allowed");

        final String text;

        Limit(String text) {
            this.text = text;
        }
    }

    private final Limit limit;

    LimitExceededException(Limit limit) {
        super(limit.text);
        this.limit = limit;
    }

    public Limit limit() {
        return limit;
    }
}
