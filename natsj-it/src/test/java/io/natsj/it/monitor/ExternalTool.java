package io.natsj.it.monitor;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * A program from outside Maven that a test needs (a parser, a browser): on a developer's machine
 * without it the test is skipped with a hint; with CI=true it fails, since .ci/run installs it.
 */
final class ExternalTool {
    private ExternalTool() {
    }

    static void require(boolean present, String what, String install) {
        if (present) {
            return;
        }
        String msg = what + " is missing (" + install + ")";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException(msg + "; CI=true, so this is a failure, not a skip");
        }
        Assumptions.abort(msg);
    }

    static boolean executable(String path) {
        return Files.isExecutable(Path.of(path));
    }

    /** Runs a command in {@code dir} to its end (at most two minutes); returns its exit code and output. */
    static Result run(Path dir, String... command) throws Exception {
        Path out = Files.createTempFile("natsj-it-out", ".txt");
        Path err = Files.createTempFile("natsj-it-err", ".txt");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in two minutes:\n" + Files.readString(err));
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    record Result(int exitCode, String stdout, String stderr) {
    }
}
