package io.natsj.routing;

/**
 * What a literal subject matches: every plain subscription and, per queue group, its members.
 * Immutable snapshot; safe to share between threads and to keep in caches.
 *
 * <p>CONTRACT (owned by the routing helper; fields may be added).
 */
public final class MatchResult {
    public static final MatchResult EMPTY = new MatchResult(new Subscription[0], new Subscription[0][]);

    /** Plain (non-queue) subscriptions. */
    public final Subscription[] plain;
    /** One array per queue group (group name = members[0].queue); a message goes to one member of each. */
    public final Subscription[][] queues;

    public MatchResult(Subscription[] plain, Subscription[][] queues) {
        this.plain = plain;
        this.queues = queues;
    }

    public boolean isEmpty() {
        return plain.length == 0 && queues.length == 0;
    }
}
