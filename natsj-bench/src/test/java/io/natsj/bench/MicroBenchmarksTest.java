package io.natsj.bench;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.protocol.EncodeBenchmark;
import io.natsj.protocol.ParserBenchmark;
import io.natsj.routing.MatchBenchmark;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every JMH benchmark once, briefly, in this JVM: each must produce a score, and the paths that
 * must not allocate per message (PUB/HPUB parsing, a match-cache hit, MSG/HMSG encoding) must show
 * (next to) no allocation per operation in the GC profiler. Not a performance test: the runs are far
 * too short for their times to mean anything.
 */
class MicroBenchmarksTest {
    private static final List<Class<?>> BENCHMARKS =
        List.of(ParserBenchmark.class, MatchBenchmark.class, EncodeBenchmark.class);
    private static final String ALLOCATION = "gc.alloc.rate.norm";
    /**
     * Bytes per operation that count as "allocates nothing". What the profiler sees in this JVM besides
     * the benchmark (JMH's own bookkeeping, the test runner) comes to about 0.01 B/op over a run of a
     * million operations; a single object per message would be 16 B/op or more.
     */
    private static final double NOTHING = 1.0;
    /**
     * MIXED parser stream: SUB and UNSUB make their subject and sid Strings by design (one of each in
     * every 10 operations): 152 bytes per 10 operations, 15.2 B/op measured.
     */
    private static final double MIXED_STRINGS = 16.0;
    /**
     * Cache misses: a subject whose match reaches one trie node with members takes that node's result
     * and allocates nothing; one reaching several (a literal and a wildcard subscription, say) merges
     * them into a new result. MatchBenchmark's cycle measured 1.4 B/op with 100 subscriptions and 54 B/op
     * with 10,000; before per-node results every miss made about 400 B.
     */
    private static final double MISS_MERGES = 100.0;

    private static Map<String, RunResult> results;

    @BeforeAll
    static void runAll() throws RunnerException {
        // JMH refuses to start while another JMH run holds its lock file (a scripts/jmh run on this
        // machine, say); nothing checked here depends on timing, so sharing the CPU cannot fail it.
        System.setProperty("jmh.ignoreLock", "true");
        Options options = new OptionsBuilder()
            .include(onlyThese(BENCHMARKS))
            .forks(0)
            .warmupIterations(1)
            .warmupTime(TimeValue.milliseconds(100))
            .measurementIterations(1)
            .measurementTime(TimeValue.milliseconds(100))
            .addProfiler(GCProfiler.class)
            .shouldFailOnError(true)
            .build();
        Collection<RunResult> runs = new Runner(options).run();
        results = new TreeMap<>();
        for (RunResult run : runs) {
            results.put(label(run.getParams()), run);
        }
    }

    @Test
    void everyBenchmarkWithEveryParameterProducedAScore() {
        List<String> expected = BenchmarkInventory.runs(BENCHMARKS);
        assertEquals(expected, List.copyOf(results.keySet()));
        List<Executable> checks = new ArrayList<>();
        results.forEach((label, run) -> checks.add(() -> {
            double score = run.getPrimaryResult().getScore();
            assertTrue(score > 0 && Double.isFinite(score), label + ": score " + score);
        }));
        assertAll(checks);
    }

    @Test
    void publishPathsAllocateNothingPerMessage() {
        List<Executable> checks = new ArrayList<>();
        results.forEach((label, run) -> {
            double bound = allocationBound(run.getParams());
            if (!Double.isNaN(bound)) {
                checks.add(() -> {
                    double perOp = allocation(run);
                    assertTrue(perOp < bound, label + ": " + perOp + " B/op, bound " + bound);
                });
            }
        });
        assertEquals(2 + 2 + 16 + 8, checks.size(), "cache hits and misses, parser streams and encodings checked");
        assertAll(checks);
    }

    /**
     * Guards the checks above against a profiler that reads 0 in this JVM: the uncached
     * {@code SubjectIndex.match(String)} makes the subject's bytes and a scratch on every call.
     */
    @Test
    void theProfilerSeesAllocationWhereThereIsSome() {
        List<Executable> checks = new ArrayList<>();
        results.forEach((label, run) -> {
            if (run.getParams().getBenchmark().equals(MatchBenchmark.class.getName() + ".indexMatch")) {
                checks.add(() -> assertTrue(allocation(run) > 100, label + ": " + allocation(run) + " B/op"));
            }
        });
        assertEquals(2, checks.size());
        assertAll(checks);
    }

    /** The allowed B/op of a run, NaN for the runs that allocate by design (uncached matches, SUB/UNSUB). */
    private static double allocationBound(BenchmarkParams params) {
        String benchmark = params.getBenchmark();
        if (benchmark.equals(ParserBenchmark.class.getName() + ".parse")) {
            return "MIXED".equals(params.getParam("workload")) ? MIXED_STRINGS : NOTHING;
        }
        if (benchmark.equals(MatchBenchmark.class.getName() + ".cacheMiss")) {
            return MISS_MERGES;
        }
        if (benchmark.equals(MatchBenchmark.class.getName() + ".cacheHit")
                || benchmark.equals(EncodeBenchmark.class.getName() + ".writeMessage")) {
            return NOTHING;
        }
        return Double.NaN;
    }

    private static double allocation(RunResult run) {
        Result<?> result = run.getSecondaryResults().get(ALLOCATION);
        if (result == null) {
            throw new AssertionError("no " + ALLOCATION + " among " + run.getSecondaryResults().keySet());
        }
        return result.getScore();
    }

    /** JMH's include regex for exactly the benchmarks of these classes (not loadgen or anything else). */
    private static String onlyThese(List<Class<?>> classes) {
        List<String> prefixes = classes.stream().map(c -> Pattern.quote(c.getName() + ".")).toList();
        return "^(" + String.join("|", prefixes) + ")";
    }

    private static String label(BenchmarkParams params) {
        Map<String, String> sorted = new TreeMap<>();
        params.getParamsKeys().forEach(key -> sorted.put(key, params.getParam(key)));
        return BenchmarkInventory.label(params.getBenchmark(), sorted);
    }
}
