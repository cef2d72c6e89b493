package io.natsj.cli.log;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;

/**
 * One open log file, as Go's {@code fileLogger}: opened {@code O_WRONLY|O_APPEND|O_CREATE} with mode
 * 0660 (less the umask), the byte count starting at the file's size. Every line is one {@code write(2)}
 * on an O_APPEND descriptor, unbuffered, so nothing is held back at exit. A {@link FileOutputStream}, not
 * a FileChannel: a thread interrupted while logging must not close the log for everyone. Used under
 * {@link GoLog}'s lock.
 */
final class LogFile {
    /** The name as given; rotated backups are this plus a time suffix. */
    final String name;
    private final FileOutputStream stream;
    /** Bytes in the file (Go: {@code out}). */
    long out;
    /** Rotate when {@link #out} exceeds this; {@code <= 0}: never (Go: {@code canRotate == 0}). */
    long limit;
    /** The configured limit, restored after a rotation (Go doubles {@link #limit} when close fails). */
    long olimit;
    private boolean closed;

    private LogFile(String name, FileOutputStream stream, long size) {
        this.name = name;
        this.stream = stream;
        this.out = size;
    }

    /**
     * Opens (creating with 0660) for appending. The exception's message is Go's wording:
     * {@code error opening file: open NAME: no such file or directory}.
     */
    static LogFile open(String name) throws IOException {
        try {
            File file = new File(name);
            if (!file.exists()) {
                try {
                    Files.createFile(Path.of(name), PosixFilePermissions.asFileAttribute(EnumSet.of(
                            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE)));
                } catch (FileAlreadyExistsException | UnsupportedOperationException raced) {
                    // created meanwhile, or no POSIX modes here: the open below creates it
                }
            }
            FileOutputStream out = new FileOutputStream(file, true); // O_WRONLY|O_CREAT|O_APPEND
            return new LogFile(name, out, file.length());
        } catch (IOException | InvalidPathException e) {
            throw new IOException(new StringBuilder("error opening file: open ").append(name).append(": ")
                    .append(goErrno(e)).toString(), e);
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
            return lowerFirst(((FileSystemException) e).getReason());
        }
        if (e instanceof FileNotFoundException && e.getMessage() != null) {
            // "NAME (No such file or directory)"
            String m = e.getMessage();
            int open = m.lastIndexOf(" (");
            if (open >= 0 && m.endsWith(")")) {
                return lowerFirst(m.substring(open + 2, m.length() - 1));
            }
        }
        if (e instanceof InvalidPathException) {
            return "invalid argument";
        }
        String m = e.getMessage();
        return m == null ? e.toString() : m;
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    /** Writes the whole line (one write(2)); returns the bytes written. */
    int write(byte[] b, int len) throws IOException {
        stream.write(b, 0, len);
        return len;
    }

    void close() throws IOException {
        if (!closed) {
            closed = true;
            stream.close();
        }
    }

    boolean isClosed() {
        return closed;
    }
}
