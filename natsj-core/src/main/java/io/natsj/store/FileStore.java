package io.natsj.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream in a directory of append-only segment files ({@link RecordFormat} has the format,
 * {@link Recovery} what opening does, ARCHITECTURE.md's "Storage" section the whole design).
 *
 * <p>Writes happen on the caller's thread under the store's write lock: appending to the page
 * cache costs a few microseconds, keeps records in sequence order without a hand-off, and makes a
 * message readable as soon as it is stored. The fsync, the slow part, happens off the lock in
 * {@link GroupCommit}, shared by all messages written meanwhile.
 *
 * <p>Failures (ARCHITECTURE.md's "Failures"): a write that fails is cut back and fails only its
 * caller; a directory that cannot be written is opened read-only and tried again at each write; a
 * failed sync stops writing until the store has removed the messages it did not acknowledge.
 */
public final class FileStore extends AbstractStore<Location> {
    private static final Logger log = LoggerFactory.getLogger(FileStore.class);
    private static final String CONFIG = "stream.conf";
    private static final String LOCK = "lock";

    private final Path dir;
    private final FileStoreOptions options;
    private final Segment.Opener files;
    private final GroupCommit commit;
    /** Guarded by the write lock: encodes records into its one buffer. */
    private final RecordFormat format = new RecordFormat();
    /** Guarded by the write lock: the segments by base, ascending; the last is {@link #current}. */
    private final List<Segment> segments = new ArrayList<>();
    private Segment current;
    /** Set by a failed fsync: what was written since is of unknown durability, so writing stops. */
    private volatile IOException syncFailure;
    /** Guarded by the write lock: when writing after a failed sync was last tried (System.nanoTime). */
    private long syncRetriedAt;
    /** How long after a try writing after a failed sync is tried again; tests shorten it. */
    long syncRetryNanos = TimeUnit.SECONDS.toNanos(1);
    /** Guarded by the write lock: the directory could not be written when opened; every write tries again. */
    private boolean readOnly;
    private ScheduledFuture<?> intervalSync;
    /**
     * Held while open: one store per directory, in this process or any other (a shared lock on a
     * read-only store, which no writer can take it from). Null on a read-only store without one.
     */
    private FileChannel lockFile;
    /** Opened and restored: a close may vouch for the files (CleanClose). */
    private boolean opened;

    private FileStore(Path dir, String name, FileStoreOptions options, StreamLimits limits, Segment.Opener files) {
        super(name, limits, MessageSize.FILE);
        this.dir = dir;
        this.options = options;
        this.files = files;
        this.commit = new GroupCommit(StoreThreads.sync(), failures, e -> syncFailure = e);
    }

    /**
     * Opens (creating when needed) the stream stored in {@code dir}, rebuilding its state from the
     * segment files; damaged records are logged and reported in {@link StreamState#lost()}.
     *
     * @throws StoreException when the directory cannot be created or read
     */
    public static FileStore open(Path dir, String name, FileStoreOptions options, StreamLimits limits) {
        return open(dir, name, options, limits, Segment.Opener.DEFAULT);
    }

    static FileStore open(Path dir, String name, FileStoreOptions options, StreamLimits limits, Segment.Opener files) {
        FileStore fs = new FileStore(dir, name, options, limits, files);
        Recovery r = null;
        try {
            Files.createDirectories(dir);
            fs.lockDirectory();
            r = new Recovery(dir, name, files, MessageSize.FILE, CleanClose.read(dir, name));
            r.run();
            fs.restore(r);
            // from here on the files change: a crash must not be judged by the last close (a
            // read-only store changes nothing; it removes the record when it becomes writable)
            if (!fs.readOnly) {
                CleanClose.remove(dir);
            }
            fs.opened = true;
        } catch (IOException | RuntimeException e) {
            if (r != null) {
                r.segments.forEach(Segment::close);
            }
            fs.closeResources();
            if (e instanceof StoreException se) {
                throw se;
            }
            throw new StoreException("cannot open stream directory " + dir + ": " + e, e);
        }
        if (!options.sync().always()) {
            long period = options.sync().interval().toNanos();
            fs.intervalSync = StoreThreads.timer().scheduleAtFixedRate(fs.commit::requestSync, period, period, TimeUnit.NANOSECONDS);
        }
        return fs;
    }

    /** Takes the directory's lock; when the directory cannot be written, opens the store read-only. */
    private void lockDirectory() throws IOException {
        Path p = dir.resolve(LOCK);
        try {
            lockFile = openForWriting(p);
        } catch (FileSystemException e) {
            if (e instanceof NoSuchFileException) {
                throw e;
            }
            readOnly = true;
            log.warn("stream {}: directory {} cannot be written ({}): opened read-only, writes fail until it can", name, dir,
                    reason(e));
            if (Files.exists(p)) {
                lockFile = files.openReadOnly(p);
                if (!tryLock(lockFile, true)) {
                    throw new StoreException("stream directory " + dir + " is in use by another store");
                }
            }
            return;
        }
        if (!tryLock(lockFile, false)) {
            throw new StoreException("stream directory " + dir + " is in use by another store");
        }
    }

    private FileChannel openForWriting(Path p) throws IOException {
        try {
            return files.open(p, false);
        } catch (NoSuchFileException e) {
            try {
                return files.open(p, true);
            } catch (FileAlreadyExistsException raced) {
                return files.open(p, false);
            }
        }
    }

    private static boolean tryLock(FileChannel ch, boolean shared) throws IOException {
        try {
            return ch.tryLock(0, Long.MAX_VALUE, shared) != null;
        } catch (OverlappingFileLockException e) {
            return false;
        }
    }

    /** The system's words for an I/O failure ("No space left on device", "Read-only file system"). */
    static String reason(IOException e) {
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        return String.valueOf(e.getMessage());
    }

    /**
     * Before any write: a store opened read-only tries its directory again (and becomes writable
     * when it can), one stopped by a failed sync tries to recover (at most once per
     * {@link #syncRetryNanos}); otherwise throws {@link StoreException} naming the cause.
     */
    private void ensureWritable() {
        if (readOnly) {
            becomeWritable();
        }
        IOException failed = syncFailure;
        if (failed != null) {
            recoverFromSyncFailure(failed);
        }
    }

    private void becomeWritable() {
        FileChannel rw;
        try {
            rw = openForWriting(dir.resolve(LOCK));
        } catch (IOException e) {
            throw new StoreException("stream directory " + dir + " is not writable: " + reason(e), e);
        }
        try {
            if (lockFile != null) {
                lockFile.close(); // the JVM refuses a second lock on a file it holds one on
            }
            lockFile = rw;
            if (!tryLock(rw, false)) {
                tryLock(rw, true);
                throw new StoreException("stream directory " + dir + " is in use by another store");
            }
            for (Segment s : segments) {
                if (s.readOnly) {
                    s.reopenWritable(files);
                }
            }
            CleanClose.remove(dir); // before the first write, as an open does
        } catch (IOException e) {
            throw new StoreException("stream directory " + dir + " is not writable: " + reason(e), e);
        }
        readOnly = false;
        log.info("stream {}: directory {} can be written again", name, dir);
    }

    /**
     * After a failed sync nothing written since the last good one is known to be on disk (and the
     * publishers of those messages were told their message failed). Once the disk takes writes and
     * syncs again, those messages are deleted (DELETE records, synced), so the store keeps exactly
     * what it acknowledged and a restart finds no damage where they were; then writing goes on.
     */
    private void recoverFromSyncFailure(IOException failed) {
        long now = System.nanoTime();
        if (now - syncRetriedAt < syncRetryNanos) {
            throw new StoreException("store is not writable since a sync failed (" + reason(failed) + ")", failed);
        }
        syncRetriedAt = now;
        long from = Math.max(commit.failedFrom(), index.firstSeq);
        List<Long> unacknowledged = new ArrayList<>();
        for (long seq = from; seq <= index.lastSeq && index.msgs > 0; seq++) {
            if (index.get(seq) != null) {
                unacknowledged.add(seq);
            }
        }
        try {
            current.force(); // does the disk sync again? (no records written while it does not)
            List<Segment> written = new ArrayList<>();
            written.add(current);
            for (long seq : unacknowledged) {
                Segment seg = writeMarker(RecordFormat.DELETE, seq);
                if (!written.contains(seg)) {
                    written.add(seg);
                }
            }
            for (Segment s : written) {
                s.force();
            }
            syncDirectory();
        } catch (IOException e) {
            throw new StoreException("store is not writable since a sync failed (" + reason(failed) + "; still: " + reason(e) + ")", e);
        }
        for (long seq : unacknowledged) {
            Location loc = index.remove(seq);
            released(loc);
        }
        afterRemovals();
        commit.clearFailure();
        syncFailure = null;
        log.warn("stream {}: writing again after a failed sync ({}); {} messages that were not acknowledged are deleted", name,
                reason(failed), unacknowledged.size());
    }

    private void restore(Recovery r) throws IOException {
        segments.addAll(r.segments);
        for (Segment s : segments) {
            readOnly |= s.readOnly; // reopened for writing by the first write
        }
        for (long s = Math.max(r.minSeq, r.floor); r.minSeq != Long.MAX_VALUE && s <= r.lastSeq; s++) {
            Location loc = r.entries.get(s);
            if (loc != null) {
                index.add(s, loc);
                loc.segment().live++;
            }
        }
        index.restoreLast(r.lastSeq, r.lastTime);
        r.lost.forEach(index::addLost);
        if (segments.isEmpty()) {
            current = Segment.create(dir, index.lastSeq + 1, files);
            segments.add(current);
            syncDirectory();
        } else if (r.startNewSegment && segments.get(segments.size() - 1).base <= index.lastSeq) {
            // The newest segment's end is damaged. New messages go to a new segment, so the damage
            // lies between segments, where it is reported on every open, not at the end, where
            // recovery after a crash would take it for a cut-short write; and the new segment's name
            // keeps the lost sequences from being given out again.
            current = Segment.create(dir, index.lastSeq + 1, files);
            current.force();
            segments.add(current);
            syncDirectory();
        } else {
            current = segments.get(segments.size() - 1);
        }
        afterRemovals();
    }

    @Override
    Location append(long seq, String subject, byte[] headers, byte[] payload, long timestamp) throws IOException {
        ensureWritable();
        int subjectLength = Utf8.length(subject);
        if (subjectLength > 0xFFFF) {
            throw new StoreException("subject longer than 65535 bytes");
        }
        ByteBuffer record = format.message(seq, subject, subjectLength, headers, payload, timestamp);
        int length = record.remaining();
        Segment seg = writable(length);
        long at = seg.append(record);
        seg.live++;
        return new Location(seg, at, length, subject, timestamp, sizer.of(subjectLength, headers.length, payload.length));
    }

    /**
     * The segment the next record of {@code length} bytes goes to, starting a new one when full, or
     * when a failed write could not be cut off the current one (so no torn record is followed by good ones).
     */
    private Segment writable(int length) throws IOException {
        if (current.broken) {
            current.repair();
        }
        boolean full = current.size > RecordFormat.SEGMENT_HEADER && current.size + length > options.blockSize();
        if (!full && !current.broken) {
            return current;
        }
        long base = index.lastSeq + 1;
        if (current.base == base) {
            if (current.broken) {
                throw new StoreException("segment " + current.path + " is damaged by a failed write");
            }
            return current; // no message here yet, and the name is taken: grow past the block size
        }
        Segment next = newSegment(base);
        try {
            syncDirectory();
        } catch (IOException e) {
            next.delete();
            throw e;
        }
        segments.add(next);
        current = next;
        return next;
    }

    @Override
    CompletableFuture<Long> acknowledge(long seq, Location entry) {
        if (options.sync().always()) {
            return commit.add(seq, entry.segment());
        }
        commit.touched(entry.segment(), false);
        return CompletableFuture.completedFuture(seq);
    }

    @Override
    StoredMessage read(long seq, Location loc) {
        ByteBuffer b;
        int at;
        ReadWindow w = ReadWindow.get();
        try {
            at = w.locate(loc.segment(), loc.offset(), loc.length());
            if (at >= 0) {
                b = w.buffer();
            } else {
                w = null;
                b = ByteBuffer.allocate(loc.length());
                at = 0;
                loc.segment().read(b, loc.offset());
            }
        } catch (IOException e) {
            throw new StoreException("reading message " + seq + " failed: " + e, e);
        }
        if (!RecordFormat.headerValid(b, at) || RecordFormat.seq(b, at) != seq || RecordFormat.kind(b, at) != RecordFormat.MSG
                || RecordFormat.recordLength(RecordFormat.bodyLength(b, at)) != loc.length()) {
            throw new CorruptMessageException(seq, "damaged record header in " + loc.segment().path);
        }
        StoredMessage m = !RecordFormat.bodyValid(b, at) ? null : w != null ? RecordFormat.decode(w, at) : RecordFormat.decode(b, 0);
        if (m == null) {
            throw new CorruptMessageException(seq, "checksum mismatch in " + loc.segment().path);
        }
        return m;
    }

    /** A new segment; a file left with its name by a creation that failed and could not be undone is replaced. */
    private Segment newSegment(long base) throws IOException {
        try {
            return Segment.create(dir, base, files);
        } catch (FileAlreadyExistsException e) {
            // Named after a sequence past every stored one, so not a segment of this store: an empty leftover.
            log.warn("stream {}: replacing {} left by a failed segment creation", name, e.getFile());
            Files.deleteIfExists(dir.resolve(Segment.fileName(base)));
            return Segment.create(dir, base, files);
        }
    }

    @Override
    void persistRemove(long seq, Location loc, boolean erase) throws IOException {
        ensureWritable();
        Segment seg = writeMarker(RecordFormat.DELETE, seq);
        if (!erase) {
            commit.touched(seg, options.sync().always());
            return;
        }
        // the delete must be on disk before the content goes, or a crash could bring back noise
        seg.force();
        ByteBuffer b = ByteBuffer.allocate(loc.length());
        loc.segment().read(b, loc.offset());
        int from = RecordFormat.contentOffset(b, 0);
        byte[] noise = new byte[loc.length() - RecordFormat.TRAILER - from];
        ThreadLocalRandom.current().nextBytes(noise);
        b.put(from, noise);
        // the record itself says it is erased: were the DELETE lost to damage, the noise must not come back as a message
        RecordFormat.sealErased(b, 0);
        loc.segment().overwrite(b.position(0), loc.offset());
        loc.segment().force();
    }

    @Override
    void persistSkip(long from, long to, boolean empty) throws IOException {
        ensureWritable();
        if (empty) {
            persistCompact(to + 1, true);
            return;
        }
        Segment seg = null;
        for (long seq = from; seq <= to; seq++) {
            seg = writeMarker(RecordFormat.DELETE, seq);
        }
        commit.touched(seg, options.sync().always());
    }

    private Segment writeMarker(byte kind, long seq) throws IOException {
        ByteBuffer record = format.marker(kind, seq);
        Segment seg = writable(record.remaining());
        seg.append(record);
        return seg;
    }

    /** Purges are rare and acknowledged by the server, so they are made durable before returning. */
    @Override
    void persistCompact(long floor, boolean all) throws IOException {
        ensureWritable();
        if (!all) {
            writeMarker(RecordFormat.COMPACT, floor).force();
            return;
        }
        Segment target = current.base == floor ? current : null;
        try {
            if (target == null) {
                target = newSegment(floor);
            } else if (target.broken) {
                throw new IOException("the current segment ends in a failed write"); // cut off in place below
            }
            target.append(format.marker(RecordFormat.COMPACT, floor));
            target.force();
            syncDirectory();
        } catch (IOException e) {
            if (target != null && target != current) {
                target.delete();
            }
            if (current.size < RecordFormat.SEGMENT_HEADER + RecordFormat.recordLength(0)) {
                throw e;
            }
            // No room for even a small new file (a full disk): purge in the space the current segment has.
            log.warn("stream {}: no room for a new segment ({}): purging in place", name, reason(e));
            compactInPlace(floor);
            return;
        }
        for (Segment s : segments) {
            if (s != target) {
                s.delete();
            }
        }
        segments.clear();
        segments.add(target);
        current = target;
        syncDirectoryAfterCommit();
    }

    /** The purge is durable (its COMPACT record synced): what is left to do only tidies, and cannot fail it. */
    private void syncDirectoryAfterCommit() {
        try {
            syncDirectory();
        } catch (IOException e) {
            log.warn("stream {}: syncing the directory after a purge failed: {}", name, e.toString());
        }
    }

    /**
     * Purge-all without new space: the COMPACT record overwrites the current segment's first record
     * (space the file has), is synced, then every other segment is deleted and the current one cut
     * after the COMPACT. A crash in between leaves a COMPACT that covers every message still there.
     */
    private void compactInPlace(long floor) throws IOException {
        ByteBuffer marker = format.marker(RecordFormat.COMPACT, floor);
        long end = RecordFormat.SEGMENT_HEADER + marker.remaining();
        current.overwrite(marker, RecordFormat.SEGMENT_HEADER);
        current.force();
        for (Segment s : segments) {
            if (s != current) {
                s.delete();
            }
        }
        segments.clear();
        segments.add(current);
        syncDirectoryAfterCommit();
        try {
            current.truncate(end);
        } catch (IOException e) {
            // what follows the COMPACT is below it and ignored by recovery; cut before the next write
            current.size = end;
            current.broken = true;
            log.warn("stream {}: cutting the segment after an in-place purge failed: {}", name, e.toString());
        }
    }

    @Override
    void released(Location entry) {
        entry.segment().live--;
    }

    /**
     * Deletes segments at the front that hold no live message (only from the front: see Storage)
     * and no lost one: a damaged segment stays, so its loss is found and reported on every open,
     * until a purge passes it.
     */
    @Override
    void afterRemovals() {
        while (segments.size() > 1 && segments.get(0).live == 0 && !index.anyLost(segments.get(0).base, segments.get(1).base)) {
            segments.remove(0).delete();
        }
    }

    /** {fsyncs, messages acknowledged by them} since opening. */
    long[] syncFigures() {
        return commit.figures();
    }

    @Override
    void closeResources() {
        if (intervalSync != null) {
            intervalSync.cancel(false);
        }
        commit.close();
        lock.writeLock().lock();
        try {
            // everything is synced now (unless a sync failed, when nothing is vouched for)
            if (opened && !readOnly && syncFailure == null && !current.broken) {
                try {
                    new CleanClose(index.lastSeq, current.base, current.size).write(dir);
                } catch (IOException e) {
                    log.warn("stream {}: could not record the close ({}); the next open recovers as after a crash", name, e.toString());
                }
            }
            segments.forEach(Segment::close);
            if (lockFile != null) {
                lockFile.close(); // releases the lock
            }
        } catch (IOException e) {
            log.warn("stream {}: closing the lock file failed: {}", name, e.toString());
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void delete() {
        dropUsage();
        close();
        try {
            deleteTree(dir); // with its consumers' stores under obs/
        } catch (NoSuchFileException e) {
            log.debug("stream {}: directory already gone", name);
        } catch (IOException e) {
            throw new StoreException("deleting " + dir + " failed: " + e, e);
        }
    }

    /** Removes {@code dir} and everything under it (a symbolic link is removed, not followed); nothing when it does not exist. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Stores the server's config blob for this stream atomically (write, fsync, rename, fsync the directory). */
    public void writeConfig(byte[] config) {
        try {
            ConfigFile.write(dir, CONFIG, CONFIG + ".tmp", config);
        } catch (IOException e) {
            throw new StoreException("writing the stream config failed: " + e, e);
        }
    }

    /** The config blob last written, or null when there is none. */
    public byte[] readConfig() {
        try {
            return ConfigFile.read(dir.resolve(CONFIG), "stream");
        } catch (IOException e) {
            throw new StoreException("reading the stream config failed: " + e, e);
        }
    }

    private void syncDirectory() throws IOException {
        syncDirectory(dir);
    }

    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    @Override
    String subjectOf(Location entry) {
        return entry.subject();
    }

    @Override
    long timestampOf(Location entry) {
        return entry.timestamp();
    }

    @Override
    int sizeOf(Location entry) {
        return entry.size();
    }
}
