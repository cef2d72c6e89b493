package io.natsj.routing;

import java.nio.charset.StandardCharsets;

/**
 * One SUB of one connection. Immutable apart from the auto-unsubscribe bookkeeping, which publishers
 * on any event loop update concurrently.
 *
 * <p>CONTRACT (routing helper may extend, not change, the public members below).
 */
public final class Subscription {
    public final Subscriber subscriber;
    public final String subject;
    /** Queue group name, or null for a plain subscription. */
    public final String queue;
    public final String sid;
    /** The sid as wire bytes, so delivery encodes MSG without touching the String. */
    public final byte[] sidBytes;

    public Subscription(Subscriber subscriber, String subject, String queue, String sid) {
        this.subscriber = subscriber;
        this.subject = subject;
        this.queue = queue;
        this.sid = sid;
        this.sidBytes = sid.getBytes(StandardCharsets.UTF_8);
    }
}
