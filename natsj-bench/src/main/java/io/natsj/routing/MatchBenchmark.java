package io.natsj.routing;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Subject matching as a publish does it: {@link MatchCache} (the per-event-loop cache) in front of a
 * {@link SubjectIndex} holding {@code subscriptions} subscriptions, 30% of them wildcards (see
 * {@link Subscriptions}). Also the uncached trie walk and the cost of SUB/UNSUB on that index.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dio.netty.tryReflectionSetAccessible=true", "-Dio.netty.jfr.enabled=false"})
public class MatchBenchmark {
    /**
     * Distinct subjects the miss benchmarks cycle through: 8x {@link MatchCache#CAPACITY}, so every
     * set of the 4-way cache sees about 32 subjects in turn and round-robin eviction has dropped each
     * one long before it comes round again.
     */
    static final int CYCLE = 8 * MatchCache.CAPACITY;

    @Param({"100", "10000"})
    public int subscriptions;

    private SubjectIndex index;
    private MatchCache cache;
    private byte[] hitSubject;
    private byte[][] cycleBytes;
    private String[] cycleStrings;
    private int next;
    private Subscription inbox;
    private Subscription wildcard;

    @Setup(Level.Trial)
    public void setUp() {
        index = Subscriptions.index(subscriptions);
        cache = new MatchCache(index);
        hitSubject = Subscriptions.hitSubject(subscriptions);
        cycleStrings = Subscriptions.cycle(subscriptions, CYCLE);
        cycleBytes = Subscriptions.bytes(cycleStrings);
        Subscriber churner = new Subscriber() { };
        inbox = new Subscription(churner, "_INBOX.churn.1", null, "1");
        wildcard = new Subscription(churner, "orders.*.churn", null, "2");
        if (cache.match(hitSubject, 0, hitSubject.length).plain.length != 2) {
            throw new IllegalStateException("the hit subject should match one literal and one * subscription");
        }
    }

    /** The same literal subject every time: hash, compare, two generation reads. */
    @Benchmark
    public MatchResult cacheHit() {
        return cache.match(hitSubject, 0, hitSubject.length);
    }

    /** A different subject every time, none of them still cached: a new entry and a trie walk each. */
    @Benchmark
    public MatchResult cacheMiss() {
        byte[] subject = cycleBytes[next++ & (CYCLE - 1)];
        return cache.match(subject, 0, subject.length);
    }

    /** {@link SubjectIndex#match} alone (what a cache miss calls): tokenise, read lock, walk, collect. */
    @Benchmark
    public MatchResult indexMatch() {
        return index.match(cycleStrings[next++ & (CYCLE - 1)]);
    }

    /** SUB then UNSUB of a literal subject (a request's reply inbox). */
    @Benchmark
    public boolean subscribeUnsubscribeLiteral() {
        index.insert(inbox);
        return index.remove(inbox);
    }

    /** SUB then UNSUB of a {@code *} subject; it also invalidates every cache entry lazily. */
    @Benchmark
    public boolean subscribeUnsubscribeWildcard() {
        index.insert(wildcard);
        return index.remove(wildcard);
    }
}
