package io.natsj.loadgen;

import java.io.Closeable;
import java.io.IOException;

/**
 * A subscribing connection with its own reader thread: counts deliveries (adding them to the run's
 * {@link DeliveryCounter} once per read) and, when asked, checks that the sequence numbers in the
 * payloads arrive complete and in order.
 */
final class Subscriber implements NatsConn.Tap, Closeable {
    private final NatsConn conn;
    private final DeliveryCounter counter;
    private final boolean checkSequence;
    private final Thread thread;
    private volatile long received;
    private volatile boolean closing;
    private volatile boolean closedByServer;
    private long nextSeq;
    private volatile long sequenceErrors;
    private volatile long firstBadSeq = -1;
    private volatile String failure;

    /** Connects and subscribes (queue: group name or null); the SUB is in force when this returns. */
    Subscriber(Target target, String subject, String queue, DeliveryCounter counter, boolean checkSequence)
            throws IOException {
        this.counter = counter;
        this.checkSequence = checkSequence;
        this.conn = NatsConn.open(target, this, 0);
        try {
            conn.sendAscii("SUB " + subject + (queue == null ? "" : " " + queue) + " 1\r\n");
            conn.flush(10_000);
        } catch (IOException e) {
            conn.close();
            throw e;
        }
        this.thread = new Thread(this::readLoop, "sub-" + conn.localPort());
        thread.setDaemon(true);
        thread.start();
    }

    private void readLoop() {
        ProtocolReader r = conn.reader();
        long counted = r.messages();
        try {
            while (conn.readOnce() >= 0) {
                long m = r.messages();
                if (m != counted) {
                    // received first: whoever sees the run complete through the counter sees it too
                    received = m;
                    counter.add(m - counted);
                    counted = m;
                }
            }
        } catch (IOException e) {
            // closed under the reader: by close(), or by the server with a reset
        } catch (RuntimeException e) {
            failure = e.getMessage();
        }
        if (!closing) {
            closedByServer = true;
            counter.abort();
        }
    }

    @Override
    public boolean wantsSequence() {
        return checkSequence;
    }

    @Override
    public void onSequence(long seq) {
        if (seq != nextSeq) {
            if (firstBadSeq < 0) {
                firstBadSeq = seq;
            }
            sequenceErrors++;
        }
        nextSeq = seq + 1;
    }

    long received() {
        return received;
    }

    /** Messages that arrived out of order or after a gap (only counted when checking sequences). */
    long sequenceErrors() {
        return sequenceErrors;
    }

    /** Why the reader gave up on the server's bytes (a protocol error), or null. */
    String failure() {
        return failure;
    }

    boolean closedByServer() {
        return closedByServer;
    }

    String firstError() {
        return conn.firstError();
    }

    @Override
    public void close() {
        closing = true;
        conn.close();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
