package io.natsj.loadgen;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * One stalled subscriber next to fast ones. The stalled one connects, subscribes, answers the
 * connect PING, and then never reads its socket again; the publisher sends numbered messages until
 * the server cuts the stalled one (seen on the server's side of its TCP connection, which leaves
 * ESTABLISHED whether or not a FIN or -ERR can reach a client that does not read), then a tail more.
 * Reported: the fast subscribers' delivery rate until the cut against a baseline run in which the
 * fourth subscriber reads like the others (so the server does the same work per message, and only the
 * stall differs), over the same number of fast deliveries; when the cut came, whether the stalled
 * client's stream ended with -ERR, and that every fast subscriber got every message in order.
 */
final class Stalled implements Scenario {
    private static final int FAST = 3;
    private static final long POLL_MILLIS = 5;
    private static final long DRAIN_MILLIS = 10_000;

    private final int size;
    private final long count;

    /**
     * count: messages of the baseline run, at least (the stalled run publishes until the cut, then
     * count / 10 more; the baseline then publishes as many as it did, to reach the same mark).
     */
    Stalled(int size, long count) {
        this.size = size;
        this.count = count;
    }

    @Override
    public String key() {
        return "stalled " + size;
    }

    @Override
    public String warmupMetric() {
        return null;
    }

    @Override
    public RunResult run(Target target, double factor, long timeoutMillis) throws Exception {
        long n = Scenario.scaled(count, factor);
        RunResult r = new RunResult(key(), target.name()).put("size", size).put("fast_subs", FAST).put("n", n);
        long deliveredAtCut = stalledRun(r, target, n, timeoutMillis);
        if (deliveredAtCut > 0) {
            baselineRun(r, target, Math.max(n, (long) r.get("published")), deliveredAtCut, timeoutMillis);
        } else {
            // Never cut: the publisher ran for the whole timeout; compare with an ordinary baseline run.
            baselineRun(r, target, n, 0, timeoutMillis);
        }
        r.put("ratio", r.get("fast_msgs_per_s_before_cut") / r.get("baseline_msgs_per_s"));
        return r;
    }

    /** Returns the fast subscribers' deliveries (summed) when the cut was seen, 0 if there was no cut. */
    private long stalledRun(RunResult r, Target target, long n, long timeoutMillis) throws Exception {
        String subject = Scenario.freshSubject("bench.stall");
        DeliveryCounter counter = new DeliveryCounter(Long.MAX_VALUE);
        List<Subscriber> fast = new ArrayList<>();
        NatsConn stalled = null;
        try {
            for (int i = 0; i < FAST; i++) {
                fast.add(new Subscriber(target, subject, null, counter, true));
            }
            stalled = NatsConn.open(target);
            stalled.sendAscii("SUB " + subject + " 1\r\n");
            stalled.flush(10_000);
            CutWatch watch = new CutWatch(target.port(), stalled.localPort(), counter);
            try (NatsConn pubConn = NatsConn.open(target)) {
                Publisher pub = new Publisher(pubConn, subject, size, true);
                long t0 = System.nanoTime();
                long deadline = t0 + timeoutMillis * 1_000_000L;
                watch.start();
                while (watch.cutNanos == 0 && System.nanoTime() < deadline) {
                    pub.publish(pub.framesPerBlock());
                }
                long publishedAtCut = pub.published();
                watch.stopWatching();
                boolean cut = watch.cutNanos != 0;
                if (cut) {
                    pub.publish(Math.max(pub.framesPerBlock(), n / 10));
                }
                pubConn.flush(timeoutMillis);
                long published = pub.published();
                r.put("published", published);
                boolean complete = awaitFast(fast, published, deadline + timeoutMillis * 1_000_000L);
                long end = cut ? watch.cutNanos : System.nanoTime();
                long atCut = cut ? watch.deliveredAtCut : counter.total();
                double secs = (end - t0) / 1e9;
                r.put("cut", cut).put("cut_after_s", secs).put("published_before_cut", publishedAtCut)
                        .put("fast_msgs_per_s_before_cut", atCut / secs);
                if (!cut) {
                    r.fail("incomplete", "the stalled subscriber was not cut within " + timeoutMillis + " ms");
                }
                checkFast(r, fast, published, complete);
                if (pubConn.firstError() != null) {
                    r.fail("error", "publisher got -ERR " + pubConn.firstError());
                }
                if (cut) {
                    drain(r, stalled);
                }
                return cut ? atCut : 0;
            }
        } finally {
            fast.forEach(Subscriber::close);
            if (stalled != null) {
                stalled.close();
            }
        }
    }

    private static boolean awaitFast(List<Subscriber> fast, long published, long deadlineNanos)
            throws InterruptedException {
        for (Subscriber s : fast) {
            while (s.received() < published && !s.closedByServer() && System.nanoTime() < deadlineNanos) {
                Thread.sleep(1);
            }
        }
        return fast.stream().allMatch(s -> s.received() >= published);
    }

    private static void checkFast(RunResult r, List<Subscriber> fast, long published, boolean complete) {
        long lost = 0;
        long outOfOrder = 0;
        for (Subscriber s : fast) {
            lost += Math.max(0, published - s.received());
            outOfOrder += s.sequenceErrors();
            if (s.closedByServer()) {
                r.fail("error", "the server closed a fast subscriber" + (s.firstError() == null ? "" : " (-ERR " + s.firstError() + ")"));
            }
        }
        r.put("fast_lost", lost).put("fast_out_of_order", outOfOrder);
        if (!complete || lost > 0 || outOfOrder > 0) {
            r.fail("lost", lost + " messages missing and " + outOfOrder + " out of order at the fast subscribers");
        }
    }

    /** Reads what the server still had in flight to the stalled client, to see how its stream ends. */
    private static void drain(RunResult r, NatsConn stalled) throws IOException {
        long deadline = System.nanoTime() + DRAIN_MILLIS * 1_000_000L;
        stalled.readTimeout(1_000);
        boolean eof = false;
        try {
            while (System.nanoTime() < deadline) {
                if (stalled.readOnce() < 0) {
                    eof = true;
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            // the server neither sent more nor closed within a second
        } catch (IOException e) {
            eof = true;
        } catch (RuntimeException e) {
            // a message cut short by the close: the stream ends there
            eof = true;
        }
        r.put("stalled_got", stalled.reader().messages()).put("stalled_eof", eof)
                .put("stalled_err", stalled.firstError() == null ? "none" : "'" + stalled.firstError() + "'");
    }

    private void baselineRun(RunResult r, Target target, long n, long mark, long timeoutMillis) throws Exception {
        String subject = Scenario.freshSubject("bench.stall");
        DeliveryCounter counter = new DeliveryCounter(n * FAST, mark);
        List<Subscriber> fast = new ArrayList<>();
        try {
            for (int i = 0; i < FAST; i++) {
                fast.add(new Subscriber(target, subject, null, counter, true));
            }
            // The stalled run's fourth subscriber, reading this time; its deliveries are not counted.
            fast.add(new Subscriber(target, subject, null, new DeliveryCounter(n, 0), true));
            try (NatsConn pubConn = NatsConn.open(target)) {
                Publisher pub = new Publisher(pubConn, subject, size, true);
                long t0 = System.nanoTime();
                long deadline = t0 + timeoutMillis * 1_000_000L;
                pub.publish(n);
                pubConn.flush(timeoutMillis);
                boolean complete = counter.await(deadline);
                long end = complete ? counter.doneNanos() : System.nanoTime();
                double whole = counter.total() / ((end - t0) / 1e9);
                double atMark = counter.markNanos() == 0 ? Double.NaN : mark / ((counter.markNanos() - t0) / 1e9);
                r.put("baseline_n", n).put("baseline_msgs_per_s", mark > 0 ? atMark : whole)
                        .put("baseline_msgs_per_s_whole", whole);
                if (!complete) {
                    r.fail("incomplete", "baseline run timed out");
                }
            }
        } finally {
            fast.forEach(Subscriber::close);
        }
    }

    /** Polls the state of the stalled client's connection on the server's side. */
    private static final class CutWatch extends Thread {
        private final int serverPort;
        private final int clientPort;
        private final DeliveryCounter fastCounter;
        private volatile boolean watching = true;
        volatile long cutNanos;
        volatile long deliveredAtCut;

        CutWatch(int serverPort, int clientPort, DeliveryCounter fastCounter) {
            super("cut-watch");
            setDaemon(true);
            this.serverPort = serverPort;
            this.clientPort = clientPort;
            this.fastCounter = fastCounter;
        }

        @Override
        public void run() {
            while (watching) {
                Boolean established = ProcStats.serverSideEstablished(serverPort, clientPort);
                if (established == null) {
                    return;
                }
                if (!established) {
                    deliveredAtCut = fastCounter.total();
                    cutNanos = System.nanoTime();
                    return;
                }
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stopWatching() throws InterruptedException {
            watching = false;
            interrupt();
            join();
        }
    }
}
