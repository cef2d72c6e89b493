package io.natsj.loadgen;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Deliveries of one run, summed over its subscribers. Readers add once per socket read, not per
 * message, so the shared counter is not contended. Records when the total reached the expected count
 * (the run's last delivery) and, optionally, an earlier mark.
 */
final class DeliveryCounter {
    private final AtomicLong total = new AtomicLong();
    private final long expected;
    private final long mark;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile long doneNanos;
    private volatile long markNanos;
    private volatile boolean aborted;

    DeliveryCounter(long expected) {
        this(expected, 0);
    }

    /** mark: a total whose arrival time is kept too (0 = none). */
    DeliveryCounter(long expected, long mark) {
        this.expected = expected;
        this.mark = mark;
    }

    void add(long delta) {
        if (delta == 0) {
            return;
        }
        long after = total.addAndGet(delta);
        long before = after - delta;
        if (mark > 0 && before < mark && after >= mark) {
            markNanos = System.nanoTime();
        }
        if (before < expected && after >= expected) {
            doneNanos = System.nanoTime();
            done.countDown();
        }
    }

    /** Ends the wait early: the run cannot complete (a subscriber was closed by the server). */
    void abort() {
        aborted = true;
        done.countDown();
    }

    long total() {
        return total.get();
    }

    long expected() {
        return expected;
    }

    /** Waits until the expected total arrived; false if the deadline (System.nanoTime) passed first or the run was aborted. */
    boolean await(long deadlineNanos) throws InterruptedException {
        return done.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS) && !aborted;
    }

    /** System.nanoTime of the delivery that completed the run; 0 before. */
    long doneNanos() {
        return doneNanos;
    }

    long markNanos() {
        return markNanos;
    }
}
