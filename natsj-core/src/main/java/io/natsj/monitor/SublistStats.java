package io.natsj.monitor;

import io.natsj.protocol.GoJsonWriter;
/**
 * One account's subscription index figures, as nats-server's SublistStats: the cache figures describe
 * natsj's per-event-loop match caches taken together (nats-server has one cache per account).
 *
 * @param numCache cached subjects
 * @param cacheHits matches answered by a cache (nats-server reports only the rate)
 * @param maxFanout the most subscriptions plus queue groups one cached subject reaches
 * @param totalFanout summed over the cached subjects, for the average
 */
public record SublistStats(long numSubs, long numCache, long numInserts, long numRemoves, long numMatches,
        long cacheHits, long maxFanout, long totalFanout) {
    static final SublistStats ZERO = new SublistStats(0, 0, 0, 0, 0, 0, 0, 0);

    /** nats-server's SublistStats.add: sums, except the largest fanout. */
    SublistStats plus(SublistStats o) {
        return new SublistStats(numSubs + o.numSubs, numCache + o.numCache, numInserts + o.numInserts,
                numRemoves + o.numRemoves, numMatches + o.numMatches, cacheHits + o.cacheHits,
                Math.max(maxFanout, o.maxFanout), totalFanout + o.totalFanout);
    }

    double cacheHitRate() {
        return numMatches == 0 ? 0 : (double) cacheHits / numMatches;
    }

    double avgFanout() {
        return totalFanout == 0 ? 0 : (double) totalFanout / numCache;
    }

    /** The fields in nats-server's order (inline in /subsz, an object in /accountz). */
    void writeFields(GoJsonWriter j) {
        j.field("num_subscriptions", numSubs);
        j.field("num_cache", numCache);
        j.field("num_inserts", numInserts);
        j.field("num_removes", numRemoves);
        j.field("num_matches", numMatches);
        j.floatField("cache_hit_rate", cacheHitRate());
        j.field("max_fanout", maxFanout);
        j.floatField("avg_fanout", avgFanout());
    }
}
