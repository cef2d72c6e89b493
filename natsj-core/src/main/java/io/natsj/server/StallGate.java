package io.natsj.server;

import java.util.ArrayList;

/**
 * The publishers that paused their reads because this connection (a receiver) had more than half of
 * max_pending waiting. When the receiver drains, or closes, every paused publisher is resumed on its
 * own event loop. A publisher also resumes by itself when its stall time runs out, so a receiver that
 * never drains holds nobody for long (nats-server's producer stall, without blocking a thread).
 */
final class StallGate {
    // The lock on `this` guards `waiting`.
    private final ArrayList<ClientConnection> waiting = new ArrayList<>();
    private volatile boolean anyWaiting;

    /** Registers a paused publisher. Any thread. */
    synchronized void add(ClientConnection publisher) {
        if (!waiting.contains(publisher)) {
            waiting.add(publisher);
        }
        anyWaiting = true;
    }

    /** Resumes every registered publisher. Any thread. */
    void openAll() {
        if (!anyWaiting) {
            return;
        }
        ClientConnection[] resume;
        synchronized (this) {
            resume = waiting.toArray(new ClientConnection[0]);
            waiting.clear();
            anyWaiting = false;
        }
        for (ClientConnection p : resume) {
            p.resumeFromAnyThread();
        }
    }
}
