package io.natsj.loadgen;

import java.util.concurrent.ThreadLocalRandom;

/** One row of the benchmark: a named load run against one server at a time. */
interface Scenario {
    /** "name size", what --only matches, e.g. "pub 16", "idle", "subs-none 16". */
    String key();

    /**
     * One run. factor scales the message count (the warm-up pass uses a tenth of the measured one);
     * timeoutMillis bounds the measured phase: a run that does not complete in it is reported as
     * incomplete, not thrown.
     */
    RunResult run(Target target, double factor, long timeoutMillis) throws Exception;

    /**
     * The figure whose settling ends the warm-up (server CPU per message), or null for a single
     * warm-up run (a scenario whose figures are not CPU-bound).
     */
    default String warmupMetric() {
        return "server_ns_per_msg";
    }

    /** Whether each run needs a server started just for it (memory figures); such runs are not warmed up. */
    default boolean freshServer() {
        return false;
    }

    /**
     * Whether the scenario needs JetStream: the servers it runs on are started with -js and a store
     * directory of their own (a fresh one for each server and benchmark run).
     */
    default boolean jetStream() {
        return false;
    }

    static long scaled(long n, double factor) {
        return Math.max(1, Math.round(n * factor));
    }

    /** A subject no earlier run used, so nothing left over from it can interfere. */
    static String freshSubject(String prefix) {
        return prefix + "." + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    }
}
