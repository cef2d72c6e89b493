package io.natsj.jetstream;

import io.natsj.JetStreamOptions;
import io.natsj.auth.JetStreamLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JetStream on this server (nats-server's jetStream): the settings it runs with, the accounts it is
 * enabled for, the server-wide API counters and the API dispatch. It knows nothing of connections:
 * the server hands it requests ({@link JetStreamApi#dispatch}) and publishes what it answers.
 *
 * <p>Threading: built and started on the server's start-up thread; the account map is fixed then.
 * Counters are atomics (the API thread writes, monitoring reads).
 */
public final class JetStream {
    private static final Logger LOG = LoggerFactory.getLogger(JetStream.class);

    private final JetStreamConfig config;
    /** By account name, in the configuration's order; not changed after start. */
    private final Map<String, JsAccount> accounts;
    /** The same accounts as an array: every file or memory publish sums their usage, without an iterator. */
    private final JsAccount[] accountArray;
    private final AtomicLong apiTotal = new AtomicLong();
    private final AtomicLong apiErrors = new AtomicLong();
    private final JetStreamApi api = new JetStreamApi(this);
    /** Runs every mirror and source feed (see {@link Sourcing}), and their once-a-second tick. */
    private final java.util.concurrent.ScheduledExecutorService sourcing =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "natsj-js-sourcing");
                t.setDaemon(true);
                return t;
            });

    /**
     * The consumer threads, "natsj-js-consumer-N", one per core: each stream's consumers run on one of
     * them (given round robin as streams open), so a stream's consumers share state without locks.
     */
    private final java.util.concurrent.ScheduledThreadPoolExecutor[] consumerThreads;
    private final java.util.concurrent.atomic.AtomicInteger nextConsumerThread = new java.util.concurrent.atomic.AtomicInteger();

    private JetStream(JetStreamConfig config, Map<String, JetStreamLimits> enabled, StreamBinder binder) {
        this.config = config;
        this.consumerThreads = new java.util.concurrent.ScheduledThreadPoolExecutor[Math.max(1, Runtime.getRuntime().availableProcessors())];
        for (int i = 0; i < consumerThreads.length; i++) {
            String threadName = "natsj-js-consumer-" + i;
            consumerThreads[i] = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, threadName);
                t.setDaemon(true);
                return t;
            });
            consumerThreads[i].setRemoveOnCancelPolicy(true);
        }
        Map<String, JsAccount> m = new LinkedHashMap<>();
        io.natsj.store.SyncPolicy sync = config.syncInterval() == null ? io.natsj.store.SyncPolicy.ALWAYS
                : io.natsj.store.SyncPolicy.interval(config.syncInterval());
        enabled.forEach((name, limits) -> {
            JsAccount a = new JsAccount(name, limits);
            Streams.Accounting accounting = new Streams.Accounting() {
                @Override
                public java.util.function.LongConsumer usage(StreamConfig.Storage type) {
                    return a.usage(type);
                }

                @Override
                public boolean serverFull(StreamConfig.Storage type) {
                    return used(type) > (type == StreamConfig.Storage.MEMORY ? config.maxMemory() : config.maxStore());
                }

                @Override
                public boolean accountOver(StreamConfig.Storage type) {
                    return a.overLimits(type);
                }
            };
            a.streams(new Streams(name, Path.of(config.storeDir()), sync, config.domain(), sourcing, accounting, new Streams.Binder() {
                @Override
                public Runnable bind(String account, String subject, Stream stream) {
                    return binder.bind(account, List.of(subject), stream::publish);
                }

                @Override
                public void republish(String account, String subject, byte[] headers, byte[] payload) {
                    binder.republish(account, subject, headers, payload);
                }

                @Override
                public ConsumerIo consumerIo(String account) {
                    return binder.consumerIo(account);
                }

                @Override
                public java.util.concurrent.ScheduledExecutorService consumerThread() {
                    return consumerThreads[Math.floorMod(nextConsumerThread.getAndIncrement(), consumerThreads.length)];
                }
            }));
            m.put(name, a);
        });
        this.accounts = m;
        this.accountArray = m.values().toArray(new JsAccount[0]);
        api.register(ApiSubjects.ACCOUNT_INFO, new AccountInfo(config));
        new StreamApi(this).register(api);
        new ConsumerApi().register(api);
        for (JsAccount a : m.values()) {
            a.streams().recover();
        }
        sourcing.scheduleWithFixedDelay(() -> {
            for (JsAccount a : m.values()) {
                a.streams().tick();
            }
        }, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** What a stream's ingest is given: a published message; returns its answer now or later. */
    public interface Ingest {
        Stream.Outcome publish(String subject, byte[] headers, byte[] payload);
    }

    /**
     * How published messages reach streams: the server subscribes a stream's subjects in its account
     * and hands each message to the ingest; the returned action unsubscribes them.
     */
    public interface StreamBinder {
        Runnable bind(String account, List<String> subjects, Ingest ingest);

        /** Publishes a message with a header block in the account, after what was published before it. Any thread. */
        void republish(String account, String subject, byte[] headers, byte[] payload);

        /** How the account's consumers deliver and listen. */
        ConsumerIo consumerIo(String account);
    }

    /**
     * nats-server's EnableJetStream: settles the settings, makes sure the store directory is there and
     * writable, and logs what nats-server logs.
     *
     * @param enabled the accounts JetStream is enabled for, with their limits
     * @throws IllegalStateException with nats-server's text when the store directory cannot be used
     */
    public static JetStream start(JetStreamOptions options, Map<String, JetStreamLimits> enabled, StreamBinder binder) {
        LOG.info("Starting JetStream");
        JetStreamConfig config = JetStreamConfig.resolve(options);
        checkStoreDir(Path.of(config.storeDir()));
        banner(config);
        return new JetStream(config, enabled, binder);
    }

    private static void checkStoreDir(Path dir) {
        if (!Files.exists(dir)) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new IllegalStateException("could not create storage directory - " + e.getMessage(), e);
            }
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("storage directory is not a directory");
        }
        try {
            Files.delete(Files.createTempFile(dir, "_test_", ""));
        } catch (IOException e) {
            throw new IllegalStateException("storage directory is not writable", e);
        }
    }

    private static void banner(JetStreamConfig c) {
        LOG.info("    _ ___ _____ ___ _____ ___ ___   _   __  __");
        LOG.info(" _ | | __|_   _/ __|_   _| _ \\ __| /_\\ |  \\/  |");
        LOG.info("| || | _|  | | \\__ \\ | | |   / _| / _ \\| |\\/| |");
        LOG.info(" \\__/|___| |_| |___/ |_| |_|_\\___/_/ \\_\\_|  |_|");
        LOG.info("");
        LOG.info("         https://docs.nats.io/jetstream");
        LOG.info("");
        LOG.info("---------------- JETSTREAM ----------------");
        LOG.info("  Max Memory:      {}", FriendlyBytes.format(c.maxMemory()));
        LOG.info("  Max Storage:     {}", FriendlyBytes.format(c.maxStore()));
        LOG.info("  Store Directory: \"{}\"", c.storeDir());
        if (c.domain() != null) {
            LOG.info("  Domain:          {}", c.domain());
        }
        LOG.info("-------------------------------------------");
    }

    /** nats-server's shutdownJetStream, as far as it logs. */
    public void shutdown() {
        LOG.info("Initiating JetStream Shutdown...");
        sourcing.shutdownNow();
        for (JsAccount a : accounts.values()) {
            a.streams().close();
        }
        for (var t : consumerThreads) {
            t.shutdownNow();
        }
        LOG.info("JetStream Shutdown");
    }

    public JetStreamConfig config() {
        return config;
    }

    public JetStreamApi api() {
        return api;
    }

    /** The account's JetStream state, or null when JetStream is not enabled for it. */
    public JsAccount account(String name) {
        return accounts.get(name);
    }

    public List<JsAccount> accounts() {
        return new ArrayList<>(accounts.values());
    }

    public long apiTotal() {
        return apiTotal.get();
    }

    public long apiErrors() {
        return apiErrors.get();
    }

    /** Bytes reserved by memory streams with max_bytes (nats-server's memReserved). */
    public long reservedMemory() {
        return reserved(StreamConfig.Storage.MEMORY);
    }

    /** Bytes reserved by file streams with max_bytes (nats-server's storeReserved). */
    public long reservedStore() {
        return reserved(StreamConfig.Storage.FILE);
    }

    /** Bytes every account's streams of this storage hold (nats-server's memUsed / storeUsed). */
    long used(StreamConfig.Storage type) {
        long n = 0;
        for (JsAccount a : accountArray) {
            n += type == StreamConfig.Storage.MEMORY ? a.memory() : a.storage();
        }
        return n;
    }

    /** Unlike an account's reservation, the server's counts each stream's max_bytes once, whatever its replicas. */
    long reserved(StreamConfig.Storage storage) {
        long n = 0;
        for (JsAccount a : accounts.values()) {
            for (Stream s : a.streams().all()) {
                if (s.config().maxBytes() > 0 && s.config().storage() == storage) {
                    n += s.config().maxBytes();
                }
            }
        }
        return n;
    }

    void countRequest(boolean error) {
        apiTotal.incrementAndGet();
        if (error) {
            apiErrors.incrementAndGet();
        }
    }
}
