package io.natsj.routing;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

/**
 * One SUB of one connection. Identity, subject and queue never change; the auto-unsubscribe limit
 * ({@code UNSUB sid max}) and the delivered count are updated by publishers on any event loop, so they
 * are atomics.
 */
public final class Subscription {
    private static final VarHandle DELIVERED;

    static {
        try {
            DELIVERED = MethodHandles.lookup().findVarHandle(Subscription.class, "delivered", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public final Subscriber subscriber;
    public final String subject;
    /** Queue group name, or null for a plain subscription. */
    public final String queue;
    public final String sid;
    /** The sid as wire bytes, so delivery encodes MSG without touching the String. */
    public final byte[] sidBytes;

    /** Messages this subscription has been given (or claimed); updated through {@link #DELIVERED}. */
    @SuppressWarnings("unused")
    private volatile long delivered;
    /** Auto-unsubscribe limit; 0 means none. */
    private volatile long max;

    public Subscription(Subscriber subscriber, String subject, String queue, String sid) {
        this.subscriber = subscriber;
        this.subject = subject;
        this.queue = queue;
        this.sid = sid;
        this.sidBytes = sid.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Counts one delivery and returns the new count. */
    public long claimDelivery() {
        return (long) DELIVERED.getAndAdd(this, 1L) + 1;
    }

    public long delivered() {
        return delivered;
    }

    public long max() {
        return max;
    }

    public void max(long max) {
        this.max = max;
    }

    @Override
    public String toString() {
        return "Subscription[" + subject + (queue == null ? "" : " " + queue) + " sid=" + sid + "]";
    }
}
