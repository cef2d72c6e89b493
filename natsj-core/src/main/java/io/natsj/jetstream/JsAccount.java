package io.natsj.jetstream;

import io.natsj.auth.JetStreamLimits;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One JetStream-enabled account (nats-server's jsAccount): its limits and its API counters.
 *
 * <p>Threading: the counters are written by the API thread and read by monitoring, hence atomics.
 */
public final class JsAccount {
    private final String name;
    private final JetStreamLimits limits;
    private final AtomicLong apiTotal = new AtomicLong();
    private final AtomicLong apiErrors = new AtomicLong();

    JsAccount(String name, JetStreamLimits limits) {
        this.name = name;
        this.limits = limits;
    }

    public String name() {
        return name;
    }

    public JetStreamLimits limits() {
        return limits;
    }

    public long apiTotal() {
        return apiTotal.get();
    }

    public long apiErrors() {
        return apiErrors.get();
    }

    /** Bytes in memory streams; no stream exists before the stream API does. */
    public long memory() {
        return 0;
    }

    /** Bytes in file streams. */
    public long storage() {
        return 0;
    }

    public int streams() {
        return 0;
    }

    public int consumers() {
        return 0;
    }

    /** nats-server's trackAPI and trackAPIErr: counted after the answer is built, so it never counts itself. */
    void countRequest(boolean error) {
        apiTotal.incrementAndGet();
        if (error) {
            apiErrors.incrementAndGet();
        }
    }
}
