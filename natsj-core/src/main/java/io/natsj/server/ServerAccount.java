package io.natsj.server;

import io.natsj.routing.MatchCache;
import io.natsj.routing.SubjectIndex;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * An account at run time: its own subject space. Clients of one account never see another's
 * messages except through imports and exports.
 *
 * <p>Threading: the index is thread-safe; each event loop has its own match cache in front of it,
 * made when a client of this account first publishes from that loop.
 */
final class ServerAccount {
    final String name;
    /** Thread-safe; shared by every connection of this account. */
    final SubjectIndex index = new SubjectIndex();
    private final FastThreadLocal<MatchCache> matchCaches = new FastThreadLocal<>() {
        @Override
        protected MatchCache initialValue() {
            return new MatchCache(index);
        }
    };

    ServerAccount(String name) {
        this.name = name;
    }

    /** The calling event loop's match cache for this account. */
    MatchCache matchCache() {
        return matchCaches.get();
    }

    @Override
    public String toString() {
        return name;
    }
}
