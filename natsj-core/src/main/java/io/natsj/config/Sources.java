package io.natsj.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/** Finding and reading configuration files with Go's path rules and os error texts. */
final class Sources {
    private Sources() {
    }

    /**
     * Go's filepath.Join: the name is appended to the directory even when it is absolute, so
     * {@code include /etc/x.conf} in {@code conf/a.conf} reads {@code conf/etc/x.conf}; then the
     * result is cleaned lexically.
     */
    static Path join(Path directory, String name) throws ConfigException {
        String dir = directory == null ? "." : directory.toString();
        String joined = name.isEmpty() ? dir : dir + "/" + name;
        try {
            Path clean = Path.of(joined).normalize();
            return clean.toString().isEmpty() ? Path.of(".") : clean;
        } catch (InvalidPathException e) {
            throw new ConfigException("open " + joined + ": invalid argument");
        }
    }

    /** Go's filepath.Dir, as the directory includes of {@code file} are relative to. */
    static Path directoryOf(Path file) {
        if (file == null) {
            return null;
        }
        Path parent = file.getParent();
        return parent == null ? Path.of(".") : parent;
    }

    /** The bytes of a file, or the error Go's os.ReadFile gives, e.g. "open x: no such file or directory". */
    static byte[] read(Path path) throws ConfigException {
        if (Files.isDirectory(path)) {
            throw new ConfigException("read " + path + ": is a directory");
        }
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new ConfigException("open " + path + ": no such file or directory");
        } catch (AccessDeniedException e) {
            throw new ConfigException("open " + path + ": permission denied");
        } catch (FileSystemException e) {
            String reason = e.getReason() == null ? "input/output error" : e.getReason();
            throw new ConfigException("open " + path + ": " + reason.toLowerCase(Locale.ROOT));
        } catch (IOException e) {
            throw new ConfigException("read " + path + ": " + e.getMessage());
        }
    }
}
