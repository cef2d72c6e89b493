package io.natsj.loadgen;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Publisher connections, each with a thread that publishes its share of the messages once released
 * and then flushes (PING/PONG), so its end time is when the server has read and routed all of it.
 */
final class PublisherGroup implements Closeable {
    private final List<Publisher> publishers = new ArrayList<>();
    private final CountDownLatch start = new CountDownLatch(1);
    private final CountDownLatch finish = new CountDownLatch(1);
    private final long[] endNanos;
    private final CountDownLatch done;
    private volatile String failure;

    /** Connects `count` publishers to subject, splitting n messages between them as evenly as can be. */
    PublisherGroup(Target target, int count, String subject, int size, long n, long flushTimeoutMillis)
            throws Exception {
        endNanos = new long[count];
        done = new CountDownLatch(count);
        try {
            for (int i = 0; i < count; i++) {
                publishers.add(new Publisher(NatsConn.open(target), subject, size, false));
            }
        } catch (Exception e) {
            close();
            throw e;
        }
        for (int i = 0; i < count; i++) {
            int index = i;
            long share = n / count + (i < n % count ? 1 : 0);
            Thread t = new Thread(() -> publish(index, share, flushTimeoutMillis), "pub-" + i);
            t.setDaemon(true);
            t.start();
        }
    }

    private void publish(int index, long share, long flushTimeoutMillis) {
        Publisher p = publishers.get(index);
        try {
            start.await();
            p.publish(share);
            p.conn().flush(flushTimeoutMillis);
            endNanos[index] = System.nanoTime();
            done.countDown();
            // An exited thread's schedstat time is gone: stay until close() so the run's CPU window sees it.
            finish.await();
        } catch (Exception e) {
            if (failure == null) {
                failure = "publisher " + index + ": " + e.getMessage();
            }
            done.countDown();
        }
    }

    void release() {
        start.countDown();
    }

    /** Waits for every publisher to finish; false if the deadline (System.nanoTime) passed first. */
    boolean await(long deadlineNanos) throws InterruptedException {
        return done.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /** When the last publisher's flush returned (0 if one did not). */
    long endNanos() {
        long end = 0;
        for (long e : endNanos) {
            if (e == 0) {
                return 0;
            }
            end = Math.max(end, e);
        }
        return end;
    }

    /** A publisher's failure, or an -ERR the server sent one of them; null if none. */
    String failure() {
        if (failure != null) {
            return failure;
        }
        for (Publisher p : publishers) {
            if (p.conn().firstError() != null) {
                return "-ERR " + p.conn().firstError();
            }
        }
        return null;
    }

    @Override
    public void close() {
        finish.countDown();
        for (Publisher p : publishers) {
            p.conn().close();
        }
    }
}
