package io.natsj.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file system that fails on demand, for the store's failure paths without mounting anything: a
 * disk with {@link #room} bytes left (a write past a file's end takes room; the write that finds
 * none writes what fits and then fails, as write(2) does), truncates and fsyncs that fail, a
 * read-only file system, and a segment creation that leaves its file behind.
 */
final class FaultyFiles implements Segment.Opener {
    static final String ENOSPC = "No space left on device";
    static final String EIO = "Input/output error";
    static final String EROFS = "Read-only file system";

    /** Bytes that may still be written past files' ends; negative: no limit. */
    volatile long room = -1;
    volatile boolean failTruncate;
    volatile boolean failForce;
    volatile boolean readOnly;
    /** The next creation makes the file and then fails, and nothing removes the file. */
    volatile boolean createLeavesFile;

    @Override
    public FileChannel open(Path path, boolean create) throws IOException {
        if (readOnly) {
            throw new FileSystemException(path.toString(), null, EROFS);
        }
        if (create && createLeavesFile) {
            createLeavesFile = false;
            Files.createFile(path);
            throw new FileSystemException(path.toString(), null, ENOSPC);
        }
        return new Channel(Segment.Opener.DEFAULT.open(path, create));
    }

    @Override
    public FileChannel openReadOnly(Path path) throws IOException {
        return FileChannel.open(path);
    }

    /** Takes room for {@code wanted} bytes past the end; how many may be written. */
    private synchronized int take(int wanted) {
        if (room < 0) {
            return wanted;
        }
        int n = (int) Math.min(wanted, room);
        room -= n;
        return n;
    }

    private final class Channel extends FileChannel {
        private final FileChannel real;

        Channel(FileChannel real) {
            this.real = real;
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            long past = Math.max(0, position + src.remaining() - Math.max(position, real.size()));
            int allowed = take((int) past);
            int n = src.remaining() - (int) past + allowed;
            if (n <= 0) {
                throw new IOException(ENOSPC);
            }
            ByteBuffer part = src.duplicate();
            part.limit(part.position() + n);
            int written = real.write(part, position);
            src.position(src.position() + written);
            return written;
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            if (failTruncate) {
                throw new IOException(EIO);
            }
            real.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            if (failForce) {
                throw new IOException(EIO);
            }
            real.force(metaData);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return real.read(dst, position);
        }

        @Override
        public long size() throws IOException {
            return real.size();
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return real.tryLock(position, size, shared);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return real.lock(position, size, shared);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return real.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return real.read(dsts, offset, length);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            int n = write(src, real.position());
            real.position(real.position() + n);
            return n;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            throw new UnsupportedOperationException();
        }

        @Override
        public long position() throws IOException {
            return real.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            real.position(newPosition);
            return this;
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) {
            throw new UnsupportedOperationException();
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) {
            throw new UnsupportedOperationException();
        }

        @Override
        protected void implCloseChannel() throws IOException {
            real.close();
        }
    }
}
