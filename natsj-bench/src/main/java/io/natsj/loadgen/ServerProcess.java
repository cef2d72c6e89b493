package io.natsj.loadgen;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server under test: either a child process started from a command line with {port} (on a free
 * port, pinned to core 0 if asked, output to a log file, stopped with TERM on close), or a server
 * already running at a URL (then its pid is looked up from the listening socket, if it is ours to see).
 */
final class ServerProcess implements AutoCloseable {
    private static final long START_TIMEOUT_MILLIS = 180_000;

    private final Process process;
    private final Target target;

    private ServerProcess(Process process, Target target) {
        this.process = process;
        this.target = target;
    }

    Target target() {
        return target;
    }

    static boolean isUrl(String spec) {
        return spec.matches("^(nats|tcp)://.*") || spec.matches("^[A-Za-z0-9.-]+:[0-9]+$");
    }

    /** Starts the command, or attaches to the URL, and waits until the server sends INFO. */
    static ServerProcess start(String name, String spec, boolean pin, Path logFile) throws IOException {
        if (isUrl(spec)) {
            URI uri = URI.create(spec.contains("://") ? spec : "nats://" + spec);
            String host = uri.getHost();
            int port = uri.getPort() < 0 ? 4222 : uri.getPort();
            awaitInfo(host, port, null, START_TIMEOUT_MILLIS);
            return new ServerProcess(null, new Target(name, host, port, pidListeningOn(port)));
        }
        int port = freePort();
        List<String> cmd = new ArrayList<>();
        if (pin) {
            cmd.addAll(List.of("taskset", "-c", "0"));
        }
        cmd.addAll(Arrays.asList(spec.replace("{port}", Integer.toString(port)).trim().split("\\s+")));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        // The launcher's source check is done once by scripts/bench before the runs.
        pb.environment().put("NATSJ_NO_BUILD", "1");
        Process p = pb.start();
        try {
            awaitInfo("127.0.0.1", port, p, START_TIMEOUT_MILLIS);
        } catch (IOException e) {
            p.destroyForcibly();
            throw new IOException(name + " server (" + String.join(" ", cmd) + ") did not start: " + e.getMessage()
                    + "; see " + logFile, e);
        }
        // taskset and bin/natsj exec the server, so the child's pid is the server's.
        return new ServerProcess(p, new Target(name, "127.0.0.1", port, p.pid()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    private static void awaitInfo(String host, int port, Process p, long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        IOException last = null;
        while (System.nanoTime() < deadline) {
            if (p != null && !p.isAlive()) {
                throw new IOException("exited with status " + p.exitValue());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 1_000);
                s.setSoTimeout(5_000);
                String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
                if (line != null && line.startsWith("INFO ")) {
                    return;
                }
                last = new IOException("first line was not INFO: " + line);
            } catch (IOException e) {
                last = e;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }
        throw new IOException("no INFO from " + host + ":" + port + " within " + timeoutMillis + " ms"
                + (last == null ? "" : " (" + last.getMessage() + ")"));
    }

    /** The pid holding the socket that listens on port, found through /proc (-1 if not visible). */
    static long pidListeningOn(int port) {
        String inode = listeningInode(port);
        if (inode == null) {
            return -1;
        }
        String link = "socket:[" + inode + "]";
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
                    for (Path fd : fds) {
                        if (link.equals(Files.readSymbolicLink(fd).toString())) {
                            return Long.parseLong(proc.getFileName().toString());
                        }
                    }
                } catch (IOException | SecurityException e) {
                    // not ours to look at, or gone
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    private static String listeningInode(int port) {
        String local = String.format(":%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    // state 0A = LISTEN; field 9 is the inode
                    if (f.length > 9 && f[1].endsWith(local) && "0A".equals(f[3])) {
                        return f[9];
                    }
                }
            } catch (IOException e) {
                // no such table
            }
        }
        return null;
    }

    /** TERM, then KILL after 10 s; a server we did not start is left alone. */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
