package io.natsj.cli.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real nats-server 2.9.10 next to this backend: run Go, replay its messages through {@link LogProbe}
 * in a child JVM, and compare the bytes once pids, times and backup suffixes are masked. Skipped when
 * /usr/sbin/nats-server is missing, unless CI=true.
 */
class GoCompatTest {
    static final Path GO = Path.of(System.getenv().getOrDefault("NATS_SERVER_BIN", "/usr/sbin/nats-server"));
    private static final Pattern PID = Pattern.compile("(?m)^\\[\\d+\\] ");
    private static final Pattern TIME = Pattern.compile("\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{6} ");
    private static final Pattern STD_TIME = Pattern.compile("(?m)^\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2} ");
    private static final Pattern SUFFIX = Pattern.compile("\\.\\d{4}\\.\\d{2}\\.\\d{2}\\.\\d{2}\\.\\d{2}\\.\\d{2}\\.\\d{9}");
    /** One line as Go writes it, label possibly coloured. */
    private static final Pattern GO_LINE = Pattern.compile(
            "\\[\\d+\\] (?:" + TIME.pattern() + ")?\\[(?:\u001b\\[[0-9;]+m)?(INF|DBG|TRC|WRN|ERR|FTL)(?:\u001b\\[0m)?\\] (.*)");

    @TempDir
    Path dir;

    @BeforeAll
    static void needGo() {
        if (!Files.isExecutable(GO)) {
            if ("true".equals(System.getenv("CI"))) {
                fail(GO + " is missing: the comparison with Go must run in CI");
            }
            assumeTrue(false, GO + " not installed");
        }
    }

    record Run(int exit, String out, String err) {
    }

    static String mask(String s) {
        s = PID.matcher(s).replaceAll("[PID] ");
        s = TIME.matcher(s).replaceAll("TIME ");
        s = STD_TIME.matcher(s).replaceAll("STDTIME ");
        return SUFFIX.matcher(s).replaceAll(".SUFFIX");
    }

    /** Runs to completion with stdout and stderr in files (no pipe can fill up). */
    private Run run(List<String> cmd, Path cwd, long timeoutMs) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
            p.destroy();
            p.waitFor(5, TimeUnit.SECONDS);
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static List<String> probe(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(LogProbe.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static List<String> go(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(GO.toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts Go, waits for {@code Server is ready} in the files of {@code watch}, runs {@code whileUp}, then SIGTERM. */
    private Run goUntilReady(List<String> cmd, Path cwd, Path watch, Step whileUp) throws Exception {
        return goUntilReadyIn(cmd, cwd, watch == null ? null : () -> Files.exists(watch) ? Files.readString(watch) : "", whileUp);
    }

    private Run goUntilReadyIn(List<String> cmd, Path cwd, java.util.concurrent.Callable<String> watch, Step whileUp)
            throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(watch == null ? Files.readString(err) : watch.call()).contains("Server is ready")) {
            assertTrue(System.nanoTime() < deadline, "nats-server never became ready: " + Files.readString(err));
            assertTrue(p.isAlive(), "nats-server died: " + Files.readString(err));
            Thread.sleep(10);
        }
        if (whileUp != null) {
            whileUp.run(p);
        }
        p.destroy();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    interface Step {
        void run(Process p) throws Exception;
    }

    /** Go's lines (optionally only up to and including "Server is ready") as LogProbe steps. */
    private static List<String> steps(String goOutput, boolean untilReady) {
        List<String> steps = new ArrayList<>();
        for (String line : GoLogTestSupport.lines(goOutput.replace("\r", ""))) {
            Matcher m = GO_LINE.matcher(line);
            assertTrue(m.matches(), line);
            if (m.group(2).startsWith("Rotated log, backup saved as")) {
                continue; // the backend writes its own
            }
            String kind = switch (m.group(1)) {
                case "INF" -> "I";
                case "DBG" -> "D";
                case "TRC" -> "T";
                case "WRN" -> "W";
                case "ERR" -> "E";
                default -> "F";
            };
            steps.add(kind + ":" + m.group(2));
            if (untilReady && m.group(2).equals("Server is ready")) {
                break;
            }
        }
        return steps;
    }

    private static String untilReady(String text) {
        int i = text.indexOf("Server is ready");
        return text.substring(0, text.indexOf('\n', i) + 1);
    }

    private static String[] args(List<String> flags, List<String> steps) {
        List<String> all = new ArrayList<>(flags);
        all.add("--");
        all.addAll(steps);
        return all.toArray(new String[0]);
    }

    @Test
    void stderrLinesMatchGoWithDebugAndTrace() throws Exception {
        Run g = goUntilReady(go("-DV", "-p", "-1"), dir, null, null);
        assertEquals("", g.out(), "Go logs on stderr only");
        String goText = untilReady(g.err());
        Run j = run(probe(args(List.of("-DV"), steps(goText, true))), dir, 30_000);
        assertEquals(0, j.exit(), j.err());
        assertEquals("", j.out());
        assertEquals(mask(goText), mask(j.err()));
        assertTrue(mask(j.err()).startsWith("[PID] TIME [INF] Starting nats-server\n"), j.err());
    }

    @Test
    void logtimeOffMatchesGo() throws Exception {
        Path conf = dir.resolve("nt.conf");
        Files.writeString(conf, "logtime: false\n");
        Run g = goUntilReady(go("-c", conf.toString(), "-p", "-1"), dir, null, null);
        String goText = untilReady(g.err());
        assertFalse(TIME.matcher(goText).find(), goText);
        Run j = run(probe(args(List.of("-T=false"), steps(goText, true))), dir, 30_000);
        assertEquals(mask(goText), mask(j.err()));
    }

    @Test
    void coloursOnATerminalMatchGo() throws Exception {
        Path script = Path.of("/usr/bin/script");
        assumeTrue(Files.isExecutable(script), "no script(1) to give a pty");
        // Go under a pty: stderr is a character device, labels coloured
        Run g = run(List.of(script.toString(), "-qec", "timeout -s TERM 1 " + GO + " -D -p -1", "/dev/null"), dir, 20_000);
        String goText = untilReady(g.out());
        assertTrue(goText.contains("[\u001b[32mINF\u001b[0m]"), goText);
        StringBuilder cmd = new StringBuilder();
        for (String a : probe(args(List.of("-D"), steps(goText, true)))) {
            cmd.append('\'').append(a.replace("'", "'\\''")).append("' ");
        }
        Run j = run(List.of(script.toString(), "-qec", cmd.toString(), "/dev/null"), dir, 30_000);
        assertEquals(mask(goText), mask(j.out()));
    }

    @Test
    void aFileWithRotationMatchesGoByteForByte() throws Exception {
        Path gd = Files.createDirectory(dir.resolve("go"));
        Path jd = Files.createDirectory(dir.resolve("jv"));
        Run g = goUntilReadyIn(go("-DV", "-p", "-1", "-l", "go/n.log", "--log_size_limit", "400"), dir,
                () -> concat(GoLogRotationTest.logFiles(gd, "n.log")), p -> Thread.sleep(200));
        assertEquals("", g.err(), "nothing on stderr with a log file");
        String goAll = concat(GoLogRotationTest.logFiles(gd, "n.log"));
        assertTrue(goAll.contains("Rotated log, backup saved as \"go/n.log."), goAll);
        run(probe(args(List.of("-DV", "-l", "jv/n.log", "--log_size_limit", "400"), steps(goAll, false))), dir, 30_000);
        String jAll = concat(GoLogRotationTest.logFiles(jd, "n.log"));
        List<Path> goFiles = GoLogRotationTest.logFiles(gd, "n.log");
        List<Path> jFiles = GoLogRotationTest.logFiles(jd, "n.log");
        String goMasked = mask(goAll).replace("\"go/", "\"DIR/");
        String jMasked = mask(jAll).replace("\"jv/", "\"DIR/");
        assertTrue(goFiles.size() > 2, goFiles.toString());
        if (pidDigits(goAll) == pidDigits(jAll)) {
            // same line lengths: rotation falls at the same lines, file by file
            assertEquals(goFiles.size(), jFiles.size());
            for (int i = 0; i < goFiles.size(); i++) {
                assertEquals(mask(Files.readString(goFiles.get(i))).replace("\"go/", "\"DIR/"),
                        mask(Files.readString(jFiles.get(i))).replace("\"jv/", "\"DIR/"), "file " + i);
            }
        } else {
            assertEquals(goMasked.replaceAll("\\[PID\\] TIME \\[INF\\] Rotated log.*\r\n", ""),
                    jMasked.replaceAll("\\[PID\\] TIME \\[INF\\] Rotated log.*\r\n", ""));
        }
    }

    private static int pidDigits(String text) {
        return text.indexOf(']') - 1;
    }

    private static String concat(List<Path> files) throws IOException {
        StringBuilder b = new StringBuilder();
        for (Path p : files) {
            try {
                b.append(Files.readString(p, StandardCharsets.UTF_8));
            } catch (java.nio.file.NoSuchFileException e) {
                // mid-rotation while Go runs; the final read happens after it exited
            }
        }
        return b.toString();
    }

    @Test
    void fatalLineAndStatusMatchGo() throws Exception {
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress("0.0.0.0", 0));
            Run g = run(go("-p", Integer.toString(busy.getLocalPort())), dir, 10_000);
            assertEquals(1, g.exit());
            assertTrue(g.err().contains("[FTL] Error listening on port: 0.0.0.0:" + busy.getLocalPort()), g.err());
            Run j = run(probe(args(List.of(), steps(g.err(), false))), dir, 30_000);
            assertEquals(1, j.exit());
            assertEquals(mask(g.err()), mask(j.err()));
        }
    }

    @Test
    void unopenableLogFileDiesAsGo() throws Exception {
        Files.createDirectory(dir.resolve("adir"));
        for (String file : List.of("missing/x.log", dir.resolve("missing/y.log").toString(), "adir")) {
            Run g = run(go("-p", "-1", "-l", file), dir, 10_000);
            Run j = run(probe("-l", file, "--", "I:never"), dir, 30_000);
            assertEquals(1, g.exit());
            assertEquals(1, j.exit());
            assertTrue(g.err().contains("error opening file: open " + file + ": "), g.err());
            assertEquals(mask(g.err()), mask(j.err()));
            assertTrue(mask(j.err()).startsWith("STDTIME error opening file"), j.err());
        }
    }

    @Test
    void reopenOnSigusr1MatchesGo() throws Exception {
        Path gd = Files.createDirectory(dir.resolve("go"));
        Path jd = Files.createDirectory(dir.resolve("jv"));
        Run g = goUntilReady(go("-p", "-1", "-l", "go/r.log"), dir, gd.resolve("r.log"), p -> {
            Files.move(gd.resolve("r.log"), gd.resolve("r.log.1"));
            assertEquals(0, new ProcessBuilder("kill", "-USR1", Long.toString(p.pid())).start().waitFor());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!Files.exists(gd.resolve("r.log"))) {
                assertTrue(System.nanoTime() < deadline);
                Thread.sleep(10);
            }
        });
        String goOld = Files.readString(gd.resolve("r.log.1"));
        String goNew = Files.readString(gd.resolve("r.log"));
        List<String> steps = new ArrayList<>(steps(goOld, false));
        steps.add("V:jv/r.log|jv/r.log.1");
        steps.add("R:");
        for (String s : steps(goNew, false)) {
            if (!s.equals("I:File log re-opened")) {
                steps.add(s);
            }
        }
        run(probe(args(List.of("-l", "jv/r.log"), steps)), dir, 30_000);
        assertTrue(goNew.contains("[INF] File log re-opened\n"), goNew);
        assertEquals(mask(goOld), mask(Files.readString(jd.resolve("r.log.1"))));
        assertEquals(mask(goNew), mask(Files.readString(jd.resolve("r.log"))));
    }

    @Test
    void printAndDieMatchesGosConfigErrors() throws Exception {
        Path conf = dir.resolve("u.conf");
        Files.writeString(conf, "logtime_utc: true\n"); // 2.9.10 has no logtime_utc
        Run g = run(go("-c", "u.conf"), dir, 10_000);
        assertEquals(1, g.exit());
        // the config error text ends in a newline of its own, and Fprintln adds one
        assertEquals("nats-server: u.conf:1:0: unknown field \"logtime_utc\"\n\n", g.err());
        String text = g.err().substring(0, g.err().length() - 1);
        Run j = run(probe("--", "P:" + text, "I:never"), dir, 30_000);
        assertEquals(1, j.exit());
        assertEquals(g.err(), j.err());
    }

    @Test
    void reopenWithoutAFileMatchesGo() throws Exception {
        Run g = goUntilReady(go("-p", "-1"), dir, null, p -> {
            new ProcessBuilder("kill", "-USR1", Long.toString(p.pid())).start().waitFor();
            Thread.sleep(300);
        });
        String goText = g.err();
        assertTrue(goText.contains("[INF] File log re-open ignored, not a file logger\n"), goText);
        String line = goText.substring(goText.lastIndexOf('\n', goText.indexOf("File log re-open ignored")) + 1);
        line = line.substring(0, line.indexOf('\n') + 1);
        Run j = run(probe("--", "R:"), dir, 30_000);
        assertEquals(mask(line), mask(j.err()));
    }
}
