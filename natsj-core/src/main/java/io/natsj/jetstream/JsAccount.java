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
    /** Bytes its memory and file streams hold, kept current by the stores (see StreamStore#usage). */
    private final AtomicLong memoryUsed = new AtomicLong();
    private final AtomicLong storageUsed = new AtomicLong();
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
        return memoryUsed.get();
    }

    /** Bytes in file streams. */
    public long storage() {
        return storageUsed.get();
    }

    /** Where a stream of this storage reports its changes in bytes. */
    java.util.function.LongConsumer usage(StreamConfig.Storage type) {
        AtomicLong used = type == StreamConfig.Storage.MEMORY ? memoryUsed : storageUsed;
        return used::addAndGet;
    }

    /**
     * nats-server's jsAccount.limitsExceeded, after a message is stored: the account holds more than
     * its max_memory or max_file (or, as nats-server compares them, its per-stream maximum).
     */
    boolean overLimits(StreamConfig.Storage type) {
        if (type == StreamConfig.Storage.MEMORY) {
            long used = memoryUsed.get();
            return limits.memoryMaxStreamBytes() > 0 && used > limits.memoryMaxStreamBytes()
                    || limits.maxMemory() >= 0 && used > limits.maxMemory();
        }
        long used = storageUsed.get();
        return limits.storeMaxStreamBytes() > 0 && used > limits.storeMaxStreamBytes()
                || limits.maxStore() >= 0 && used > limits.maxStore();
    }

    /** Messages and bytes its streams hold now, for /jsz's totals: {messages, bytes}. */
    public long[] totals() {
        long msgs = 0;
        long bytes = 0;
        if (streams != null) {
            for (Stream s : streams.all()) {
                io.natsj.store.StreamState st = s.store.state(false);
                msgs += st.msgs();
                bytes += st.bytes();
            }
        }
        return new long[] {msgs, bytes};
    }

    /**
     * Its streams as /jsz's stream_detail lists them (nats-server's StreamDetail, compact JSON), by
     * name: name, created, cluster (this server leads every stream), config when asked for, state,
     * mirror and sources.
     */
    public java.util.List<String> streamDetails(boolean config, String serverName) {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (streams == null) {
            return out;
        }
        for (Stream s : streams.all()) {
            StringBuilder sb = new StringBuilder(512).append("{\"name\":");
            io.natsj.protocol.Json.quote(sb, s.name());
            sb.append(",\"created\":\"").append(StreamConfigJson.rfc3339(s.created)).append("\",\"cluster\":{");
            if (serverName != null && !serverName.isEmpty()) {
                sb.append("\"leader\":");
                io.natsj.protocol.Json.quote(sb, serverName);
            }
            sb.append('}');
            if (config) {
                sb.append(",\"config\":").append(StreamConfigJson.encode(s.config()));
            }
            sb.append(",\"state\":");
            StreamInfoJson.state(sb, StreamApi.state(s));
            StreamInfoJson.feeds(sb, streams.feeds(s));
            out.add(sb.append('}').toString());
        }
        return out;
    }

    public int streamCount() {
        return streams == null ? 0 : streams.count();
    }

    public int consumers() {
        return streams == null ? 0 : streams.consumerCount();
    }

    /** nats-server's trackAPI and trackAPIErr: counted after the answer is built, so it never counts itself. */
    void countRequest(boolean error) {
        apiTotal.incrementAndGet();
        if (error) {
            apiErrors.incrementAndGet();
        }
    }
}
