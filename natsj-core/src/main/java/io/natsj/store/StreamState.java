package io.natsj.store;

/**
 * A stream's state as nats-server's StreamState reports it. Times are nanoseconds since the epoch,
 * 0 when there is no message. {@code numDeleted} counts the gaps between first and last
 * (removed, purged by subject, or lost); {@code deleted} lists them only when asked for, else it
 * is null. {@code lost} is null unless damaged messages were found. {@code consumers} is always 0
 * from a store: consumers are the server's business and it fills the figure in.
 */
public record StreamState(long msgs, long bytes, long firstSeq, long firstTime, long lastSeq, long lastTime,
                          int numSubjects, long numDeleted, long[] deleted, LostData lost, int consumers) {
}
