package io.natsj.cli.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * One open log file, as Go's {@code fileLogger}: opened {@code O_WRONLY|O_APPEND|O_CREATE} with mode
 * 0660 (less the umask), the byte count starting at the file's size. Every line is one {@code write(2)}
 * on an O_APPEND descriptor, unbuffered, so nothing is held back at exit. Used under {@link GoLog}'s lock.
 */
final class LogFile {
    private static final Set<OpenOption> OPTIONS =
            Set.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND, StandardOpenOption.CREATE);

    /** The name as given; rotated backups are this plus a time suffix. */
    final String name;
    private final FileChannel channel;
    private ByteBuffer wrapped;
    private byte[] wrappedArray;
    /** Bytes in the file (Go: {@code out}). */
    long out;
    /** Rotate when {@link #out} exceeds this; {@code <= 0}: never (Go: {@code canRotate == 0}). */
    long limit;
    /** The configured limit, restored after a rotation (Go doubles {@link #limit} when close fails). */
    long olimit;
    private boolean closed;

    private LogFile(String name, FileChannel channel, long size) {
        this.name = name;
        this.channel = channel;
        this.out = size;
    }

    /**
     * Opens (creating with 0660) for appending. The exception's message is Go's wording:
     * {@code error opening file: open NAME: no such file or directory}.
     */
    static LogFile open(String name) throws IOException {
        FileChannel ch = null;
        try {
            FileAttribute<Set<PosixFilePermission>> mode = PosixFilePermissions.asFileAttribute(EnumSet.of(
                    PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                    PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE));
            ch = FileChannel.open(Path.of(name), OPTIONS, mode);
            return new LogFile(name, ch, ch.size());
        } catch (IOException | InvalidPathException | UnsupportedOperationException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // already failing
                }
            }
            throw new IOException("error opening file: open " + name + ": " + goErrno(e), e);
        }
    }

    /** The text Go's syscall.Errno gives for the failure (strerror, lower-cased first letter). */
    static String goErrno(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            String r = ((FileSystemException) e).getReason();
            return r.isEmpty() ? r : Character.toLowerCase(r.charAt(0)) + r.substring(1);
        }
        if (e instanceof InvalidPathException) {
            return "invalid argument";
        }
        String m = e.getMessage();
        return m == null ? e.toString() : m;
    }

    /** Writes the whole line; returns the bytes written. */
    int write(byte[] b, int len) throws IOException {
        if (wrappedArray != b) {
            wrapped = ByteBuffer.wrap(b);
            wrappedArray = b;
        }
        wrapped.clear().limit(len);
        int n = 0;
        while (wrapped.hasRemaining()) {
            n += channel.write(wrapped);
        }
        return n;
    }

    void close() throws IOException {
        if (!closed) {
            closed = true;
            channel.close();
        }
    }

    boolean isClosed() {
        return closed;
    }
}
