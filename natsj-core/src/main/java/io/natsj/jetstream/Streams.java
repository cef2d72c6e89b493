package io.natsj.jetstream;

import io.natsj.store.ConsumerStore;
import io.natsj.store.FileConsumerStore;
import io.natsj.store.MemoryConsumerStore;
import io.natsj.store.DiscardPolicy;
import io.natsj.store.FileStore;
import io.natsj.store.FileStoreOptions;
import io.natsj.store.MemoryStore;
import io.natsj.store.StreamLimits;
import io.natsj.store.StreamStore;
import io.natsj.store.SyncPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One account's streams: created, found, deleted, and reopened from the store directory at start-up.
 * A file stream lives in {@code <store_dir>/<account>/streams/<name>/}, its configuration beside its
 * messages (written before the stream answers "created"); a memory stream lives as long as the server.
 *
 * <p>Threading: created and deleted on the API thread; looked up from any thread (a concurrent map
 * sorted by name, as nats-server lists streams).
 */
final class Streams {
    private static final Logger LOG = LoggerFactory.getLogger(Streams.class);

    /** How a stream's subjects reach it: the server subscribes them in the account. */
    interface Binder {
        /** Starts delivering messages published on one of the stream's subjects to it; returns what unbinds it. */
        Runnable bind(String account, String subject, Stream stream);

        /** Publishes a stream's republished copy in the account; called in sequence order, from any thread. */
        void republish(String account, String subject, byte[] headers, byte[] payload);

        /** How the account's consumers deliver and listen. */
        ConsumerIo consumerIo(String account);

        /** The consumer thread a new stream's consumers run on. */
        java.util.concurrent.ScheduledExecutorService consumerThread();
    }

    private final String account;
    private final Path dir;
    private final SyncPolicy sync;
    private final String domain;
    private final Binder binder;
    private final ConcurrentSkipListMap<String, Entry> byName = new ConcurrentSkipListMap<>();
    private final Sourcing sourcing;
    private final Accounting accounting;

    /** The account's usage and limits, as its streams need them. */
    interface Accounting {
        /** Where a store of this storage reports its changes in bytes. */
        java.util.function.LongConsumer usage(StreamConfig.Storage type);

        /** The server's streams of this storage hold more than it may (max_memory_store, max_file_store). */
        boolean serverFull(StreamConfig.Storage type);

        /** The account holds more than its limits allow. */
        boolean accountOver(StreamConfig.Storage type);
    }
    private final Stream.Hooks hooks = new Stream.Hooks() {
        @Override
        public void republish(String subject, byte[] headers, byte[] payload) {
            binder.republish(account, subject, headers, payload);
        }

        @Override
        public void stored(String stream) {
            sourcing.stored(stream);
        }

        @Override
        public boolean serverFull(StreamConfig.Storage type) {
            return accounting.serverFull(type);
        }

        @Override
        public boolean accountOver(StreamConfig.Storage type) {
            return accounting.accountOver(type);
        }
    };

    /** A stream and what unbinds each of its subjects (an update binds and unbinds only the ones that change). */
    private record Entry(Stream stream, java.util.Map<String, Runnable> bound) {
        void unbind() {
            bound.values().forEach(Runnable::run);
            bound.clear();
        }
    }

    private Entry bind(Stream s) {
        java.util.Map<String, Runnable> bound = new java.util.LinkedHashMap<>();
        for (String subject : s.config().subjects()) {
            bound.put(subject, binder.bind(account, subject, s));
        }
        return new Entry(s, bound);
    }

    Streams(String account, Path storeDir, SyncPolicy sync, String domain, java.util.concurrent.Executor sourcingThread,
            Accounting accounting, Binder binder) {
        this.sourcing = new Sourcing(sourcingThread, this::get);
        this.accounting = accounting;
        this.account = account;
        this.dir = storeDir.resolve(account).resolve("streams");
        this.sync = sync;
        this.domain = domain;
        this.binder = binder;
    }

    /** Reopens the file streams found on disk. Start-up. */
    void recover() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                FileStore store = null;
                try {
                    store = FileStore.open(p, p.getFileName().toString(), new FileStoreOptions(FileStoreOptions.DEFAULT_BLOCK_SIZE, sync),
                            StreamLimits.NONE);
                    byte[] meta = store.readConfig();
                    if (meta == null) {
                        LOG.warn("  Skipping stream directory {} without a configuration", p);
                        store.close();
                        continue;
                    }
                    String[] parts = new String(meta, StandardCharsets.UTF_8).split("\n", 2);
                    StreamConfig c = StreamConfigJson.decode(parts[1]);
                    store.updateLimits(limits(c));
                    store.usage(accounting.usage(c.storage()));
                    Stream s = new Stream(c, Instant.parse(parts[0]), store, domain, hooks);
                    attachConsumers(s);
                    byName.put(c.name(), bind(s));
                    LOG.info("  Restored stream '{} > {}'", account, c.name());
                } catch (RuntimeException | StreamConfigJson.InvalidJson e) {
                    LOG.error("  Error recovering stream in {}: {}", p, e.toString());
                    if (store != null) {
                        store.close();
                    }
                }
            }
        } catch (IOException e) {
            LOG.error("Error reading stream directory {}: {}", dir, e.toString());
        }
        // Every stream is open before any feed runs: a feed reads its origin by name.
        byName.values().forEach(e -> sourcing.start(e.stream(), true));
        byName.values().forEach(e -> restoreConsumers(e.stream()));
    }

    Stream get(String name) {
        Entry e = byName.get(name);
        return e == null ? null : e.stream();
    }

    StreamConfig config(String name) {
        Stream s = get(name);
        return s == null ? null : s.config();
    }

    List<Stream> all() {
        List<Stream> out = new ArrayList<>();
        byName.values().forEach(e -> out.add(e.stream()));
        return out;
    }

    int count() {
        return byName.size();
    }

    /**
     * Creates a checked configuration's stream, or answers for the one there is.
     *
     * @throws StreamConfigCheck.Invalid with nats-server's error (name in use, subjects overlap)
     */
    Stream create(StreamConfig c, java.util.function.Function<StreamConfig, ApiError> limits) throws StreamConfigCheck.Invalid {
        Stream existing = get(c.name());
        if (existing != null) {
            if (existing.config().equals(c)) {
                return existing;
            }
            throw new StreamConfigCheck.Invalid(ApiErrors.STREAM_NAME_EXIST);
        }
        ApiError refused = limits.apply(c);
        if (refused != null) {
            throw new StreamConfigCheck.Invalid(refused);
        }
        checkOverlap(c);
        Instant created = Instant.now();
        StreamStore store;
        if (c.storage() == StreamConfig.Storage.MEMORY) {
            store = new MemoryStore(c.name(), limits(c));
        } else {
            FileStore fs = null;
            try {
                fs = FileStore.open(dir.resolve(c.name()), c.name(), new FileStoreOptions(FileStoreOptions.DEFAULT_BLOCK_SIZE, sync),
                        limits(c));
                fs.writeConfig((created + "\n" + StreamConfigJson.encode(c)).getBytes(StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                if (fs != null) {
                    fs.close(); // its configuration could not be written (a full disk): let a new try open it
                }
                throw new StreamConfigCheck.Invalid(ApiErrors.streamStoreFailed(String.valueOf(e.getMessage())));
            }
            store = fs;
        }
        store.usage(accounting.usage(c.storage()));
        Stream s = new Stream(c, created, store, domain, hooks);
        attachConsumers(s);
        byName.put(c.name(), bind(s));
        sourcing.start(s, false);
        return s;
    }

    /** nats-server's subjectsOverlap: no other stream of the account may take a subject this one takes. */
    private void checkOverlap(StreamConfig c) throws StreamConfigCheck.Invalid {
        for (Entry e : byName.values()) {
            if (e.stream().name().equals(c.name())) {
                continue;
            }
            for (String mine : c.subjects()) {
                for (String theirs : e.stream().config().subjects()) {
                    if (StreamConfigCheck.collide(mine, theirs)) {
                        throw new StreamConfigCheck.Invalid(ApiErrors.STREAM_SUBJECT_OVERLAP);
                    }
                }
            }
        }
    }

    /**
     * Applies a checked update: subjects bound and unbound as they changed (the ones kept are never
     * unbound, so no message on them is missed), the store's limits (stricter ones take effect now),
     * the duplicate window, and the configuration on disk before the stream answers.
     *
     * @throws StreamConfigCheck.Invalid when the new subjects overlap another stream's, or the store fails
     */
    void update(Stream s, StreamConfig c) throws StreamConfigCheck.Invalid {
        checkOverlap(c);
        Entry e = byName.get(c.name());
        if (e == null || e.stream() != s) {
            throw new StreamConfigCheck.Invalid(ApiErrors.STREAM_NOT_FOUND);
        }
        if (s.store instanceof FileStore fs) {
            try {
                fs.writeConfig((s.created + "\n" + StreamConfigJson.encode(c)).getBytes(StandardCharsets.UTF_8));
            } catch (RuntimeException x) {
                throw new StreamConfigCheck.Invalid(ApiErrors.streamStoreFailed(String.valueOf(x.getMessage())));
            }
        }
        s.reconfigure(c);
        s.store.updateLimits(limits(c));
        java.util.Set<String> gone = new java.util.HashSet<>(e.bound().keySet());
        for (String subject : c.subjects()) {
            if (!gone.remove(subject)) {
                e.bound().put(subject, binder.bind(account, subject, s));
            }
        }
        for (String subject : gone) {
            e.bound().remove(subject).run();
        }
    }

    /**
     * After an update: sources kept go on, new ones are added and removed ones stop; the new ones run
     * at {@link #runFeeds} (nats-server sets up source consumers after it answers, so the answer
     * shows the new sources but not what they bring).
     */
    void updateFeeds(Stream s) {
        sourcing.update(s);
    }

    void runFeeds(Stream s) {
        sourcing.kick(s);
    }

    /** A stream's mirror and source feeds, for its info. */
    List<Sourcing.Feed> feeds(Stream s) {
        return sourcing.feeds(s);
    }

    /** Once a second, from the sourcing thread. */
    void tick() {
        sourcing.tick();
    }

    /** Deletes a stream and everything it stored; false if there is none. */
    boolean delete(String name) {
        Entry e = byName.remove(name);
        if (e == null) {
            return false;
        }
        e.unbind();
        sourcing.stop(e.stream());
        e.stream().consumers().stopAll(true);
        e.stream().store.delete();
        return true;
    }

    /** Closes every store (server shutdown); pending syncs complete first. */
    void close() {
        for (Entry e : byName.values()) {
            e.unbind();
            sourcing.stop(e.stream());
            e.stream().consumers().stopAll(false);
            e.stream().store.close();
        }
        byName.clear();
    }

    /** Consumers in the whole account. */
    int consumerCount() {
        int n = 0;
        for (Entry e : byName.values()) {
            n += e.stream().consumers().count();
        }
        return n;
    }

    private void attachConsumers(Stream s) {
        s.consumers(new Consumers(s, binder.consumerThread(), consumerFactory));
    }

    /** Where a file stream keeps a consumer's state: nats-server's layout, {@code <stream>/obs/<consumer>}. */
    private Path consumerDir(String stream, String consumer) {
        return dir.resolve(stream).resolve("obs").resolve(consumer);
    }

    private final Consumers.Factory consumerFactory = new Consumers.Factory() {
        private volatile ConsumerIo io;

        @Override
        public ConsumerStore store(Stream stream, String name, ConsumerConfig config) {
            ConsumerStore.AckMode mode = ackMode(config);
            if (stream.config().storage() == StreamConfig.Storage.MEMORY || config.memStorage()) {
                return MemoryConsumerStore.create(mode);
            }
            return FileConsumerStore.open(consumerDir(stream.name(), name), mode, sync);
        }

        @Override
        public ConsumerIo io() {
            ConsumerIo i = io;
            if (i == null) {
                i = binder.consumerIo(account);
                io = i;
            }
            return i;
        }

        @Override
        public String domain() {
            return domain;
        }

        @Override
        public void expired(Stream stream, Consumer c) {
            ConsumerAdvisories.deleted(io(), stream.name(), c.name, domain);
        }

        @Override
        public void advise(Stream stream, Consumer c, Consumer.Event event, long seq, long dseq, long deliveries,
                long ackTimeNanos) {
            ConsumerAdvisories.delivery(io(), stream.name(), c.name, event, seq, dseq, deliveries, ackTimeNanos, domain);
        }
    };

    static ConsumerStore.AckMode ackMode(ConsumerConfig c) {
        return switch (c.ackPolicy()) {
            case NONE -> ConsumerStore.AckMode.NONE;
            case ALL -> ConsumerStore.AckMode.ALL;
            case EXPLICIT -> ConsumerStore.AckMode.EXPLICIT;
        };
    }

    /** A new consumer's store and its configuration on disk (before it answers "created"). */
    ConsumerStore newConsumerStore(Stream s, String name, ConsumerConfig c, Instant created) {
        ConsumerStore store = consumerFactory.store(s, name, c);
        store.updateConfig((created + "\n" + ConsumerConfigJson.encode(c)).getBytes(StandardCharsets.UTF_8));
        return store;
    }

    /** An accepted update's configuration, on disk before it is answered. API thread. */
    void rewriteConsumerConfig(Stream s, Consumer c, ConsumerConfig update) {
        c.saveConfig((c.created + "\n" + ConsumerConfigJson.encode(update)).getBytes(StandardCharsets.UTF_8));
    }

    ConsumerIo consumerIo() {
        return consumerFactory.io();
    }

    /** Reopens a file stream's durable consumers from {@code obs/}. Start-up, after every stream is open. */
    private void restoreConsumers(Stream s) {
        Path obs = dir.resolve(s.name()).resolve("obs");
        if (s.config().storage() != StreamConfig.Storage.FILE || !Files.isDirectory(obs)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(obs)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                ConsumerStore store = null;
                try {
                    store = FileConsumerStore.open(p, ConsumerStore.AckMode.EXPLICIT, sync);
                    byte[] blob = store.config();
                    if (blob == null) {
                        LOG.warn("  Skipping consumer directory {} without a configuration", p);
                        store.close();
                        store = null;
                        continue;
                    }
                    String[] parts = new String(blob, StandardCharsets.UTF_8).split("\n", 2);
                    ConsumerConfig c = ConsumerConfigJson.decode(parts[1]);
                    if (ackMode(c) != ConsumerStore.AckMode.EXPLICIT) {
                        store.close();
                        store = FileConsumerStore.open(p, ackMode(c), sync);
                    }
                    ConsumerStore opened = store;
                    s.consumers().call(() -> s.consumers().add(name, c, Instant.parse(parts[0]), opened, true));
                } catch (RuntimeException | ConsumerConfigJson.InvalidJson e) {
                    LOG.error("  Error recovering consumer '{} > {} > {}': {}", account, s.name(), name, e.toString());
                    if (store != null) {
                        store.close();
                    }
                }
            }
        } catch (IOException e) {
            LOG.error("Error reading consumer directory {}: {}", obs, e.toString());
        }
    }

    static StreamLimits limits(StreamConfig c) {
        return new StreamLimits(c.maxMsgs(), c.maxBytes(), Duration.ofNanos(Math.max(0, c.maxAgeNanos())),
                c.maxMsgsPerSubject(), (int) c.maxMsgSize(),
                c.discard() == StreamConfig.Discard.NEW ? DiscardPolicy.NEW : DiscardPolicy.OLD, c.discardNewPerSubject());
    }
}
