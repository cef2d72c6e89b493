package io.natsj.it.dropin;

import static org.awaitility.Awaitility.await;

import io.natsj.it.support.ServerProcess;
import io.natsj.it.support.ServerProcess.Binary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Shared steps of the drop-in tests: running a binary under the name nats-server, reading its ports file. */
final class DropinSupport {
    private static final Pattern PORT = Pattern.compile("(?:nats|tls)://127\\.0\\.0\\.1:(\\d+)");

    private DropinSupport() {
    }

    /**
     * A symlink named nats-server to the binary, as harnesses put it on PATH; the ports file is named
     * after it. Returns the directory holding the link.
     */
    static Path asNatsServer(Binary binary, Path dir) {
        Path bin = dir.resolve("bin");
        try {
            Files.createDirectories(bin);
            Path link = bin.resolve("nats-server");
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, binary.path());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bin.resolve("nats-server");
    }

    /** Waits for {@code <dir>/nats-server_<pid>.ports} and returns its text. */
    static String awaitPortsFile(Path dir, long pid) {
        Path f = dir.resolve("nats-server_" + pid + ".ports");
        await("ports file " + f).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> Files.exists(f) && Files.size(f) > 0);
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The client port from a ports file of a server bound to 127.0.0.1. */
    static int clientPort(String portsJson) {
        Matcher m = PORT.matcher(portsJson);
        if (!m.find()) {
            throw new IllegalStateException("no 127.0.0.1 URL in " + portsJson);
        }
        return Integer.parseInt(m.group(1));
    }

    /** Connects to 127.0.0.1:port and returns the first line the server sends (its INFO). */
    static String firstLine(int port) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            java.io.InputStream in = s.getInputStream();
            StringBuilder sb = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                sb.append((char) c);
            }
            return sb.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long portsFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".ports")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the binary through a link named nats-server, with {@code dir} as working directory. */
    static ServerProcess startAsNatsServer(Binary binary, Path dir, String... args) {
        Path link = asNatsServer(binary, dir);
        return ServerProcess.startCommand(binary, link, dir, args);
    }
}
