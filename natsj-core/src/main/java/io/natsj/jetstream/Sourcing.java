package io.natsj.jetstream;

import io.natsj.store.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrors and sources between the streams of one account. nats-server feeds them through internal
 * push consumers on the origin stream; here both streams live in this server, so a feed reads the
 * origin's store directly, from the sequence after the last one it took, whenever the origin stores
 * a message and once a second. What nats-server shows of it is kept: a mirror keeps the origin's
 * sequences and times; a sourced message carries {@code Nats-Stream-Source: <name> <origin seq>},
 * from which a restart finds where to resume; stream info gives each feed's lag, the time since
 * it last ran ("active") and its error (the origin is missing).
 *
 * <p>Sources with {@code external} (another account or domain, through an API prefix) need the
 * consumer API and are not fed yet: natsj logs a warning when such a stream starts, and its info
 * shows the source as never active.
 *
 * <p>Threading: feeds are added and removed on the API thread and read anywhere (a copy-on-write
 * list); a feed's pump runs on the one sourcing executor only, so its position needs no lock.
 */
final class Sourcing {
    private static final Logger LOG = LoggerFactory.getLogger(Sourcing.class);
    static final String SOURCE_HEADER = "Nats-Stream-Source";
    /** Messages one pump moves before it yields the thread to other feeds. */
    private static final int BATCH = 512;

    private final Executor thread;
    private final Function<String, Stream> streams;
    private final List<Feed> feeds = new CopyOnWriteArrayList<>();

    /** One mirror or source of a stream. */
    final class Feed {
        final Stream target;
        final StreamConfig.Source source;
        final boolean mirror;
        /** nats-server's index name: the origin's name (its API prefix's hash too, for external ones). */
        final String iname;
        private final AtomicBoolean scheduled = new AtomicBoolean();
        /** The last origin sequence taken; -1 until the start is settled. Sourcing thread. */
        private long sseq = -1;
        volatile long lag;
        /** System.nanoTime() of the last run that found the origin; 0 for never. */
        volatile long lastActive;
        volatile ApiError error;

        /** Started with a stream reopened at start-up (a source new to it then starts at its last time). */
        private final boolean recovered;

        Feed(Stream target, StreamConfig.Source source, boolean mirror, boolean recovered) {
            this.target = target;
            this.source = source;
            this.mirror = mirror;
            this.iname = source.name();
            this.recovered = recovered;
        }

        private String filter() {
            String f = source.filterSubject();
            return f == null || f.isEmpty() ? ">" : f;
        }

        private void schedule() {
            if (source.external() == null && scheduled.compareAndSet(false, true)) {
                thread.execute(this::pump);
            }
        }

        private void pump() {
            scheduled.set(false);
            if (!feeds.contains(this)) {
                return;
            }
            Stream origin = streams.apply(source.name());
            if (origin == null) {
                error = ApiErrors.STREAM_NOT_FOUND;
                lag = 0;
                return;
            }
            error = null;
            lastActive = System.nanoTime();
            try {
                if (sseq < 0) {
                    sseq = start(origin);
                }
                int moved = 0;
                for (; moved < BATCH; moved++) {
                    StoredMessage m = origin.store.loadNext(filter(), sseq + 1);
                    if (m == null || !take(m)) {
                        break;
                    }
                    sseq = m.seq();
                }
                lag = origin.store.filteredState(sseq + 1, filter()).msgs();
                if (moved == BATCH) {
                    schedule();
                }
            } catch (RuntimeException e) {
                // A damaged origin record (it is taken off the origin's index), or a stream closing:
                // start over from what the target holds at the next run.
                LOG.debug("Sourcing {} into {}: {}", source.name(), target.name(), e.toString());
                sseq = -1;
            }
        }

        /** Stores one origin message in the target; false when the target refused it (tried again later). */
        private boolean take(StoredMessage m) {
            if (mirror) {
                CompletableFuture<Long> stored = target.storeMirrored(m);
                if (stored != null && stored.isCompletedExceptionally()) {
                    warnRefused(stored);
                    return false;
                }
                if (stored != null) {
                    stored.exceptionally(e -> {
                        sseqLost();
                        return null;
                    });
                }
                return true;
            }
            byte[] headers = sourceHeaders(m.headers(), iname, m.seq());
            Stream.Outcome o = target.publish(m.subject(), headers, m.payload());
            if (o.now() != null && o.now().contains("\"error\":")) {
                LOG.warn("Error processing inbound source \"{}\" for '{}': {}", iname, target.name(), o.now());
                return false;
            }
            if (o.later() != null) {
                o.later().thenAccept(answer -> {
                    if (answer.contains("\"error\":")) {
                        sseqLost();
                    }
                });
            }
            return true;
        }

        /** A store failed after the feed moved on: settle the position again from the target. */
        private void sseqLost() {
            thread.execute(() -> sseq = -1);
        }

        private void warnRefused(CompletableFuture<Long> stored) {
            stored.exceptionally(e -> {
                LOG.warn("Error processing inbound mirror message for '{}': {}", target.name(), e.getMessage());
                return null;
            });
        }

        /**
         * Where to start (the last origin sequence taken), as nats-server's setupMirrorConsumer and
         * setSourceConsumer decide: a mirror after its last sequence; a source after the last message
         * it brought (its header); else from opt_start_seq or opt_start_time; a source of a stream
         * reopened at start-up that holds messages but none of this origin's starts at the stream's
         * last time (nats-server's fallback when they were purged or expired).
         */
        private long start(Stream origin) {
            io.natsj.store.StreamState state = target.store.state(false);
            if (mirror) {
                if (state.lastSeq() > 0) {
                    return state.lastSeq();
                }
                return configured(origin, null);
            }
            for (long seq = state.lastSeq(); seq >= state.firstSeq() && state.msgs() > 0; seq--) {
                StoredMessage m;
                try {
                    m = target.store.load(seq);
                } catch (RuntimeException e) {
                    continue;
                }
                if (m == null || m.headers().length == 0) {
                    continue;
                }
                String h = JsHeaders.get(m.headers(), 0, m.headers().length, SOURCE_HEADER);
                if (h == null) {
                    continue;
                }
                String[] f = h.trim().split("\\s+");
                if (f.length == 2 && f[0].equals(iname)) {
                    try {
                        return Long.parseUnsignedLong(f[1]);
                    } catch (NumberFormatException e) {
                        return 0;
                    }
                }
            }
            Instant since = recovered && state.msgs() > 0 && state.lastTime() != 0
                    ? Instant.ofEpochSecond(0, state.lastTime()) : null;
            return configured(origin, since);
        }

        /** opt_start_seq, else opt_start_time (no earlier than {@code since}), else {@code since}, else all. */
        private long configured(Stream origin, Instant since) {
            if (source.optStartSeq() > 0) {
                return source.optStartSeq() - 1;
            }
            Instant t = source.optStartTime();
            if (t != null && since != null && t.isBefore(since)) {
                t = since;
            }
            if (t == null) {
                t = since;
            }
            return t == null ? 0 : firstAtOrAfter(origin, t) - 1;
        }
    }

    Sourcing(Executor thread, Function<String, Stream> streams) {
        this.thread = thread;
        this.streams = streams;
    }

    /**
     * Starts feeding a stream from its mirror or sources. API thread (or start-up).
     *
     * @param recovered the stream was reopened at start-up (its feeds run now); else they run at
     *        the next {@link #kick}, once the create is answered
     */
    void start(Stream target, boolean recovered) {
        StreamConfig c = target.config();
        if (c.mirror() != null) {
            add(new Feed(target, c.mirror(), true, recovered), recovered);
        }
        for (StreamConfig.Source s : c.sources()) {
            add(new Feed(target, s, false, recovered), recovered);
        }
    }

    private void add(Feed f, boolean run) {
        feeds.add(f);
        if (f.source.external() != null) {
            LOG.warn("Stream '{}': {} '{}' is in another account or domain (external), which natsj does not feed yet",
                    f.target.name(), f.mirror ? "mirror" : "source", f.source.name());
            return;
        }
        if (run) {
            f.schedule();
        }
    }

    /** Stops feeding a stream (deleted, or about to be restarted with a new configuration). */
    void stop(Stream target) {
        feeds.removeIf(f -> f.target == target);
    }

    /**
     * An update: sources kept keep their position; new ones are added (they run at the next
     * {@link #kick}); removed ones stop. API thread.
     */
    void update(Stream target) {
        List<Feed> before = feeds.stream().filter(f -> f.target == target).toList();
        for (StreamConfig.Source s : target.config().sources()) {
            boolean kept = before.stream().anyMatch(f -> f.source.equals(s));
            if (!kept) {
                add(new Feed(target, s, false, false), false);
            }
        }
        for (Feed f : before) {
            if (!f.mirror && !target.config().sources().contains(f.source)) {
                feeds.remove(f);
            }
        }
    }

    /** Runs a stream's feeds now. */
    void kick(Stream target) {
        feeds.stream().filter(f -> f.target == target).forEach(Feed::schedule);
    }

    /** A stream stored a message: the feeds reading from it run. Any thread; cheap without feeds. */
    void stored(String stream) {
        if (feeds.isEmpty()) {
            return;
        }
        for (Feed f : feeds) {
            if (f.source.name().equals(stream)) {
                f.schedule();
            }
        }
    }

    /** Once a second: every feed runs (origins created late, lag and activity kept current). */
    void tick() {
        feeds.forEach(Feed::schedule);
    }

    /** The stream's feeds, mirror first then sources in configuration order. */
    List<Feed> feeds(Stream target) {
        return feeds.stream().filter(f -> f.target == target).sorted((a, b) -> Boolean.compare(b.mirror, a.mirror)).toList();
    }

    /** A sourced message's headers: its own without an older source header, plus this source's. */
    static byte[] sourceHeaders(byte[] headers, String iname, long seq) {
        String line = SOURCE_HEADER + ": " + iname + " " + Long.toUnsignedString(seq) + "\r\n";
        if (headers == null || headers.length <= 2) {
            return JsHeaders.append(null, line);
        }
        String h = new String(headers, StandardCharsets.UTF_8);
        StringBuilder kept = new StringBuilder(h.length());
        for (String l : h.substring(0, h.length() - 2).split("\r\n", -1)) {
            if (!l.isEmpty() && !l.regionMatches(true, 0, SOURCE_HEADER + ":", 0, SOURCE_HEADER.length() + 1)) {
                kept.append(l).append("\r\n");
            }
        }
        return JsHeaders.append(kept.append("\r\n").toString().getBytes(StandardCharsets.UTF_8), line);
    }

    /** The first origin sequence stored at or after {@code t} (times grow with sequences); last + 1 for none. */
    static long firstAtOrAfter(Stream origin, Instant t) {
        long want = t.getEpochSecond() * 1_000_000_000L + t.getNano();
        io.natsj.store.StreamState st = origin.store.state(false);
        long lo = st.firstSeq();
        long hi = st.lastSeq() + 1;
        long answer = hi;
        // Invariant: the first message at or after t is in [lo, hi) or, if none there, is "answer".
        while (lo < hi) {
            long mid = lo + (hi - lo) / 2;
            StoredMessage m = origin.store.loadNext(">", mid);
            if (m == null || m.seq() >= hi) {
                hi = mid;
            } else if (m.timestamp() >= want) {
                answer = m.seq();
                hi = mid;
            } else {
                lo = m.seq() + 1;
            }
        }
        return answer;
    }
}
