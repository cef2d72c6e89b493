package io.natsj.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer's state in a directory (nats-server's consumerFileStore; the server puts it at
 * {@code <stream directory>/obs/<consumer name>/}): an append-only log of small records
 * ({@link ConsumerLogFormat}), rewritten from a snapshot of the state when it has grown well past
 * one, and the consumer's config blob in a file of its own.
 *
 * <p>Files: {@code consumer.log} (the log), {@code consumer.conf} (CRC32C u32 then the blob), {@code lock}
 * (held with an OS lock while open: one store per directory), and {@code consumer.log.damaged}, a copy of a log
 * found damaged, kept for inspection. {@code consumer.log.tmp} and {@code consumer.conf.tmp} exist only while
 * being written; an open removes leftovers.
 *
 * <p>Writes: each update applies to the state in memory ({@link ConsumerStateMachine}), then its
 * record is encoded and collected in a 64 KiB buffer, written with one positional write when it fills,
 * at {@link #flush} (the consumer calls it once its thread has run the tasks queued, so per burst of
 * acks), at a sync and at a close (the page cache; no allocation, one system call for many updates).
 * Nothing is promised before its sync completes. {@link #sync} writes what was collected and asks for
 * an fsync: one "natsj-store-sync-N" thread
 * at a time forces the file and completes every future registered before the fsync started, so
 * syncs follow the disk's pace (group commit). With {@link SyncPolicy#interval} sync completes
 * after the write and the file is forced every interval.
 *
 * <p>Compaction: when the log has grown since its last rewrite by more than both the compaction
 * threshold (1 MiB by default) and twice the size of a snapshot of the state, the state is written
 * as a fresh log: a temporary file, fsynced, renamed over the log, the directory fsynced. The
 * rewrite costs O(snapshot) plus its fsyncs, and the log must first grow by at least twice the
 * snapshot and by the threshold, so it adds O(1) per byte appended; the log stays below the snapshot
 * it was rewritten from plus the larger of the threshold and two snapshots of the state now. A
 * rewrite also makes everything before it durable, completing waiting syncs.
 *
 * <p>Failures: an update never throws for I/O. A failed write leaves the state in memory ahead of
 * the log; nothing more is appended (a record missing from the middle would replay to a wrong
 * state) and the state is rewritten whole instead, tried at the next update or sync at most once a
 * second ({@link #rewriteRetryNanos}); meanwhile {@link #sync} fails with the system's reason. A
 * failed fsync is handled the same way: no later fsync of that file proves what it lost, a rewrite
 * does.
 *
 * <p>Recovery ({@link #open}) replays the log: an incomplete or invalid record with nothing valid
 * after it is a write cut short (a crash; a power cut losing unsynced pages) and is cut off (WARN).
 * An invalid record with valid ones after it is damage: the state stays the one the records before
 * it prove (ERROR; later updates are lost, so some acknowledged messages may be delivered again,
 * never the reverse), the log is copied to {@code consumer.log.damaged} and rewritten from that state. A close
 * appends a CLOSED record once everything is synced, so damage to a cleanly closed log's last
 * updates is found as damage rather than taken for a cut-short write.
 *
 * <p>Threading: every public method holds the store's lock ({@link #lock}); the consumer calls them
 * from one thread, other threads may read {@link #state}. The sync thread takes only {@link #guard}
 * (lock order: lock, then guard) and never waits for the store's lock.
 */
public final class FileConsumerStore implements ConsumerStore {
    private static final Logger log = LoggerFactory.getLogger(FileConsumerStore.class);
    static final String LOG = "consumer.log";
    static final String LOG_TMP = "consumer.log.tmp";
    static final String DAMAGED = "consumer.log.damaged";
    static final String CONFIG = "consumer.conf";
    static final String CONFIG_TMP = "consumer.conf.tmp";
    static final String LOCK = "lock";
    static final long DEFAULT_COMPACT_BYTES = 1L << 20;

    private final Path dir;
    private final String name;
    private final SyncPolicy policy;
    private final long compactBytes;
    /** How the log is opened: the file system, or a test's faulty one. */
    private final Segment.Opener files;
    private final Executor executor = StoreThreads.sync();
    private final FailureLog failures;

    private final Object lock = new Object();
    /** Guarded by {@link #lock}, as is everything down to {@link #guard} unless it says otherwise. */
    private final ConsumerStateMachine state;
    private final ConsumerLogFormat format = new ConsumerLogFormat();
    /** Where the next record goes: the end of the valid records. */
    private long size;
    /** The log's size right after its last rewrite (or its first record's end, when opened): growth is measured from it. */
    private long compactedSize;
    /** A write failed: the log is behind the state, and only a rewrite may write again. */
    private boolean rewriteNeeded;
    /** No rewrite after a failure is tried before this (System.nanoTime). */
    private long rewriteNotBefore;
    /** How long after a failed rewrite the next is tried; tests shorten it. */
    long rewriteRetryNanos = TimeUnit.SECONDS.toNanos(1);
    private boolean closed;
    /** The config blob last written or read; null before either. */
    private byte[] config;
    private FileChannel lockFile;
    private ScheduledFuture<?> intervalSync;
    private long compactions;

    /** The log being appended to; replaced by a rewrite, under both locks. */
    private volatile FileChannel channel;
    /** Updates collected for one write (see {@link #flushBatch}); under {@link #lock}. */
    private final ByteBuffer batch = ByteBuffer.allocateDirect(64 * 1024);
    /** Records in {@link #batch}; under {@link #lock}. */
    private int batched;
    /** Records written to the log file since opening; written only under {@link #lock}. */
    private volatile long written;
    /** Set (under {@link #guard}) by a failed fsync or directory fsync, cleared by a rewrite: only a rewrite proves anything again. */
    private volatile boolean syncFailed;
    /** The system's words for the last failure, for sync's failed futures. */
    private volatile String failure;

    private final Object guard = new Object();
    /** Guarded by {@link #guard}: futures waiting for the next fsync. */
    private List<CompletableFuture<Void>> waiting = new ArrayList<>();
    /** Guarded by {@link #guard}: every record counted in {@link #written} up to this many is on disk. */
    private long durable;
    /** Guarded by {@link #guard}: a sync task is queued or running. */
    private boolean scheduled;
    /** Guarded by {@link #guard}: close has begun; sync tasks stop. */
    private boolean closing;
    /** Guarded by {@link #guard}: fsyncs done, for figures. */
    private long syncs;

    private FileConsumerStore(Path dir, ConsumerStore.AckMode mode, SyncPolicy policy, long compactBytes, Segment.Opener files) {
        this.dir = dir;
        this.name = dir.toString();
        this.policy = policy;
        this.compactBytes = compactBytes;
        this.files = files;
        this.state = new ConsumerStateMachine(mode);
        this.failures = new FailureLog(log, "consumer", name);
        this.rewriteNotBefore = System.nanoTime();
    }

    /**
     * Opens (creating when needed) the consumer state kept in {@code dir}, replaying its log. When
     * the log was written under another ack mode, the state replays in that mode and is kept in
     * {@code mode} from now on.
     *
     * @throws StoreException when the directory cannot be created, written or locked, with the
     *     system's reason ("Permission denied", "Read-only file system")
     */
    public static FileConsumerStore open(Path dir, ConsumerStore.AckMode mode, SyncPolicy policy) {
        return open(dir, mode, policy, DEFAULT_COMPACT_BYTES, Segment.Opener.DEFAULT);
    }

    /**
     * {@link #open(Path, ConsumerStore.AckMode, SyncPolicy)} with the log growth that triggers a
     * compaction, and how the log files are opened.
     */
    static FileConsumerStore open(Path dir, ConsumerStore.AckMode mode, SyncPolicy policy, long compactBytes, Segment.Opener files) {
        if (mode == null || policy == null) {
            throw new IllegalArgumentException("ack mode and sync policy are required");
        }
        FileConsumerStore s = new FileConsumerStore(dir, mode, policy, compactBytes, files);
        try {
            s.recover(mode);
        } catch (IOException | RuntimeException e) {
            s.release();
            if (e instanceof StoreException se) {
                throw se;
            }
            String why = e instanceof IOException io ? FileStore.reason(io) : e.toString();
            throw new StoreException("cannot open consumer store " + dir + ": " + why, e);
        }
        if (!policy.always()) {
            long period = policy.interval().toNanos();
            s.intervalSync = StoreThreads.timer().scheduleAtFixedRate(s::requestSync, period, period, TimeUnit.NANOSECONDS);
        }
        return s;
    }

    private void recover(ConsumerStore.AckMode mode) throws IOException {
        Files.createDirectories(dir);
        lockFile = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (!tryLock(lockFile)) {
            throw new StoreException("consumer store " + dir + " is in use by another store");
        }
        Files.deleteIfExists(dir.resolve(LOG_TMP));
        Files.deleteIfExists(dir.resolve(CONFIG_TMP));
        Path path = dir.resolve(LOG);
        if (!Files.exists(path)) {
            if (Files.exists(dir.resolve(CONFIG))) {
                log.warn("consumer {}: no state log beside its config; starting from an empty state", name);
            }
            rewrite();
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(path));
        ConsumerLogFormat.Replay r = ConsumerLogFormat.replay(b, state);
        boolean fresh = false;
        switch (r.outcome()) {
            case CLEAN -> log.debug("consumer {}: replayed {} records{}", name, r.records(), r.endsClosed() ? " (closed normally)" : "");
            case TORN -> {
                log.warn("consumer {}: cutting the {} bytes after the last whole record, at offset {} (a write cut short)", name,
                        b.limit() - r.validEnd(), r.validEnd());
                fresh = true;
            }
            case DAMAGED -> {
                if (r.records() == 0) {
                    log.error("consumer {}: the state log is damaged ({}): nothing in it can be trusted, so the consumer starts"
                            + " from an empty state and may deliver acknowledged messages again; the damaged log is kept as {}",
                            name, r.problem(), DAMAGED);
                } else {
                    log.error("consumer {}: the state log is damaged ({}): {} of its {} bytes are ignored; the state is the one the"
                            + " {} records before the damage prove (delivered {}/{}, ack floor {}/{}, {} pending), so updates after"
                            + " it are lost and some acknowledged messages may be delivered again; the damaged log is kept as {}",
                            name, r.problem(), b.limit() - r.validEnd(), b.limit(), r.records(), state.deliveredConsumer,
                            state.deliveredStream, state.floorConsumer, state.floorStream, state.pending.size(), DAMAGED);
                }
                // a copy, so a crash before the rewrite finds the same log again, not none
                Files.copy(path, dir.resolve(DAMAGED), StandardCopyOption.REPLACE_EXISTING);
                fresh = true;
            }
        }
        if (state.mode != mode) {
            log.info("consumer {}: ack mode {} (the log was written with {})", name, mode, state.mode);
            state.mode = mode;
            fresh = true;
        }
        if (fresh) {
            rewrite();
            return;
        }
        channel = files.open(path, false);
        size = b.limit();
        compactedSize = r.firstEnd();
        if (grownPastSnapshot()) {
            rewrite();
        }
    }

    private static boolean tryLock(FileChannel ch) throws IOException {
        try {
            return ch.tryLock() != null;
        } catch (OverlappingFileLockException e) {
            return false;
        }
    }

    @Override
    public ConsumerState state() {
        synchronized (lock) {
            ensureOpen();
            return state.snapshot();
        }
    }

    @Override
    public void setStarting(long sseq) {
        synchronized (lock) {
            ensureOpen();
            state.starting(sseq);
            append(format.starting(sseq));
        }
    }

    @Override
    public void updateDelivered(long dseq, long sseq, long dc, long ts) {
        synchronized (lock) {
            ensureOpen();
            if (state.delivered(dseq, sseq, dc, ts)) {
                append(format.delivered(dseq, sseq, dc, ts));
            }
        }
    }

    @Override
    public boolean updateAcks(long dseq, long sseq) {
        synchronized (lock) {
            ensureOpen();
            int outcome = state.ack(dseq, sseq);
            if (outcome == ConsumerStateMachine.ACKED) {
                append(format.ack(dseq, sseq));
            }
            return outcome != ConsumerStateMachine.NOT_PENDING;
        }
    }

    @Override
    public void update(ConsumerState s) {
        synchronized (lock) {
            ensureOpen();
            state.replace(s);
            append(ConsumerLogFormat.state(state, false));
        }
    }

    /**
     * Appends an update's record (the state in memory already has it). Never throws: a failure
     * leaves the log to be rewritten whole, and {@link #sync} reports it until that works.
     */
    private void append(ByteBuffer record) {
        if (rewriteNeeded || syncFailed) {
            retryRewrite();
            return;
        }
        if (record.remaining() > batch.remaining() && !flushBatch()) {
            return;
        }
        if (record.remaining() > batch.capacity()) {
            long pos = size;
            try {
                while (record.hasRemaining()) {
                    pos += channel.write(record, pos);
                }
            } catch (IOException e) {
                writeFailed(e);
                return;
            }
            size = pos;
            written++;
            failures.succeeded();
        } else {
            batch.put(record);
            batched++;
        }
        if (grownPastSnapshot()) {
            compact();
        }
    }

    /**
     * Writes the records collected since the last write in one positional write (one system call for
     * many updates). Until then they are in memory only: an update is durable once a {@link #sync}
     * covering it completes, and a sync writes them first. Under {@link #lock}; false when the write failed.
     */
    private boolean flushBatch() {
        if (batched == 0) {
            return true;
        }
        batch.flip();
        long pos = size;
        try {
            while (batch.hasRemaining()) {
                pos += channel.write(batch, pos);
            }
        } catch (IOException e) {
            batch.clear();
            batched = 0;
            writeFailed(e);
            return false;
        }
        batch.clear();
        size = pos;
        written += batched;
        batched = 0;
        failures.succeeded();
        return true;
    }

    @Override
    public void flush() {
        synchronized (lock) {
            if (!closed) {
                flushBatch();
            }
        }
    }

    /** Whatever part was written lies past the end: a rewrite replaces it, a recovery cuts it off. */
    private void writeFailed(IOException e) {
        rewriteNeeded = true;
        rewriteNotBefore = System.nanoTime() + rewriteRetryNanos;
        failure = FileStore.reason(e);
        failures.failed("writing its state", failure);
    }

    private boolean grownPastSnapshot() {
        return size + batch.position() - compactedSize >= Math.max(compactBytes, 2 * ConsumerLogFormat.stateRecordLength(state));
    }

    /** A compaction for growth: when it fails the log is still whole, so appending goes on and it is tried after as much growth again. */
    private void compact() {
        try {
            rewrite();
        } catch (IOException | StoreException e) {
            compactedSize = size;
            String why = e instanceof IOException io ? FileStore.reason(io) : e.getMessage();
            failures.failed("compacting its log", why);
            if (syncFailed) {
                failure = why;
            }
        }
    }

    /** After a failure: rewrites the state, at most once per {@link #rewriteRetryNanos}; whether the log is good again. */
    private boolean retryRewrite() {
        long now = System.nanoTime();
        if (now - rewriteNotBefore < 0) {
            return false;
        }
        try {
            rewrite();
            failures.succeeded();
            return true;
        } catch (IOException | StoreException e) {
            rewriteNeeded = true;
            rewriteNotBefore = now + rewriteRetryNanos;
            failure = e instanceof IOException io ? FileStore.reason(io) : e.getMessage();
            failures.failed("rewriting its state", failure);
            return false;
        }
    }

    /**
     * Writes the whole state as a fresh log (a temporary file, fsynced, renamed over the log, the
     * directory fsynced) and appends to it from now on. Returns normally only when all of it is
     * durable: then everything written before is, and waiting syncs complete.
     */
    private void rewrite() throws IOException {
        // The image holds every update, the ones still collected for writing too.
        batch.clear();
        written += batched;
        batched = 0;
        ByteBuffer image = ConsumerLogFormat.state(state, true);
        Path tmp = dir.resolve(LOG_TMP);
        Files.deleteIfExists(tmp); // left by a rewrite that failed to remove it
        FileChannel ch = files.open(tmp, true);
        try {
            long pos = 0;
            while (image.hasRemaining()) {
                pos += ch.write(image, pos);
            }
            ch.force(true);
            Files.move(tmp, dir.resolve(LOG), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException d) {
                e.addSuppressed(d);
            }
            throw e;
        }
        // The new file is the log now, whatever happens next: appends go to it.
        IOException dirFailure = null;
        try {
            FileStore.syncDirectory(dir);
        } catch (IOException e) {
            dirFailure = e;
        }
        FileChannel old;
        List<CompletableFuture<Void>> done = null;
        synchronized (guard) {
            old = channel;
            channel = ch;
            if (dirFailure == null) {
                durable = written;
                syncFailed = false;
                done = waiting;
                waiting = new ArrayList<>();
            } else {
                syncFailed = true; // the rename may not survive a power cut: nothing is proven until a rewrite is
            }
        }
        size = image.limit();
        compactedSize = size;
        compactions++;
        if (old != null) {
            closeQuietly(old); // a sync thread forcing it fails, and finds its batch covered by this rewrite
        }
        if (dirFailure != null) {
            throw dirFailure;
        }
        rewriteNeeded = false;
        complete(done, null);
    }

    @Override
    public CompletableFuture<Void> sync() {
        CompletableFuture<Void> f;
        boolean start;
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(new StoreClosedException());
            }
            flushBatch();
            if ((rewriteNeeded || syncFailed) && !retryRewrite()) {
                return CompletableFuture.failedFuture(notDurable());
            }
            if (!policy.always()) {
                return CompletableFuture.completedFuture(null);
            }
            synchronized (guard) {
                if (durable == written) {
                    return CompletableFuture.completedFuture(null);
                }
                f = new CompletableFuture<>();
                waiting.add(f);
                start = !scheduled;
                scheduled = true;
            }
        }
        if (start) {
            executor.execute(this::drain);
        }
        return f;
    }

    private StoreException notDurable() {
        return new StoreException("consumer state could not be made durable: " + failure);
    }

    /** Runs on a sync thread: fsyncs until nothing waits. */
    private void drain() {
        while (syncOnce(false)) {
            // each round covers what was written and waited for while the previous one ran
        }
    }

    /** Runs on the interval timer: an fsync on a sync thread when anything was written since the last. */
    private void requestSync() {
        synchronized (lock) {
            if (!closed) {
                flushBatch(); // the interval covers what was collected too
            }
        }
        synchronized (guard) {
            if (scheduled || closing || durable == written) {
                return;
            }
            scheduled = true;
        }
        executor.execute(() -> {
            if (syncOnce(true)) {
                drain();
            }
        });
    }

    /**
     * One fsync covering every record written so far; completes the futures waiting when it began.
     * Returns false, ending the task, when there is nothing to do ({@code timer}: nothing written
     * since the last fsync either).
     */
    private boolean syncOnce(boolean timer) {
        List<CompletableFuture<Void>> batch;
        long target;
        FileChannel ch;
        boolean failedBefore;
        synchronized (guard) {
            if (closing || (waiting.isEmpty() && (!timer || durable == written))) {
                scheduled = false;
                return false;
            }
            batch = waiting;
            waiting = new ArrayList<>();
            target = written;
            ch = channel;
            failedBefore = syncFailed;
            syncs++;
        }
        IOException error = null;
        if (!failedBefore) {
            try {
                ch.force(false);
            } catch (IOException e) {
                error = e;
            }
        }
        boolean ok;
        synchronized (guard) {
            if (!failedBefore && error == null) {
                durable = Math.max(durable, target);
                ok = true;
            } else if (durable >= target) {
                ok = true; // a rewrite or close made all of it durable meanwhile (and may have closed ch)
            } else {
                ok = false;
                if (error != null) {
                    syncFailed = true;
                    failure = FileStore.reason(error);
                }
            }
        }
        if (error != null && !ok) {
            failures.failed("sync (" + batch.size() + " waiting)", failure);
        }
        complete(batch, ok ? null : notDurable());
        return true;
    }

    private static void complete(List<CompletableFuture<Void>> futures, StoreException failed) {
        if (futures == null) {
            return;
        }
        for (CompletableFuture<Void> f : futures) {
            if (failed == null) {
                f.complete(null);
            } else {
                f.completeExceptionally(failed);
            }
        }
    }

    @Override
    public byte[] config() {
        synchronized (lock) {
            ensureOpen();
            if (config == null) {
                config = readConfig();
            }
            return config == null ? null : config.clone();
        }
    }

    private byte[] readConfig() {
        try {
            return ConfigFile.read(dir.resolve(CONFIG), "consumer");
        } catch (IOException e) {
            throw new StoreException("reading the consumer config failed: " + FileStore.reason(e), e);
        }
    }

    @Override
    public void updateConfig(byte[] blob) {
        synchronized (lock) {
            ensureOpen();
            try {
                ConfigFile.write(dir, CONFIG, CONFIG_TMP, blob);
            } catch (IOException e) {
                throw new StoreException("writing the consumer config failed: " + FileStore.reason(e), e);
            }
            config = blob.clone();
        }
    }

    /**
     * Makes everything durable (a CLOSED record and an fsync, or a rewrite after a failure),
     * completes or fails the syncs still waiting, and releases the files. Idempotent.
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (intervalSync != null) {
                intervalSync.cancel(false);
            }
            boolean synced = false;
            if (rewriteNeeded || syncFailed) {
                try {
                    rewrite();
                    synced = true;
                } catch (IOException | StoreException e) {
                    failure = e instanceof IOException io ? FileStore.reason(io) : e.getMessage();
                }
            } else {
                try {
                    if (!flushBatch()) {
                        throw new IOException(failure);
                    }
                    ByteBuffer record = format.closed();
                    long pos = size;
                    while (record.hasRemaining()) {
                        pos += channel.write(record, pos);
                    }
                    size = pos;
                    channel.force(false);
                    synced = true;
                } catch (IOException e) {
                    failure = FileStore.reason(e);
                }
            }
            if (!synced) {
                log.error("consumer {}: its state could not be made durable at close ({}); a restart finds it as it was at the"
                        + " last successful sync", name, failure);
            }
            List<CompletableFuture<Void>> rest;
            synchronized (guard) {
                closing = true;
                if (synced) {
                    durable = written;
                }
                rest = waiting;
                waiting = new ArrayList<>();
            }
            complete(rest, synced ? null : notDurable());
            release();
        }
    }

    /** Closes the log and the lock file (releasing the lock); used by close and by a failed open. */
    private void release() {
        if (channel != null) {
            closeQuietly(channel);
        }
        if (lockFile != null) {
            closeQuietly(lockFile);
        }
    }

    /** Closes and removes the directory and everything in it. */
    @Override
    public void delete() {
        close();
        try {
            FileStore.deleteTree(dir);
        } catch (IOException e) {
            throw new StoreException("deleting consumer store " + dir + " failed: " + FileStore.reason(e), e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreClosedException();
        }
    }

    private void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            log.warn("consumer {}: close failed: {}", name, e.toString());
        }
    }

    /** {fsyncs by sync threads, compactions (rewrites), records appended} since opening. */
    long[] figures() {
        synchronized (lock) {
            synchronized (guard) {
                return new long[] {syncs, compactions, written};
            }
        }
    }

    /** Rewrites the log now (for measurements); false when that failed. */
    boolean compactNow() {
        synchronized (lock) {
            ensureOpen();
            try {
                rewrite();
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }

    /** The directory this store keeps its files in. */
    Path directory() {
        return dir;
    }

    /** The log's size now (the end of its valid records). */
    long logSize() {
        synchronized (lock) {
            return size;
        }
    }
}
