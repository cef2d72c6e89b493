package io.natsj.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;

/**
 * nats-server's SortOpt: the /connz orders. Only cid (and start, the same) and the two nats-server
 * sorts ascending (uptime, reason) go up; every other order goes down. nats-server's sort is not
 * stable, so its order among equal keys is arbitrary; here equal keys keep cid order.
 */
enum ConnSort {
    CID("cid"),
    START("start"),
    SUBS("subs"),
    PENDING("pending"),
    MSGS_TO("msgs_to"),
    MSGS_FROM("msgs_from"),
    BYTES_TO("bytes_to"),
    BYTES_FROM("bytes_from"),
    LAST("last"),
    IDLE("idle"),
    UPTIME("uptime"),
    STOP("stop"),
    REASON("reason");

    /** The query and JSON value. */
    final String wire;

    ConnSort(String wire) {
        this.wire = wire;
    }

    /** The sort for a value; "" is by cid; null for what nats-server refuses. */
    static ConnSort of(String wire) {
        if (wire.isEmpty()) {
            return CID;
        }
        for (ConnSort s : values()) {
            if (s.wire.equals(wire)) {
                return s;
            }
        }
        return null;
    }

    /** The order of the listed connections at {@code now}. */
    Comparator<ConnInfo> order(Instant now) {
        Comparator<ConnInfo> byCid = Comparator.comparingLong(ConnInfo::cid);
        Comparator<ConnInfo> key = switch (this) {
            case CID, START -> byCid;
            case SUBS -> Comparator.comparingInt(ConnInfo::numSubs).reversed();
            case PENDING -> Comparator.comparingLong(ConnInfo::pendingBytes).reversed();
            case MSGS_TO -> Comparator.comparingLong(ConnInfo::outMsgs).reversed();
            case MSGS_FROM -> Comparator.comparingLong(ConnInfo::inMsgs).reversed();
            case BYTES_TO -> Comparator.comparingLong(ConnInfo::outBytes).reversed();
            case BYTES_FROM -> Comparator.comparingLong(ConnInfo::inBytes).reversed();
            case LAST -> Comparator.comparing(ConnInfo::lastActivity).reversed();
            // nats-server's byIdle compares last activity minus start, not the idle time.
            case IDLE -> Comparator.comparing((ConnInfo c) -> Duration.between(c.start(), c.lastActivity())).reversed();
            case UPTIME -> Comparator.comparing((ConnInfo c) -> Duration.between(c.start(), c.closed() ? c.stop() : now));
            case STOP -> Comparator.comparing(ConnInfo::stop).reversed();
            case REASON -> Comparator.comparing(ConnInfo::reason);
        };
        return key.thenComparing(byCid);
    }
}
