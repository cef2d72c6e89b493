package io.natsj.jetstream;

import io.natsj.store.ConsumerStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream's consumers, and what the stream does for them: interest and work-queue retention
 * (nats-server's ackMsg and checkInterest), purges passed on, deletion with the stream.
 *
 * <p>Threading: every consumer of a stream lives on one consumer thread ({@link #loop}), so a
 * retention check can ask each of them without locks. The API thread creates, reads and deletes
 * consumers by running tasks there and waiting for them ({@link #call}); the map of names is
 * concurrent so that counting and listing names need no hop.
 */
final class Consumers {
    private static final Logger LOG = LoggerFactory.getLogger(Consumers.class);
    private static final long CALL_TIMEOUT_SECONDS = 10;

    /** How consumers are created: their store, and what to announce. */
    interface Factory {
        ConsumerStore store(Stream stream, String name, ConsumerConfig config);

        ConsumerIo io();

        String domain();

        /** A consumer went away on its own (inactive threshold): announce it as deleted. */
        void expired(Stream stream, Consumer c);

        void advise(Stream stream, Consumer c, Consumer.Event event, long seq, long dseq, long deliveries, long ackTimeNanos);
    }

    private final Stream stream;
    private final ScheduledExecutorService loop;
    private final Factory factory;
    private final ConcurrentSkipListMap<String, Consumer> byName = new ConcurrentSkipListMap<>();
    private final Consumer.Host host;

    Consumers(Stream stream, ScheduledExecutorService loop, Factory factory) {
        this.stream = stream;
        this.loop = loop;
        this.factory = factory;
        this.host = new Consumer.Host() {
            @Override
            public Stream stream() {
                return stream;
            }

            @Override
            public ScheduledExecutorService loop() {
                return loop;
            }

            @Override
            public ConsumerIo io() {
                return factory.io();
            }

            @Override
            public void acked(Consumer c, long sseq) {
                Consumers.this.acked(c, sseq);
            }

            @Override
            public void expired(Consumer c) {
                if (byName.remove(c.name, c)) {
                    retire(c);
                    c.stop(true);
                    factory.expired(stream, c);
                }
            }

            @Override
            public void advise(Consumer.Event event, Consumer c, long seq, long dseq, long deliveries, long ackTimeNanos) {
                factory.advise(stream, c, event, seq, dseq, deliveries, ackTimeNanos);
            }
        };
    }

    /** Runs {@code task} on the consumer thread and waits for its result. Not on the consumer thread. */
    <T> T call(Supplier<T> task) {
        CompletableFuture<T> f = CompletableFuture.supplyAsync(task, loop);
        try {
            return f.get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("consumer thread busy", e);
        }
    }

    Consumer get(String name) {
        return byName.get(name);
    }

    int count() {
        return byName.size();
    }

    List<String> names() {
        return new ArrayList<>(byName.keySet());
    }

    List<Consumer> all() {
        return new ArrayList<>(byName.values());
    }

    /**
     * Adds and starts a consumer whose configuration was checked, with a new or restored store.
     * Runs on the consumer thread (through {@link #call}).
     */
    Consumer add(String name, ConsumerConfig config, Instant created, ConsumerStore store, boolean restored) {
        Consumer c = new Consumer(host, name, config, created, store, restored);
        byName.put(name, c);
        c.start();
        return c;
    }

    /** Deletes a consumer and its state; false if there is none. Consumer thread. */
    boolean delete(String name) {
        Consumer c = byName.remove(name);
        if (c == null) {
            return false;
        }
        retire(c);
        c.stop(true);
        return true;
    }

    /**
     * A consumer leaving an interest stream: messages only it still needed go (nats-server's
     * stopWithFlags with the delete flag).
     */
    private void retire(Consumer c) {
        if (stream.config().retention() != StreamConfig.Retention.INTEREST) {
            return;
        }
        io.natsj.store.StreamState st = stream.store.state(false);
        long start = Math.max(c.state().ackFloorStream(), st.firstSeq());
        for (long seq = start; seq <= st.lastSeq() && seq > 0; seq++) {
            if (!interested(seq, c)) {
                stream.store.remove(seq);
            }
        }
    }

    /** nats-server's ackMsg: an acknowledged message leaves a work queue, and an interest stream once nobody needs it. */
    private void acked(Consumer by, long seq) {
        StreamConfig.Retention r = stream.config().retention();
        if (r == StreamConfig.Retention.LIMITS) {
            return;
        }
        if (seq < stream.store.state(false).firstSeq()) {
            return;
        }
        if (r == StreamConfig.Retention.WORK_QUEUE || !interested(seq, by)) {
            stream.store.remove(seq);
        }
    }

    /** nats-server's checkInterest: does a consumer other than {@code except} still need the message? Consumer thread. */
    private boolean interested(long seq, Consumer except) {
        String subject = null;
        for (Consumer o : byName.values()) {
            if (o == except) {
                continue;
            }
            if (subject == null && o.config().filterSubject() != null && !o.config().filterSubject().isEmpty()) {
                io.natsj.store.StoredMessage m = stream.store.load(seq);
                if (m == null) {
                    return false;
                }
                subject = m.subject();
            }
            if (o.needsAck(seq, subject)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a newly published message on {@code subject} interests any consumer (interest retention). Any thread. */
    boolean anyInterest(String subject) {
        for (Consumer o : byName.values()) {
            if (o.matches(subject)) {
                return true;
            }
        }
        return false;
    }

    /** New messages are durable: every consumer may deliver. Any thread. */
    void signal() {
        for (Consumer c : byName.values()) {
            c.signal();
        }
    }

    /**
     * The stream was purged below {@code seq} (0: all of it, up to {@code last}); with {@code subject}
     * non-null (the purge request's subject), only consumers whose filter it matches. Any thread.
     */
    void purged(long seq, long last, String subject) {
        loop.execute(() -> byName.values().forEach(c -> {
            if (subject == null || c.matches(subject)) {
                c.purged(seq, last);
            }
        }));
    }

    /** Stops every consumer; {@code delete} also deletes their state (the stream is deleted). Not on the consumer thread. */
    void stopAll(boolean delete) {
        try {
            call(() -> {
                for (Consumer c : byName.values()) {
                    c.stop(delete);
                }
                byName.clear();
                return null;
            });
        } catch (IllegalStateException e) {
            LOG.warn("Stopping the consumers of stream '{}': {}", stream.name(), e.getMessage());
        }
    }
}
