package io.natsj.it.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The Go nats-server (the reference implementation) as a child process on a free port of 127.0.0.1,
 * configured through a config file since most limits have no command-line flag.
 *
 * <p>When the binary is missing the test is skipped, except on CI ({@code CI=true}) where it fails:
 * CI installs nats-server, so a missing binary there is a broken build, not a reason to skip.
 */
public final class GoNatsServer implements TestServer {
    private static final List<String> CANDIDATES = List.of("/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server");

    private final Process process;
    private final int port;
    private final Path dir;
    private final Thread reaper;

    private GoNatsServer(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
        this.reaper = new Thread(process::destroyForcibly, "kill nats-server " + port);
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** The nats-server binary: $NATS_SERVER_BIN, a usual install location, or the PATH. */
    public static Path binary() {
        String env = System.getenv("NATS_SERVER_BIN");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        for (String c : CANDIDATES) {
            if (Files.isExecutable(Path.of(c))) {
                return Path.of(c);
            }
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String d : path.split(java.io.File.pathSeparator)) {
            Path p = Path.of(d, "nats-server");
            if (!d.isEmpty() && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** Skips the calling test (or fails it on CI) when nats-server is not installed. */
    public static Path requireBinary() {
        Path bin = binary();
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        if (bin == null || !Files.isExecutable(bin)) {
            String msg = "nats-server binary not found (set NATS_SERVER_BIN or install nats-server)";
            if (ci) {
                throw new IllegalStateException(msg + "; CI=true, so this is a failure, not a skip");
            }
            Assumptions.abort(msg);
        }
        return bin;
    }

    public static GoNatsServer start(Limits limits) {
        Path bin = requireBinary();
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return tryStart(bin, limits);
            } catch (IllegalStateException e) {
                last = e; // most likely the free port was taken meanwhile: try another
            }
        }
        throw last;
    }

    private static GoNatsServer tryStart(Path bin, Limits limits) {
        try {
            int port = freePort();
            Path dir = Files.createTempDirectory("nats-server-" + port + "-");
            Path conf = dir.resolve("nats.conf");
            Files.writeString(conf, "listen: 127.0.0.1:" + port + "\n" + limits.toGoConfig(), StandardCharsets.UTF_8);
            Path log = dir.resolve("nats-server.log");
            // readiness: nats-server writes its ports file once it listens. Probing the port with a
            // connection instead would leave a client that counts against max_connections for a while.
            Process p = new ProcessBuilder(bin.toString(), "-c", conf.toString(), "--ports_file_dir", dir.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            GoNatsServer server = new GoNatsServer(p, port, dir);
            try {
                await("nats-server on port " + port + " ready (ports file written)")
                        .atMost(Duration.ofSeconds(10))
                        .pollInterval(Duration.ofMillis(20))
                        .until(() -> {
                            if (!p.isAlive()) {
                                throw new IllegalStateException("nats-server exited with " + p.exitValue() + ":\n" + server.log());
                            }
                            return portsFileWritten(dir);
                        });
            } catch (RuntimeException | Error e) {
                String output = server.log();
                server.close();
                throw e instanceof IllegalStateException ise ? ise : new IllegalStateException("nats-server did not start:\n" + output, e);
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean portsFileWritten(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.anyMatch(f -> {
                try {
                    return f.getFileName().toString().endsWith(".ports") && Files.size(f) > 0;
                } catch (IOException e) {
                    return false;
                }
            });
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    /** What nats-server logged so far (for failure messages). */
    public String log() {
        try {
            return Files.readString(dir.resolve("nats-server.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public ServerKind kind() {
        return ServerKind.GO;
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public void close() {
        stop(process, reaper);
        deleteDir();
    }

    private void deleteDir() {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }

    @Override
    public String toString() {
        return "nats-server@" + port;
    }

    /** Stops a server process (TERM, then KILL after 5 s) and drops its shutdown-hook reaper. */
    public static void stop(Process process, Thread reaper) {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or will run; nothing to do
        }
    }
}
