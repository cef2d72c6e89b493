package io.natsj.store;

import java.time.Duration;

/**
 * When a file store's writes reach the disk. {@link #ALWAYS}, the default: a message is
 * acknowledged only after an fsync covers it (one fsync shared by every message written while the
 * previous one ran), so nothing acknowledged is lost to a crash or power cut.
 * {@link #interval(Duration)}: a message is acknowledged once written to the operating system and
 * the store fsyncs periodically; faster, but a power cut (not a process crash) can lose what was
 * acknowledged in the last interval. nats-server's sync_interval is this trade-off.
 */
public final class SyncPolicy {
    public static final SyncPolicy ALWAYS = new SyncPolicy(Duration.ZERO);

    private final Duration interval;

    private SyncPolicy(Duration interval) {
        this.interval = interval;
    }

    public static SyncPolicy interval(Duration interval) {
        if (interval == null || interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("sync interval must be positive");
        }
        return new SyncPolicy(interval);
    }

    public boolean always() {
        return interval.isZero();
    }

    /** The period between fsyncs; zero for {@link #ALWAYS}. */
    public Duration interval() {
        return interval;
    }

    @Override
    public String toString() {
        return always() ? "always" : "interval " + interval;
    }
}
