package io.natsj.routing;

/**
 * STUB — the routing helper replaces this with the token trie.
 *
 * <p>CONTRACT: thread-safe; public methods below stay.
 */
public final class SubjectIndex {
    /** Adds a subscription; its subject has been validated by the caller. */
    public void insert(Subscription sub) {
    }

    /** Removes a subscription; returns false if it was not present. */
    public boolean remove(Subscription sub) {
        return false;
    }

    /** Matches a literal subject (no wildcards) against every subscription. */
    public MatchResult match(String subject) {
        return MatchResult.EMPTY;
    }

    /** Number of subscriptions. */
    public int count() {
        return 0;
    }
}
