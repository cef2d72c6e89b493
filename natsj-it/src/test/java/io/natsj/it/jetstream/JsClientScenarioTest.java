package io.natsj.it.jetstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.natsj.it.support.ServerProcess;
import io.natsj.it.support.ServerProcess.Binary;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * JetStream as the official JavaScript client uses it: the scenarios of src/test/js/js-scenarios.mjs
 * (@nats-io/transport-node, jetstream, kv and obj 3.x, installed there with {@code npm ci}) run one by
 * one, each in a node process of its own, against a server started for the twin: bin/natsj, and
 * nats-server 2.9.10, whose behaviour the scenarios check for. Pull consumers (consume, fetch, acks),
 * ordered consumers, push consumers, key-value buckets and object stores.
 *
 * <p>The natsj twin is the target of the consumer work: until natsj has consumers, its scenarios
 * fail where they first ask for one (a request on $JS.API.CONSUMER.* that no one answers).
 */
class JsClientScenarioTest {
    private static final Path JS = Path.of("src/test/js").toAbsolutePath();
    private static final Path SCRIPT = JS.resolve("js-scenarios.mjs");
    private static final List<String> CLIENT_PACKAGES = List.of("transport-node", "jetstream", "kv", "obj");
    private static final Pattern CLIENT_PORT = Pattern.compile("Listening for client connections on 127\\.0\\.0\\.1:(\\d+)");
    /** A scenario's own deadline is 30 s (js-scenarios.mjs); this only guards against node itself hanging. */
    private static final Duration SCENARIO_LIMIT = Duration.ofSeconds(60);

    @TestFactory
    Stream<DynamicTest> scenariosOnNatsj(@TempDir Path dir) {
        return scenarios(Binary.NATSJ, dir);
    }

    @TestFactory
    Stream<DynamicTest> scenariosOnNatsServer(@TempDir Path dir) {
        return scenarios(Binary.GO, dir);
    }

    /**
     * One dynamic test a scenario, all against one server with JetStream on a store in {@code dir}
     * (each scenario has streams of its own); the server stops when JUnit closes the stream.
     */
    private static Stream<DynamicTest> scenarios(Binary binary, Path dir) {
        String node = requireNode();
        binary.path(); // for GO, GoNatsServer.requireBinary: skipped when nats-server is missing, failed on CI
        List<String> names = scenarioNames(node);
        ServerProcess server = ServerProcess.start(binary, dir, "-a", "127.0.0.1", "-p", "-1", "-js", "-sd",
                dir.resolve("store").toString());
        String url;
        try {
            // bin/natsj may build itself on first use: a minute rather than ServerProcess.awaitReady's 20 s
            server.awaitOutput("Server is ready", Duration.ofSeconds(60));
            Matcher m = CLIENT_PORT.matcher(server.output());
            assertTrue(m.find(), server.output());
            url = "nats://127.0.0.1:" + m.group(1);
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
        return names.stream()
                .map(name -> DynamicTest.dynamicTest(name, () -> run(node, server, url, name)))
                .onClose(server::close);
    }

    private static void run(String node, ServerProcess server, String url, String name) throws Exception {
        assertTrue(server.isAlive(), server.binary() + " is gone before scenario " + name + ":\n" + tail(server.output()));
        Result r = exec(node, SCRIPT.toString(), url, name);
        if (r.exitCode() != 0) {
            // stderr has the failure in words (stdout the same as a JSON line)
            String said = r.stderr().isBlank() ? r.stdout() : r.stderr();
            fail("scenario " + name + " on " + server.binary() + " (exit " + r.exitCode() + "):\n" + said.strip()
                    + (server.isAlive() ? "" : "\n" + server.binary() + " exited:\n" + tail(server.output())));
        }
        assertTrue(r.stdout().contains("{\"scenario\":\"" + name + "\",\"ok\":true"), r.stdout() + r.stderr());
    }

    /** The scenarios js-scenarios.mjs has ({@code --list}), so that one added there runs here too. */
    private static List<String> scenarioNames(String node) {
        try {
            Result r = exec(node, SCRIPT.toString(), "--list");
            assertEquals(0, r.exitCode(), "js-scenarios.mjs --list:\n" + r.stderr() + r.stdout());
            List<String> names = r.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
            assertTrue(names.containsAll(List.of("consume", "fetch", "acks", "ordered", "push", "kv", "obj")), names.toString());
            return names;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** node's path, with the client packages installed; fails on CI, skips elsewhere, when either is missing. */
    private static String requireNode() {
        String node = Stream.concat(Stream.of("/usr/bin/node", "/usr/local/bin/node"),
                        Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                                .filter(d -> !d.isEmpty()).map(d -> d + "/node"))
                .filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElse(null);
        require(node != null, "node", "apt-get install nodejs");
        for (String p : CLIENT_PACKAGES) {
            require(Files.isDirectory(JS.resolve("node_modules/@nats-io/" + p)), "@nats-io/" + p,
                    "npm ci --prefix natsj-it/src/test/js");
        }
        return node;
    }

    private static void require(boolean present, String what, String install) {
        if (present) {
            return;
        }
        String msg = what + " is missing (" + install + ")";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException(msg + "; CI=true, so this is a failure, not a skip");
        }
        Assumptions.abort(msg);
    }

    /** Runs {@code command} in src/test/js to its end; its exit code and output. */
    private static Result exec(String... command) throws IOException {
        Path out = Files.createTempFile("js-scenarios-out", ".txt");
        Path err = Files.createTempFile("js-scenarios-err", ".txt");
        try {
            Process p = new ProcessBuilder(command).directory(JS.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            try {
                if (!p.waitFor(SCENARIO_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    fail(String.join(" ", command) + " did not finish in " + SCENARIO_LIMIT + ":\n"
                            + Files.readString(err, StandardCharsets.UTF_8) + Files.readString(out, StandardCharsets.UTF_8));
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String tail(String output) {
        List<String> lines = output.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }
}
