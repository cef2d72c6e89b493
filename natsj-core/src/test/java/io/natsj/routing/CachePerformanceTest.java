package io.natsj.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server's hot path: 100,000 subscriptions over 1,000 connections, publishes hitting the cache.
 * Time bounds are loose (shared 2-core machine); they catch a scan or a lock, not a regression of %.
 */
class CachePerformanceTest {
    private static final int CONNECTIONS = 1_000;
    private static final int SUBS_PER_CONNECTION = 100;
    private static SubjectIndex index;
    private static byte[][] subjects;

    @BeforeAll
    static void fill() {
        index = new SubjectIndex();
        for (int c = 0; c < CONNECTIONS; c++) {
            Subscriber conn = new Subscriber() { };
            for (int i = 0; i < SUBS_PER_CONNECTION; i++) {
                String subject = switch (i % 10) {
                    case 0 -> "svc." + c + ".*";
                    case 1 -> "events." + (i % 7) + ".>";
                    case 2 -> "_INBOX." + c + "." + i;
                    default -> "svc." + c + "." + i;
                };
                String queue = i % 10 == 3 ? "workers" : null;
                index.insert(new Subscription(conn, subject, queue, Integer.toString(i)));
            }
        }
        subjects = new byte[64][];
        for (int i = 0; i < subjects.length; i++) {
            subjects[i] = ("svc." + (i * 13) + "." + (i % 10 + 3)).getBytes(StandardCharsets.US_ASCII);
        }
    }

    @Test
    void indexHoldsEverything() {
        assertEquals(CONNECTIONS * SUBS_PER_CONNECTION, index.count());
        MatchResult r = index.match("svc.13.3");
        assertEquals(10, r.plain.length, "svc.13.* of subs 0, 10, .., 90");
        assertEquals(1, r.queues.length, "svc.13.3 in workers");
    }

    @Test
    void cacheHitAllocatesNothing() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        MatchCache cache = new MatchCache(index);
        long sink = hits(cache, 300_000);
        long before = threads.getCurrentThreadAllocatedBytes();
        sink += hits(cache, 100_000);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(sink > 0);
        assertTrue(allocated < 256, () -> allocated + " bytes allocated by 100,000 cache hits");
    }

    @Test
    void cacheHitsAreFastWith100kSubscriptions() {
        MatchCache cache = new MatchCache(index);
        hits(cache, 300_000);
        long start = System.nanoTime();
        long sink = hits(cache, 1_000_000);
        long nanos = System.nanoTime() - start;
        assertTrue(sink > 0);
        assertTrue(nanos < 2_000_000_000L, () -> "1M hits took " + nanos / 1_000_000 + " ms");
    }

    /** 10,000 subscriptions, a third of them wildcards; every publish subject distinct (all misses). */
    @Test
    void missesWalkTheTrieNotTheSubscriptions() {
        SubjectIndex wild = new SubjectIndex();
        Subscriber owner = new Subscriber() { };
        for (int i = 0; i < 10_000; i++) {
            String subject = switch (i % 3) {
                case 0 -> "orders." + i + ".*";
                case 1 -> "orders." + i + ".>";
                default -> "orders." + i + ".created";
            };
            wild.insert(new Subscription(owner, subject, null, Integer.toString(i)));
        }
        wild.insert(new Subscription(owner, "*.*.*", null, "all3"));
        MatchCache cache = new MatchCache(wild);
        List<byte[]> misses = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            misses.add(("orders." + (i % 10_000) + ".x" + i).getBytes(StandardCharsets.US_ASCII));
        }
        long start = System.nanoTime();
        long matched = 0;
        for (byte[] s : misses) {
            matched += cache.match(s, 0, s.length).plain.length;
        }
        long nanos = System.nanoTime() - start;
        // *.*.* always; orders.N.* or orders.N.> for N % 3 != 2 (6,667 of every 10,000 N).
        assertEquals(50_000 + 5 * 6_667, matched);
        assertTrue(nanos < 3_000_000_000L, () -> "50k misses took " + nanos / 1_000_000 + " ms");
    }

    private static long hits(MatchCache cache, int n) {
        long sink = 0;
        for (int i = 0; i < n; i++) {
            byte[] s = subjects[i & (subjects.length - 1)];
            MatchResult r = cache.match(s, 0, s.length);
            sink += r.plain.length + r.queues.length;
        }
        return sink;
    }
}
