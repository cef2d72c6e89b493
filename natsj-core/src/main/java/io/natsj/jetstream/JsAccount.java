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
    /** Set once at start-up, before any request. */
    private Streams streams;

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

    void streams(Streams s) {
        this.streams = s;
    }

    Streams streams() {
        return streams;
    }

    /** Bytes in memory streams. */
    public long memory() {
        return bytes(StreamConfig.Storage.MEMORY);
    }

    /** Bytes in file streams. */
    public long storage() {
        return bytes(StreamConfig.Storage.FILE);
    }

    private long bytes(StreamConfig.Storage type) {
        long n = 0;
        if (streams != null) {
            for (Stream s : streams.all()) {
                if (s.config().storage() == type) {
                    n += s.store.state(false).bytes();
                }
            }
        }
        return n;
    }

    public int streamCount() {
        return streams == null ? 0 : streams.count();
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
