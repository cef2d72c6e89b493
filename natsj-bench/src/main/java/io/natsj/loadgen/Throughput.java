package io.natsj.loadgen;

import java.util.ArrayList;
import java.util.List;

/**
 * pub, pubsub, fanout, fanin and queue: publishers and subscribers on one subject, each its own
 * connection. Counted: messages published until the final PONG when there is no subscriber, else
 * deliveries from the first publish to the last delivery.
 */
final class Throughput implements Scenario {
    private final String name;
    private final int pubs;
    private final int subs;
    private final boolean queue;
    private final int size;
    private final long count;

    Throughput(String name, int pubs, int subs, boolean queue, int size, long count) {
        this.name = name;
        this.pubs = pubs;
        this.subs = subs;
        this.queue = queue;
        this.size = size;
        this.count = count;
    }

    @Override
    public String key() {
        return name + " " + size;
    }

    @Override
    public RunResult run(Target target, double factor, long timeoutMillis) throws Exception {
        long n = Scenario.scaled(count, factor);
        String subject = Scenario.freshSubject("bench");
        long expected = subs == 0 ? 0 : queue ? n : n * subs;
        DeliveryCounter counter = new DeliveryCounter(expected);
        RunResult r = new RunResult(key(), target.name())
                .put("pubs", pubs).put("subs", subs).put("queue", queue).put("size", size).put("n", n);
        List<Subscriber> subscribers = new ArrayList<>();
        try {
            for (int i = 0; i < subs; i++) {
                subscribers.add(new Subscriber(target, subject, queue ? "q" : null, counter, false));
            }
            try (PublisherGroup group = new PublisherGroup(target, pubs, subject, size, n, timeoutMillis)) {
                System.gc();
                CpuWindow cpu = CpuWindow.start(target);
                long t0 = System.nanoTime();
                long deadline = t0 + timeoutMillis * 1_000_000L;
                group.release();
                boolean complete = group.await(deadline) && (subs == 0 || counter.await(deadline));
                CpuWindow.Usage usage = cpu.stop();
                long pubEnd = group.endNanos();
                long msgs = subs == 0 ? (pubEnd > 0 ? n : 0) : counter.total();
                long end = subs == 0 ? pubEnd : counter.doneNanos();
                double secs = ((end > 0 ? end : System.nanoTime()) - t0) / 1e9;
                r.put("msgs", msgs).put("expected", subs == 0 ? n : expected).put("secs", secs)
                        .put("msgs_per_s", msgs / secs).put("mb_per_s", msgs * (double) size / secs / 1e6);
                if (pubEnd > 0) {
                    r.put("pub_msgs_per_s", n / ((pubEnd - t0) / 1e9));
                }
                Report.putCpu(r, usage, msgs);
                if (group.failure() != null) {
                    r.fail("error", group.failure());
                }
                if (!complete) {
                    r.fail("incomplete", "timed out after " + timeoutMillis + " ms with " + counter.total()
                            + " of " + expected + " deliveries");
                }
                checkSubscribers(r, subscribers, n);
            }
        } finally {
            subscribers.forEach(Subscriber::close);
        }
        return r;
    }

    private void checkSubscribers(RunResult r, List<Subscriber> subscribers, long n) {
        for (Subscriber s : subscribers) {
            if (s.firstError() != null) {
                r.fail("error", "subscriber got -ERR " + s.firstError());
            } else if (s.failure() != null) {
                r.fail("error", s.failure());
            } else if (s.closedByServer()) {
                r.fail("error", "the server closed a subscriber");
            } else if (!queue && s.received() != n) {
                r.fail("incomplete", "a subscriber got " + s.received() + " of " + n);
            }
        }
    }
}
