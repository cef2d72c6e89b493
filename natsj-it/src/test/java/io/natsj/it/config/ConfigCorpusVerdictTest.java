package io.natsj.it.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.natsj.it.support.GoNatsServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every configuration file of the corpus, and the jnats test suite's own files, checked with
 * {@code -t -c FILE} by nats-server and by natsj: both must give the same verdict, except that natsj
 * may refuse a file nats-server accepts when it says the feature is "not supported" (yet).
 *
 * <p>Files whose features natsj has must be accepted outright ({@link #NATSJ_ACCEPTS}): for them "not
 * supported" is no excuse.
 *
 * <p>Each row also checks that nats-server gives the verdict the file declares, so a file that no
 * longer tests what it was written for shows up even while natsj's side is red.
 *
 * <p>All checks run up front in parallel (nats-server takes ~10 ms a file, natsj a JVM start);
 * the dynamic tests only wait for their results.
 */
class ConfigCorpusVerdictTest {

    /** What the environment variable rows read; set for both servers. */
    static final Map<String, String> ENVIRONMENT = Map.of(
            "NATSJ_CORPUS_PORT", "4333",
            "NATSJ_CORPUS_NAME", "from-env",
            "NATSJ_CORPUS_AUTH", "{user: envuser, password: envpass}",
            "NATSJ_CORPUS_BAD", "x y");

    /** Rows nats-server accepts that natsj must accept too, with no "not supported" (authorization, accounts, JetStream). */
    static final java.util.Set<String> NATSJ_ACCEPTS = java.util.Set.of(
            "accounts_simple_list.conf",
            "auth_simple.conf",
            "auth_token.conf",
            "server_listen.conf",
            "auth_users_permissions.conf",
            "syntax_env_variables.conf",
            "jnats basic_account.conf",
            "jnats encoded_pass.conf",
            "jetstream_accounts.conf",
            "jetstream_disabled.conf");

    /** nats-server answers in milliseconds; natsj in a JVM start, or a build on its first use. */
    private static final long GO_TIMEOUT = 30;
    private static final long NATSJ_TIMEOUT = 60;
    private static final long NATSJ_FIRST_TIMEOUT = 600;

    @TempDir
    static Path work;

    private static ExecutorService goPool;
    private static ExecutorService natsjPool;

    @BeforeAll
    static void pools() {
        goPool = Executors.newFixedThreadPool(4);
        natsjPool = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stopPools() {
        goPool.shutdownNow();
        natsjPool.shutdownNow();
    }

    @TestFactory
    Stream<DynamicNode> sameVerdictAsNatsServer() throws Exception {
        Path go = GoNatsServer.requireBinary();
        List<CorpusRow> rows = new ArrayList<>(CorpusLayout.ownFiles(work));
        rows.addAll(CorpusLayout.jnatsFiles(work));
        Checker goChecker = new Checker(List.of(go.toString()), work, ENVIRONMENT);
        Checker natsjChecker = natsjChecker();

        List<DynamicNode> nodes = new ArrayList<>();
        // bin/natsj builds its jar on first use: one run on its own before the parallel ones.
        CompletableFuture<Checker.Result> first = null;
        for (CorpusRow row : rows) {
            CompletableFuture<Checker.Result> goResult =
                    CompletableFuture.supplyAsync(() -> goChecker.check(row.file(), GO_TIMEOUT), goPool);
            CompletableFuture<Checker.Result> natsjResult;
            if (natsjChecker == null) {
                natsjResult = CompletableFuture.completedFuture(null);
            } else if (first == null) {
                first = CompletableFuture.supplyAsync(() -> natsjChecker.check(row.file(), NATSJ_FIRST_TIMEOUT), natsjPool);
                natsjResult = first;
            } else {
                natsjResult = first.thenApplyAsync(ignored -> natsjChecker.check(row.file(), NATSJ_TIMEOUT), natsjPool);
            }
            nodes.add(DynamicContainer.dynamicContainer(row.name(), Stream.of(
                    DynamicTest.dynamicTest("nats-server says " + row.expected(),
                            () -> checkGo(row, goResult.join())),
                    DynamicTest.dynamicTest("natsj agrees",
                            () -> checkNatsj(row, goResult.join(), natsjResult.join())))));
        }
        return nodes.stream();
    }

    private static Checker natsjChecker() {
        String binary = System.getProperty("natsj.binary");
        if (binary == null || binary.isBlank()) {
            return null;
        }
        return new Checker(List.of(binary), work, ENVIRONMENT);
    }

    private static void checkGo(CorpusRow row, Checker.Result go) {
        assertEquals(row.expected(), go.verdict(),
                () -> row.file() + " was written for nats-server to say " + row.expected() + ":\n" + go.output());
    }

    private static void checkNatsj(CorpusRow row, Checker.Result go, Checker.Result natsj) {
        if (natsj == null) {
            fail("system property natsj.binary is not set (natsj-it/pom.xml sets it for surefire)");
        }
        if (go.verdict() == Verdict.INVALID) {
            assertEquals(Verdict.INVALID, natsj.verdict(), () -> "nats-server refuses " + row.file()
                    + " but natsj accepts it.\nnats-server: " + go.output() + "\nnatsj: " + natsj.output());
            return;
        }
        if (NATSJ_ACCEPTS.contains(row.name())) {
            assertEquals(Verdict.VALID, natsj.verdict(), () -> "nats-server accepts " + row.file()
                    + " and natsj has its features, but refuses it:\n" + natsj.output());
            return;
        }
        assertTrue(natsj.verdict() == Verdict.VALID || natsj.output().contains("not supported"),
                () -> "nats-server accepts " + row.file() + " but natsj refuses it (and does not say "
                        + "\"not supported\"):\n" + natsj.output());
    }
}
