package io.natsj.server;

import io.natsj.auth.Export;
import io.natsj.monitor.SublistStats;
import io.natsj.routing.MatchCache;
import io.natsj.routing.SubjectIndex;
import io.natsj.routing.Subscription;
import io.netty.util.concurrent.FastThreadLocal;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * An account at run time: its own subject space, and the routes by which messages cross into it
 * from accounts it imports from. Clients of one account never see another's messages otherwise.
 *
 * <p>Threading: the index is thread-safe; each event loop has its own match cache in front of it,
 * made when a client of this account first publishes from that loop. Imports are replaced as a
 * whole (volatile). Pending service responses are a concurrent map, touched by any loop.
 */
final class ServerAccount {
    /** nats-server's default response_threshold of a service export. */
    static final Duration DEFAULT_RESPONSE_THRESHOLD = Duration.ofMinutes(2);
    private static final String DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    /** Pending responses checked for expiry every this many new requests. */
    private static final int SWEEP_EVERY = 1024;

    final String name;
    /** Thread-safe; shared by every connection of this account. */
    final SubjectIndex index = new SubjectIndex();
    private final FastThreadLocal<MatchCache> matchCaches = new FastThreadLocal<>() {
        @Override
        protected MatchCache initialValue() {
            MatchCache c = new MatchCache(index);
            allCaches.add(c);
            return c;
        }
    };
    /** Every loop's cache of this account, for the monitoring figures; added to once per thread. */
    private final List<MatchCache> allCaches = new CopyOnWriteArrayList<>();
    /** When the account was created (nats-server's update_time without JWTs). */
    final Instant created = Instant.now();
    // Figures of this account's connections that have closed (or left it), added as they close: live
    // ones are summed on demand (/accstatz, the system account's account statistics).
    final LongAdder closedInMsgs = new LongAdder();
    final LongAdder closedInBytes = new LongAdder();
    final LongAdder closedOutMsgs = new LongAdder();
    final LongAdder closedOutBytes = new LongAdder();
    final LongAdder slowConsumers = new LongAdder();
    /** This account's stream imports; a client's subscriptions are mirrored through them. */
    volatile List<ImportRoutes.StreamImport> streamImports = List.of();
    /** The subscriptions of this account's service imports, in its own index; replaced on reload. */
    private final java.util.List<Subscription> serviceImports = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Reply subjects handed to exporters' responders, by subject; any thread. */
    private final ConcurrentHashMap<String, ImportRoutes.ResponseRoute> responses = new ConcurrentHashMap<>();
    /** {@code _R_.<6 random>.}: the prefix of this account's response subjects; set once. */
    private volatile String replyPrefix;
    private int requestsSinceSweep;
    /**
     * Connections in this account now, unauthenticated ones in the global account included (as
     * nats-server counts them); changed by the connections' loops as they move in and out.
     */
    final AtomicInteger clients = new AtomicInteger();

    ServerAccount(String name) {
        this.name = name;
    }

    void addServiceImport(Subscription s) {
        serviceImports.add(s);
        index.insert(s);
    }

    /** Forgets every import before a reload wires them again. Existing shadow subscriptions stay. */
    void dropImports() {
        for (Subscription s : serviceImports) {
            index.remove(s);
        }
        serviceImports.clear();
        streamImports = List.of();
    }

    /** nats-server's SublistStats for this account, the loops' caches taken together. Any thread. */
    SublistStats sublistStats() {
        long[] churn = index.churn();
        long matches = 0;
        long hits = 0;
        long cached = 0;
        long maxFanout = 0;
        long totalFanout = 0;
        for (MatchCache c : allCaches) {
            long[] s = c.stats();
            matches += s[0];
            hits += s[1];
            cached += s[2];
            maxFanout = Math.max(maxFanout, s[3]);
            totalFanout += s[4];
        }
        return new SublistStats(index.count(), cached, churn[0], churn[1], matches, hits, maxFanout, totalFanout);
    }

    /** The calling event loop's match cache for this account. */
    MatchCache matchCache() {
        return matchCaches.get();
    }

    /**
     * A new reply subject in this (exporting) account that routes one response (or, for streamed
     * and chunked services, every response until the threshold passes) back to {@code reply} in
     * {@code requester}. Any thread.
     */
    String newResponseSubject(ServerAccount requester, String reply, Export export) {
        String prefix = replyPrefix();
        StringBuilder sb = new StringBuilder(prefix.length() + 11).append(prefix);
        long r = ThreadLocalRandom.current().nextLong() >>> 1;
        for (int i = 0; i < 11; i++) {
            sb.append(DIGITS.charAt((int) (r % DIGITS.length())));
            r /= DIGITS.length();
        }
        String subject = sb.toString();
        Duration threshold = export.responseThreshold() != null ? export.responseThreshold() : DEFAULT_RESPONSE_THRESHOLD;
        boolean singleton = Export.SINGLETON.equalsIgnoreCase(export.responseType());
        responses.put(subject, new ImportRoutes.ResponseRoute(requester, reply, singleton,
                System.nanoTime() + threshold.toNanos()));
        if (++requestsSinceSweep >= SWEEP_EVERY) {
            requestsSinceSweep = 0;
            sweepExpired();
        }
        return subject;
    }

    /** The route for a response published on {@code subject}, used up if it was a singleton; null if none. */
    ImportRoutes.ResponseRoute takeResponse(String subject) {
        ImportRoutes.ResponseRoute r = responses.get(subject);
        if (r == null) {
            return null;
        }
        if (System.nanoTime() - r.deadlineNanos() > 0) {
            responses.remove(subject, r);
            return null;
        }
        if (r.singleton()) {
            return responses.remove(subject, r) ? r : null;
        }
        return r;
    }

    int pendingResponses() {
        return responses.size();
    }

    private void sweepExpired() {
        long now = System.nanoTime();
        for (Iterator<Map.Entry<String, ImportRoutes.ResponseRoute>> it = responses.entrySet().iterator(); it.hasNext();) {
            if (now - it.next().getValue().deadlineNanos() > 0) {
                it.remove();
            }
        }
    }

    private String replyPrefix() {
        String p = replyPrefix;
        if (p == null) {
            synchronized (this) { // guards the one-time creation of the prefix and its subscription
                p = replyPrefix;
                if (p == null) {
                    StringBuilder sb = new StringBuilder("_R_.");
                    long r = ThreadLocalRandom.current().nextLong() >>> 1;
                    for (int i = 0; i < 6; i++) {
                        sb.append(DIGITS.charAt((int) (r % DIGITS.length())));
                        r /= DIGITS.length();
                    }
                    p = sb.append('.').toString();
                    index.insert(new Subscription(new ImportRoutes.Responses(this), p + ">", null, "_R_"));
                    replyPrefix = p;
                }
            }
        }
        return p;
    }

    @Override
    public String toString() {
        return name;
    }
}
