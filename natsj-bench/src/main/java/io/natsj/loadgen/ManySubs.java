package io.natsj.loadgen;

import java.util.ArrayList;
import java.util.List;

/**
 * Publishing next to a big subscription index: `holders` connections hold `subs` subscriptions in
 * all (literal and wildcard subjects, most sharing the published subject's first tokens), then one
 * publisher sends to one subject. Each run measures that twice, with the index and without it, on
 * the same server, and reports both rates and their ratio: a working match cache makes the big index
 * nearly free for a subject published over and over.
 *
 * Variant "none": no subscription matches the published subject; the comparison is with no
 * subscriptions at all. Variant "some": three of them match (a literal, a '*' and a '>' one, on
 * three connections, which count their deliveries); the comparison is with only those three.
 */
final class ManySubs implements Scenario {
    private static final int MATCHING = 3;
    private static final int BATCH = 100;

    private final boolean someMatch;
    private final int holders;
    private final int subs;
    private final int size;
    private final long count;

    ManySubs(boolean someMatch, int holders, int subs, int size, long count) {
        this.someMatch = someMatch;
        this.holders = holders;
        this.subs = subs;
        this.size = size;
        this.count = count;
    }

    @Override
    public String key() {
        return (someMatch ? "subs-some " : "subs-none ") + size;
    }

    @Override
    public String warmupMetric() {
        return "with_server_ns_per_msg";
    }

    @Override
    public RunResult run(Target target, double factor, long timeoutMillis) throws Exception {
        long n = Scenario.scaled(count, factor);
        String root = Scenario.freshSubject("bench");
        String subject = root + ".subs.target";
        RunResult r = new RunResult(key(), target.name())
                .put("holders", holders).put("subs", subs).put("matching", someMatch ? MATCHING : 0)
                .put("size", size).put("n", n);
        // Without first: closing a thousand connections afterwards would have the server removing
        // their subscriptions during the second measurement.
        if (someMatch) {
            try (ConnectionPool pool = new ConnectionPool()) {
                pool.open(target, MATCHING, MATCHING, i -> List.of(matchingSubject(root, i)), timeoutMillis);
                publish(r, "without_", target, pool, subject, n, timeoutMillis);
            }
        } else {
            publish(r, "without_", target, null, subject, n, timeoutMillis);
        }
        try (ConnectionPool pool = new ConnectionPool()) {
            long t0 = System.nanoTime();
            pool.open(target, holders, BATCH, i -> subjects(root, i), timeoutMillis);
            double setupSecs = (System.nanoTime() - t0) / 1e9;
            r.put("setup_secs", setupSecs).put("subs_per_s", subs / setupSecs);
            // The setup's after-effects (a JVM's collections and compilations) are not the index's cost.
            ProcStats.awaitIdle(target.pid(), 5_000);
            publish(r, "with_", target, pool, subject, n, timeoutMillis);
        }
        r.put("ratio", r.get("with_msgs_per_s") / r.get("without_msgs_per_s"));
        // Throughput with deliveries moves with how they batch up; CPU per message is the steadier check.
        r.put("cpu_ratio", r.get("with_server_ns_per_msg") / r.get("without_server_ns_per_msg"));
        return r;
    }

    /** The subjects holder i subscribes to: `subs / holders` of them, none matching unless it is a matching holder. */
    private List<String> subjects(String root, int holder) {
        int per = subs / holders + (holder < subs % holders ? 1 : 0);
        List<String> list = new ArrayList<>(per);
        int j = 0;
        if (someMatch && holder < MATCHING) {
            list.add(matchingSubject(root, holder));
            j++;
        }
        for (; j < per; j++) {
            String id = "c" + holder + "s" + j;
            switch (j % 10) {
                case 6, 7 -> list.add(root + ".subs.c" + holder + ".s" + j);
                case 8 -> list.add(root + ".*." + id);
                case 9 -> list.add(root + ".subs." + id + ".>");
                default -> list.add(root + ".subs." + id);
            }
        }
        return list;
    }

    private static String matchingSubject(String root, int i) {
        return switch (i) {
            case 0 -> root + ".subs.target";
            case 1 -> root + ".*.target";
            default -> root + ".subs.>";
        };
    }

    /** Publishes n messages; the rate is until the final PONG and, when some subscriptions match, the last delivery. */
    private void publish(RunResult r, String prefix, Target target, ConnectionPool pool, String subject, long n,
            long timeoutMillis) throws Exception {
        long expected = someMatch ? n * MATCHING : 0;
        DeliveryCounter counter = new DeliveryCounter(expected);
        if (pool != null) {
            pool.countInto(counter);
        }
        try (PublisherGroup group = new PublisherGroup(target, 1, subject, size, n, timeoutMillis)) {
            System.gc();
            CpuWindow cpu = CpuWindow.start(target);
            long t0 = System.nanoTime();
            long deadline = t0 + timeoutMillis * 1_000_000L;
            group.release();
            boolean complete = group.await(deadline) && (expected == 0 || counter.await(deadline));
            CpuWindow.Usage usage = cpu.stop();
            long end = Math.max(group.endNanos(), counter.doneNanos());
            double secs = ((complete ? end : System.nanoTime()) - t0) / 1e9;
            r.put(prefix + "msgs_per_s", n / secs).put(prefix + "secs", secs);
            if (usage.serverNanos() >= 0) {
                r.put(prefix + "server_ns_per_msg", usage.nanosPer(n));
            }
            r.put(prefix + "other_cores", usage.otherCores());
            if (!complete) {
                r.fail("incomplete", prefix + "run timed out with " + counter.total() + " of " + expected + " deliveries");
            }
            if (group.failure() != null) {
                r.fail("error", group.failure());
            }
            if (pool != null && pool.closedByServer() > 0) {
                r.fail("error", pool.closedByServer() + " subscription holders closed by the server");
            }
            if (pool != null && pool.firstError() != null) {
                r.fail("error", "holder got -ERR " + pool.firstError());
            }
            if (expected > 0 && counter.total() != expected) {
                r.fail("incomplete", prefix + counter.total() + " of " + expected + " deliveries");
            }
        }
    }
}
