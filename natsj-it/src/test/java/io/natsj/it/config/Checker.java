package io.natsj.it.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs {@code <server> -t -c FILE} in the corpus working directory and reads the verdict. */
final class Checker {

    record Result(Verdict verdict, String output) {
    }

    private final List<String> command;
    private final Path workingDirectory;
    private final Map<String, String> environment;

    Checker(List<String> command, Path workingDirectory, Map<String, String> environment) {
        this.command = List.copyOf(command);
        this.workingDirectory = workingDirectory;
        this.environment = environment;
    }

    Result check(Path file, long timeoutSeconds) {
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of("-t", "-c", file.toString()));
        ProcessBuilder pb = new ProcessBuilder(args).directory(workingDirectory.toFile()).redirectErrorStream(true);
        pb.environment().putAll(environment);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            // Read on another thread so that a process that never exits still times out.
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p));
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(Verdict.INVALID, "timed out: " + args);
            }
            String text = new String(out.join(), StandardCharsets.UTF_8);
            return new Result(p.exitValue() == 0 ? Verdict.VALID : Verdict.INVALID, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + args, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] readAll(Process p) {
        try {
            return p.getInputStream().readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
