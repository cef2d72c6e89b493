package io.natsj.jetstream;

import java.time.Instant;
import java.util.List;
import java.util.SortedMap;

/**
 * What a stream holds, nats-server 2.9's StreamState: counts, first and last sequence and time (null
 * for none: Go's zero time), and on request the per-subject counts and deleted sequences.
 *
 * @param subjects per-subject counts when asked for (subjects_filter), else empty
 * @param deleted deleted sequences when asked for (deleted_details), else empty
 * @param lost sequences found corrupt and the bytes they held; null when none
 */
public record StreamState(long messages, long bytes, long firstSeq, Instant firstTime, long lastSeq, Instant lastTime,
        int numSubjects, SortedMap<String, Long> subjects, int numDeleted, List<Long> deleted, Lost lost,
        int consumers) {

    /** Records the store found corrupt (nats-server's LostStreamData). */
    public record Lost(List<Long> msgs, long bytes) {
    }
}
