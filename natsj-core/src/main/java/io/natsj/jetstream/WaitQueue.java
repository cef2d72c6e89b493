package io.natsj.jetstream;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * A pull consumer's waiting requests (nats-server's waitQueue): at most max_waiting MSG.NEXT requests,
 * served round robin, one message at a time, so several fetchers share the messages.
 *
 * <p>Threading: the consumer's thread only.
 */
final class WaitQueue {
    /** One MSG.NEXT request (nats-server's waitingRequest). Times are System.nanoTime; 0: none. */
    static final class Request {
        final String reply;
        /** Messages still wanted. */
        int n;
        /** Messages delivered to it so far. */
        int delivered;
        /** Bytes it may still take (0: no limit given). */
        long bytes;
        final long expires;
        final long received;
        final long heartbeatNanos;
        long nextHeartbeat;
        final boolean noWait;

        Request(String reply, int n, long bytes, long expires, long received, long heartbeatNanos, boolean noWait) {
            this.reply = reply;
            this.n = n;
            this.bytes = bytes;
            this.expires = expires;
            this.received = received;
            this.heartbeatNanos = heartbeatNanos;
            this.nextHeartbeat = heartbeatNanos > 0 ? received + heartbeatNanos : 0;
            this.noWait = noWait;
        }
    }

    private final ArrayDeque<Request> requests = new ArrayDeque<>();
    private final int max;
    /** When the last request arrived (or a message was delivered), for the inactivity threshold. */
    long last = System.nanoTime();

    WaitQueue(int max) {
        this.max = Math.max(1, max);
    }

    boolean isFull() {
        return requests.size() >= max;
    }

    boolean isEmpty() {
        return requests.isEmpty();
    }

    int size() {
        return requests.size();
    }

    /** false when full (nats-server's "Exceeded MaxWaiting"). */
    boolean add(Request r) {
        if (isFull()) {
            return false;
        }
        requests.addLast(r);
        last = r.received;
        return true;
    }

    Request peek() {
        return requests.peekFirst();
    }

    /**
     * Takes one message's worth of the head request: it counts the delivery, and a request that still
     * wants more goes to the back so the next message goes to the next requester.
     */
    Request pop() {
        Request r = requests.peekFirst();
        if (r == null) {
            return null;
        }
        r.delivered++;
        r.n--;
        if (r.n > 0 && requests.size() > 1) {
            requests.pollFirst();
            requests.addLast(r);
        } else if (r.n <= 0) {
            requests.pollFirst();
        }
        return r;
    }

    void removeHead() {
        requests.pollFirst();
    }

    Iterator<Request> iterator() {
        return requests.iterator();
    }
}
