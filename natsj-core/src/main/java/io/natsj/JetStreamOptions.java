package io.natsj;

import java.time.Duration;
import java.util.Objects;

/**
 * The server's JetStream settings: nats-server 2.9's {@code jetstream} block, {@code store_dir} and the
 * {@code -js}/{@code -sd} flags, plus natsj's {@code sync_interval}. Immutable; build with
 * {@link #builder()}. Limits below zero mean "not set": the server then takes 75% of the machine's
 * memory and of the store directory's free disk space, as nats-server does.
 */
public final class JetStreamOptions {
    /** JetStream off, nothing set: the default. */
    public static final JetStreamOptions DISABLED = builder().build();

    private final boolean enabled;
    private final String storeDir;
    private final long maxMemory;
    private final long maxStore;
    private final String domain;
    private final String uniqueTag;
    private final Duration syncInterval;

    private JetStreamOptions(Builder b) {
        this.enabled = b.enabled;
        this.storeDir = b.storeDir;
        this.maxMemory = b.maxMemory;
        this.maxStore = b.maxStore;
        this.domain = b.domain;
        this.uniqueTag = b.uniqueTag;
        this.syncInterval = b.syncInterval;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.enabled = enabled;
        b.storeDir = storeDir;
        b.maxMemory = maxMemory;
        b.maxStore = maxStore;
        b.domain = domain;
        b.uniqueTag = uniqueTag;
        b.syncInterval = syncInterval;
        return b;
    }

    public boolean enabled() {
        return enabled;
    }

    /** The directory under which JetStream keeps its "jetstream" directory; null: nats-server's default. */
    public String storeDir() {
        return storeDir;
    }

    /** Bytes of memory storage; negative: not set. */
    public long maxMemory() {
        return maxMemory;
    }

    /** Bytes of file storage; negative: not set. */
    public long maxStore() {
        return maxStore;
    }

    /** The JetStream domain; null for none. */
    public String domain() {
        return domain;
    }

    /** nats-server's unique_tag (lower-cased, trimmed); null for none. */
    public String uniqueTag() {
        return uniqueTag;
    }

    /**
     * How often file storage is flushed to disk; null means "always" (natsj's default: every write is
     * synced before it is acknowledged). nats-server 2.9 has no such setting.
     */
    public Duration syncInterval() {
        return syncInterval;
    }

    public boolean syncAlways() {
        return syncInterval == null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JetStreamOptions j && enabled == j.enabled && maxMemory == j.maxMemory
                && maxStore == j.maxStore && Objects.equals(storeDir, j.storeDir) && Objects.equals(domain, j.domain)
                && Objects.equals(uniqueTag, j.uniqueTag) && Objects.equals(syncInterval, j.syncInterval);
    }

    @Override
    public int hashCode() {
        return Objects.hash(enabled, storeDir, maxMemory, maxStore, domain, uniqueTag, syncInterval);
    }

    public static final class Builder {
        private boolean enabled;
        private String storeDir;
        private long maxMemory = -1;
        private long maxStore = -1;
        private String domain;
        private String uniqueTag;
        private Duration syncInterval;

        private Builder() {
        }

        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /** Null or empty: the default directory. */
        public Builder storeDir(String storeDir) {
            this.storeDir = storeDir == null || storeDir.isEmpty() ? null : storeDir;
            return this;
        }

        public String storeDir() {
            return storeDir;
        }

        public Builder maxMemory(long bytes) {
            this.maxMemory = bytes;
            return this;
        }

        public Builder maxStore(long bytes) {
            this.maxStore = bytes;
            return this;
        }

        public Builder domain(String domain) {
            this.domain = domain == null || domain.isEmpty() ? null : domain;
            return this;
        }

        public Builder uniqueTag(String tag) {
            this.uniqueTag = tag == null || tag.isEmpty() ? null : tag;
            return this;
        }

        /** Null: sync always (the default); otherwise a positive interval. */
        public Builder syncInterval(Duration interval) {
            if (interval != null && (interval.isNegative() || interval.isZero())) {
                throw new IllegalArgumentException("syncInterval must be a positive duration");
            }
            this.syncInterval = interval;
            return this;
        }

        public JetStreamOptions build() {
            return new JetStreamOptions(this);
        }
    }
}
