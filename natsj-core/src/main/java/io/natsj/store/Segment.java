package io.natsj.store;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One append-only segment file, named after the first sequence it may hold ({@link #base}): every
 * message from base up to the next segment's base minus one is written here, in order.
 *
 * <p>{@link #size}, {@link #live}, {@link #broken} and {@link #readOnly} are guarded by the store's
 * write lock; {@link #dirty} by the {@link GroupCommit}'s lock. Positional reads and writes of the
 * channel are thread-safe, and the sync thread forces it without the store lock.
 */
final class Segment {
    private static final Logger log = LoggerFactory.getLogger(Segment.class);
    static final String SUFFIX = ".seg";

    /** How the store's files are opened: the file system, or a test's faulty one. */
    interface Opener {
        /** For reading and writing; {@code create}: a new file, which must not exist. */
        FileChannel open(Path path, boolean create) throws IOException;

        /** For reading only: where the directory cannot be written (a read-only file system, say). */
        default FileChannel openReadOnly(Path path) throws IOException {
            return FileChannel.open(path, StandardOpenOption.READ);
        }

        Opener DEFAULT = (path, create) -> create
                ? FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    final long base;
    final Path path;
    /** Replaced only by {@link #reopenWritable}, under the store's write lock. */
    private volatile FileChannel channel;
    /** Where the next record goes: the end of the valid records (the file may be longer while read-only). */
    long size;
    int live;
    /** A failed write could not be undone: nothing is appended here until {@link #repair} cuts it off. */
    boolean broken;
    /** Opened for reading only (the file could not be opened for writing): see {@link #reopenWritable}. */
    boolean readOnly;
    boolean dirty;
    volatile boolean deleted;
    /**
     * Bumped by anything that changes bytes already written (overwrite, truncate, reopen): a read
     * window ({@link ReadWindow}) taken under an older version is not used again.
     */
    volatile long version;

    private Segment(long base, Path path, FileChannel channel, long size) {
        this.base = base;
        this.path = path;
        this.channel = channel;
        this.size = size;
    }

    static String fileName(long base) {
        return String.format("%020d%s", base, SUFFIX);
    }

    static Segment create(Path dir, long base, Opener files) throws IOException {
        Path path = dir.resolve(fileName(base));
        FileChannel channel = files.open(path, true);
        Segment s = new Segment(base, path, channel, 0);
        try {
            s.append(RecordFormat.segmentHeader());
        } catch (IOException e) {
            s.closeQuietly();
            try {
                Files.deleteIfExists(path);
            } catch (IOException d) {
                e.addSuppressed(d); // the store replaces the empty file when it needs the name again
            }
            throw e;
        }
        return s;
    }

    /** Opens an existing segment; read-only when it cannot be opened for writing (a read-only file system). */
    static Segment open(Path path, long base, Opener files) throws IOException {
        FileChannel channel;
        boolean readOnly = false;
        try {
            channel = files.open(path, false);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (FileSystemException e) {
            try {
                channel = files.openReadOnly(path);
            } catch (IOException r) {
                e.addSuppressed(r);
                throw e;
            }
            readOnly = true;
        }
        Segment s = new Segment(base, path, channel, channel.size());
        s.readOnly = readOnly;
        return s;
    }

    /** A read-only segment opened again for writing, cut at {@link #size} (a torn tail found when it was opened). */
    void reopenWritable(Opener files) throws IOException {
        version++;
        FileChannel rw = files.open(path, false);
        try {
            if (rw.size() > size) {
                rw.truncate(size);
            }
        } catch (IOException e) {
            try {
                rw.close();
            } catch (IOException c) {
                e.addSuppressed(c);
            }
            throw e;
        }
        FileChannel old = channel;
        channel = rw;
        readOnly = false;
        try {
            old.close();
        } catch (IOException e) {
            log.warn("segment {}: close failed: {}", path, e.toString());
        }
    }

    /** Appends a whole record at the end; on failure the file is cut back so no partial record stays. */
    long append(ByteBuffer record) throws IOException {
        if (readOnly) {
            throw new FileSystemException(path.toString(), null, "opened read-only");
        }
        long at = size;
        long pos = at;
        try {
            while (record.hasRemaining()) {
                pos += channel.write(record, pos);
            }
        } catch (IOException e) {
            try {
                channel.truncate(at);
            } catch (IOException t) {
                broken = true;
                log.error("segment {}: could not cut back a failed write: {}", path, t.toString());
            }
            throw e;
        }
        size = pos;
        return at;
    }

    /** Reads as much as there is from {@code at} into {@code dst}, up to its limit; returns the bytes read. */
    int readSome(ByteBuffer dst, long at) throws IOException {
        long pos = at;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, pos);
            if (n <= 0) {
                break;
            }
            pos += n;
        }
        dst.flip();
        return (int) (pos - at);
    }

    void read(ByteBuffer dst, long at) throws IOException {
        long pos = at;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, pos);
            if (n < 0) {
                throw new EOFException(path + " ends at " + pos);
            }
            pos += n;
        }
        dst.flip();
    }

    void overwrite(ByteBuffer src, long at) throws IOException {
        version++;
        long pos = at;
        while (src.hasRemaining()) {
            pos += channel.write(src, pos);
        }
    }

    /** Cuts the file at {@code length}; a read-only segment is cut when it is opened for writing. */
    void truncate(long length) throws IOException {
        version++;
        if (!readOnly) {
            channel.truncate(length);
            broken = false;
        }
        size = length;
    }

    /** A broken segment: tries the cut again (whatever stopped it may have passed); stays broken otherwise. */
    void repair() {
        version++;
        try {
            channel.truncate(size);
            broken = false;
            log.info("segment {}: the end of a failed write is cut off now", path);
        } catch (IOException e) {
            log.debug("segment {}: still cannot cut back a failed write: {}", path, e.toString());
        }
    }

    void force() throws IOException {
        channel.force(false);
    }

    void close() {
        closeQuietly();
    }

    /** Closes and removes the file; under the store's write lock. */
    void delete() {
        deleted = true;
        closeQuietly();
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.error("segment {}: could not delete: {}", path, e.toString());
        }
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException e) {
            log.warn("segment {}: close failed: {}", path, e.toString());
        }
    }
}
