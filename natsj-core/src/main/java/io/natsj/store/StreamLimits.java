package io.natsj.store;

import java.time.Duration;

/**
 * The limits a store enforces as it stores (nats-server's stream config fields). Zero or a negative
 * value means unlimited, as in nats-server's configs (-1).
 *
 * @param maxMsgs max_msgs
 * @param maxBytes max_bytes, counted as nats-server counts stored bytes per storage type
 * @param maxAge max_age; messages older than this are removed in the background; zero: none
 * @param maxMsgsPerSubject max_msgs_per_subject
 * @param maxMsgSize max_msg_size, headers plus payload
 * @param discard discard old or new when max_msgs or max_bytes is reached
 * @param discardNewPerSubject with {@link DiscardPolicy#NEW}, refuse (rather than replace) a message
 *     whose subject is at max_msgs_per_subject (nats-server's discard_new_per_subject)
 */
public record StreamLimits(long maxMsgs, long maxBytes, Duration maxAge, long maxMsgsPerSubject, int maxMsgSize,
                           DiscardPolicy discard, boolean discardNewPerSubject) {

    /** No limit at all, discard old. */
    public static final StreamLimits NONE = new StreamLimits(-1, -1, Duration.ZERO, -1, -1, DiscardPolicy.OLD, false);

    public StreamLimits {
        if (maxAge == null || maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must be zero or positive");
        }
        if (discard == null) {
            throw new IllegalArgumentException("discard policy is required");
        }
    }

    public StreamLimits withMaxMsgs(long value) {
        return new StreamLimits(value, maxBytes, maxAge, maxMsgsPerSubject, maxMsgSize, discard, discardNewPerSubject);
    }

    public StreamLimits withMaxBytes(long value) {
        return new StreamLimits(maxMsgs, value, maxAge, maxMsgsPerSubject, maxMsgSize, discard, discardNewPerSubject);
    }

    public StreamLimits withMaxAge(Duration value) {
        return new StreamLimits(maxMsgs, maxBytes, value, maxMsgsPerSubject, maxMsgSize, discard, discardNewPerSubject);
    }

    public StreamLimits withMaxMsgsPerSubject(long value) {
        return new StreamLimits(maxMsgs, maxBytes, maxAge, value, maxMsgSize, discard, discardNewPerSubject);
    }

    public StreamLimits withMaxMsgSize(int value) {
        return new StreamLimits(maxMsgs, maxBytes, maxAge, maxMsgsPerSubject, value, discard, discardNewPerSubject);
    }

    public StreamLimits withDiscard(DiscardPolicy value, boolean newPerSubject) {
        return new StreamLimits(maxMsgs, maxBytes, maxAge, maxMsgsPerSubject, maxMsgSize, value, newPerSubject);
    }
}
