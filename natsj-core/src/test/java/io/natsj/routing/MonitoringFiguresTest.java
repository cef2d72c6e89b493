package io.natsj.routing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The figures /subsz reads: inserts and removes of an index, matches, hits and fanout of a cache. */
class MonitoringFiguresTest {
    private static final Subscriber NOBODY = new Subscriber() {
    };

    @Test
    void indexCountsInsertsAndRemoves() {
        SubjectIndex index = new SubjectIndex();
        Subscription a = new Subscription(NOBODY, "a", null, "1");
        index.insert(a);
        index.insert(a); // the same instance again: no change
        index.insert(new Subscription(NOBODY, "b.*", "q", "2"));
        index.remove(a);
        index.remove(a);
        assertArrayEquals(new long[] {2, 1}, index.churn());
    }

    @Test
    void cacheCountsMatchesHitsAndFanout() {
        SubjectIndex index = new SubjectIndex();
        index.insert(new Subscription(NOBODY, "a.b", null, "1"));
        index.insert(new Subscription(NOBODY, "a.*", null, "2"));
        index.insert(new Subscription(NOBODY, "a.*", "q", "3"));
        MatchCache cache = new MatchCache(index);
        match(cache, "a.b");
        match(cache, "a.b");
        match(cache, "a.c");
        // {matches, hits, cached subjects, largest fanout, summed fanout}: a.b reaches 2 plain + 1 group, a.c 1 + 1.
        assertArrayEquals(new long[] {3, 1, 2, 3, 5}, cache.stats());
        index.insert(new Subscription(NOBODY, "a.>", null, "4"));
        match(cache, "a.b"); // refreshed after the change: not a hit
        assertArrayEquals(new long[] {4, 1, 2, 4, 6}, cache.stats());
    }

    private static void match(MatchCache cache, String subject) {
        byte[] b = subject.getBytes(StandardCharsets.ISO_8859_1);
        cache.match(b, 0, b.length);
    }
}
