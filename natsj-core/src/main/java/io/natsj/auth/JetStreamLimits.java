package io.natsj.auth;

/**
 * An account's JetStream limits, nats-server's JetStreamAccountLimits from the account's
 * {@code jetstream} block; -1 means no limit (nats-server's "dynamic" limits, which
 * {@code jetstream: enabled} gives).
 */
public record JetStreamLimits(long maxMemory, long maxStore, long maxStreams, long maxConsumers, long maxAckPending,
        long memoryMaxStreamBytes, long storeMaxStreamBytes, boolean maxBytesRequired) {
    /** {@code jetstream: enabled}: every limit unset. */
    public static final JetStreamLimits DYNAMIC = new JetStreamLimits(-1, -1, -1, -1, -1, -1, -1, false);
}
