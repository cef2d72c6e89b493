package io.natsj.store;

/**
 * Messages found damaged when a file store was opened or read (nats-server's LostStreamData):
 * their sequences, ascending, and the stored bytes of those whose size was still known. They are
 * not counted in {@link StreamState#msgs()} and never served.
 */
public record LostData(long[] msgs, long bytes) {
}
