package io.natsj.routing;

/**
 * What a literal subject matches: every plain subscription and, per queue group, its members.
 * Immutable snapshot; safe to share between threads and to keep in caches. The arrays are shared by
 * every thread that matched the same subject: read them, never write them.
 *
 * <p>Each matched Subscription appears once. Order carries no meaning (Go's order is random).
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
