package io.natsj.server;

import io.natsj.monitor.ConnInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * The last closed client connections for /connz?state=closed: a ring of nats-server's
 * DEFAULT_MAX_CLOSED_CLIENTS (10000; nats-server has no configuration key for it), oldest dropped
 * first. The lock on {@code this} guards the ring; it is taken once per closed connection and once per
 * monitoring request, never on the message path.
 */
final class ClosedConnections {
    static final int DEFAULT_MAX = 10_000;

    private final ConnInfo[] ring;
    /** Connections ever added; the next slot is total % capacity. */
    private long total;

    ClosedConnections(int max) {
        ring = new ConnInfo[max];
    }

    synchronized void add(ConnInfo c) {
        ring[(int) (total % ring.length)] = c;
        total++;
    }

    /** The remembered connections, oldest first. */
    synchronized List<ConnInfo> snapshot() {
        int n = (int) Math.min(total, ring.length);
        List<ConnInfo> out = new ArrayList<>(n);
        int head = total <= ring.length ? 0 : (int) (total % ring.length);
        for (int i = 0; i < n; i++) {
            out.add(ring[(head + i) % ring.length]);
        }
        return out;
    }
}
