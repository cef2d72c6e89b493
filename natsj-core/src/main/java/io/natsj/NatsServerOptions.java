package io.natsj;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything a {@link NatsServer} is started with. Immutable; build with {@link #builder()}.
 * Defaults are nats-server 2.9's.
 */
public final class NatsServerOptions {
    public static final int DEFAULT_PORT = 4222;
    public static final int DEFAULT_MAX_PAYLOAD = 1024 * 1024;
    public static final int DEFAULT_MAX_CONTROL_LINE = 4096;
    public static final int DEFAULT_MAX_CONNECTIONS = 64 * 1024;
    public static final long DEFAULT_MAX_PENDING = 64L * 1024 * 1024;
    public static final Duration DEFAULT_WRITE_DEADLINE = Duration.ofSeconds(10);
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofMinutes(2);
    public static final int DEFAULT_MAX_PINGS_OUT = 2;

    private final String host;
    private final int port;
    private final String serverName;
    private final int maxPayload;
    private final int maxControlLine;
    private final int maxConnections;
    private final int maxSubscriptions;
    private final long maxPending;
    private final Duration writeDeadline;
    private final Duration pingInterval;
    private final int maxPingsOut;
    private final int eventLoopThreads;

    private NatsServerOptions(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.serverName = b.serverName;
        this.maxPayload = b.maxPayload;
        this.maxControlLine = b.maxControlLine;
        this.maxConnections = b.maxConnections;
        this.maxSubscriptions = b.maxSubscriptions;
        this.maxPending = b.maxPending;
        this.writeDeadline = b.writeDeadline;
        this.pingInterval = b.pingInterval;
        this.maxPingsOut = b.maxPingsOut;
        this.eventLoopThreads = b.eventLoopThreads;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.serverName = serverName;
        b.maxPayload = maxPayload;
        b.maxControlLine = maxControlLine;
        b.maxConnections = maxConnections;
        b.maxSubscriptions = maxSubscriptions;
        b.maxPending = maxPending;
        b.writeDeadline = writeDeadline;
        b.pingInterval = pingInterval;
        b.maxPingsOut = maxPingsOut;
        b.eventLoopThreads = eventLoopThreads;
        return b;
    }

    /** Address to listen on; default 0.0.0.0 (all interfaces). */
    public String host() {
        return host;
    }

    /** Client port; 0 picks a free port (read it back with {@link NatsServer#port()}). */
    public int port() {
        return port;
    }

    /** Server name; null means the server id, as nats-server does. */
    public String serverName() {
        return serverName;
    }

    public int maxPayload() {
        return maxPayload;
    }

    public int maxControlLine() {
        return maxControlLine;
    }

    public int maxConnections() {
        return maxConnections;
    }

    /** Per-connection subscription limit; 0 means unlimited. */
    public int maxSubscriptions() {
        return maxSubscriptions;
    }

    /** Bytes a connection may have waiting to be written before it is cut as a slow consumer. */
    public long maxPending() {
        return maxPending;
    }

    public Duration writeDeadline() {
        return writeDeadline;
    }

    public Duration pingInterval() {
        return pingInterval;
    }

    public int maxPingsOut() {
        return maxPingsOut;
    }

    /** Event loop threads serving connections; 0 means one per available processor. */
    public int eventLoopThreads() {
        return eventLoopThreads;
    }

    /** Builds {@link NatsServerOptions}; every setter returns the builder. */
    public static final class Builder {
        private String host = "0.0.0.0";
        private int port = DEFAULT_PORT;
        private String serverName;
        private int maxPayload = DEFAULT_MAX_PAYLOAD;
        private int maxControlLine = DEFAULT_MAX_CONTROL_LINE;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int maxSubscriptions;
        private long maxPending = DEFAULT_MAX_PENDING;
        private Duration writeDeadline = DEFAULT_WRITE_DEADLINE;
        private Duration pingInterval = DEFAULT_PING_INTERVAL;
        private int maxPingsOut = DEFAULT_MAX_PINGS_OUT;
        private int eventLoopThreads;

        private Builder() {
        }

        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        public Builder serverName(String serverName) {
            this.serverName = serverName;
            return this;
        }

        public Builder maxPayload(int maxPayload) {
            this.maxPayload = positive(maxPayload, "maxPayload");
            return this;
        }

        public Builder maxControlLine(int maxControlLine) {
            this.maxControlLine = positive(maxControlLine, "maxControlLine");
            return this;
        }

        public Builder maxConnections(int maxConnections) {
            this.maxConnections = positive(maxConnections, "maxConnections");
            return this;
        }

        public Builder maxSubscriptions(int maxSubscriptions) {
            if (maxSubscriptions < 0) {
                throw new IllegalArgumentException("maxSubscriptions must be >= 0");
            }
            this.maxSubscriptions = maxSubscriptions;
            return this;
        }

        public Builder maxPending(long maxPending) {
            if (maxPending <= 0) {
                throw new IllegalArgumentException("maxPending must be > 0");
            }
            this.maxPending = maxPending;
            return this;
        }

        public Builder writeDeadline(Duration writeDeadline) {
            this.writeDeadline = positive(writeDeadline, "writeDeadline");
            return this;
        }

        public Builder pingInterval(Duration pingInterval) {
            this.pingInterval = positive(pingInterval, "pingInterval");
            return this;
        }

        public Builder maxPingsOut(int maxPingsOut) {
            this.maxPingsOut = positive(maxPingsOut, "maxPingsOut");
            return this;
        }

        public Builder eventLoopThreads(int eventLoopThreads) {
            if (eventLoopThreads < 0) {
                throw new IllegalArgumentException("eventLoopThreads must be >= 0");
            }
            this.eventLoopThreads = eventLoopThreads;
            return this;
        }

        public NatsServerOptions build() {
            return new NatsServerOptions(this);
        }

        private static int positive(int v, String name) {
            if (v <= 0) {
                throw new IllegalArgumentException(name + " must be > 0");
            }
            return v;
        }

        private static Duration positive(Duration v, String name) {
            if (v == null || v.isNegative() || v.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration");
            }
            return v;
        }
    }
}
