package io.natsj.it.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server binary run as a harness runs it: a child process with flags, its stdout and stderr
 * together in one file, signalled by pid. Works for both bin/natsj and the Go nats-server, so the
 * drop-in tests can run the same steps against each and compare.
 */
public final class ServerProcess implements AutoCloseable {
    /** Which binary. */
    public enum Binary {
        NATSJ, GO;

        public Path path() {
            if (this == GO) {
                return GoNatsServer.requireBinary();
            }
            String p = System.getProperty("natsj.binary");
            Path bin = p != null ? Path.of(p) : Path.of("..", "bin", "natsj");
            return bin.toAbsolutePath().normalize();
        }
    }

    private final Binary binary;
    private final Process process;
    private final Path log;
    private final Thread reaper;

    private ServerProcess(Binary binary, Process process, Path log) {
        this.binary = binary;
        this.process = process;
        this.log = log;
        this.reaper = new Thread(process::destroyForcibly, "kill " + binary);
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts {@code binary args...} in {@code dir} (its working directory, where the output goes too). */
    public static ServerProcess start(Binary binary, Path dir, String... args) {
        return startCommand(binary, binary.path(), dir, args);
    }

    /** As {@link #start}, running {@code executable} (a link to the binary, say) instead of its path. */
    public static ServerProcess startCommand(Binary binary, Path executable, Path dir, String... args) {
        return startCommand(binary, executable, dir, Map.of(), args);
    }

    /** As {@link #start}, with {@code env} added to the environment the process inherits. */
    public static ServerProcess startWithEnv(Binary binary, Path dir, Map<String, String> env, String... args) {
        return startCommand(binary, binary.path(), dir, env, args);
    }

    private static ServerProcess startCommand(Binary binary, Path executable, Path dir, Map<String, String> env,
            String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(executable.toString());
        cmd.addAll(List.of(args));
        Path log = dir.resolve(binary.name().toLowerCase() + "-" + System.nanoTime() + ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            return new ServerProcess(binary, p, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code binary args...} to completion (a command like -v, -t or --signal). */
    public static Result run(Binary binary, Path dir, String... args) {
        try (ServerProcess p = start(binary, dir, args)) {
            int code = p.awaitExit(Duration.ofSeconds(30));
            return new Result(code, p.output());
        }
    }

    /** Exit code and everything the command printed (stdout and stderr). */
    public record Result(int exitCode, String output) {
        public String firstLine() {
            String t = output.strip();
            int nl = t.indexOf('\n');
            return nl < 0 ? t : t.substring(0, nl);
        }
    }

    public Binary binary() {
        return binary;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** Waits until the output contains {@code text}; fails with the output if the process exits first. */
    public void awaitOutput(String text, Duration within) {
        await(binary + " to print \"" + text + "\"").atMost(within).pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    String out = output();
                    if (out.contains(text)) {
                        return true;
                    }
                    if (!process.isAlive()) {
                        throw new IllegalStateException(binary + " exited with " + process.exitValue() + " before printing \""
                                + text + "\":\n" + out);
                    }
                    return false;
                });
    }

    public void awaitReady() {
        awaitOutput("Server is ready", Duration.ofSeconds(20));
    }

    /** Sends a signal by name (HUP, USR1, USR2, INT, TERM) as a harness does, with kill(1). */
    public void signal(String name) {
        try {
            Process k = new ProcessBuilder("kill", "-s", name, Long.toString(pid())).inheritIO().start();
            if (k.waitFor() != 0) {
                throw new IllegalStateException("kill -s " + name + " " + pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Kills the process with SIGKILL (what {@link Process#destroyForcibly} sends on Linux) and waits
     * for it to be gone: no signal handler, shutdown hook or final fsync runs, as in a crash.
     */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    public int awaitExit(Duration within) {
        try {
            if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(binary + " still running after " + within + ":\n" + output());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }
}
