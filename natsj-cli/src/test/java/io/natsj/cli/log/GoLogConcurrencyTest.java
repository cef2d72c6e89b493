package io.natsj.cli.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Many writers: whole lines only, none lost, each writer's lines in its order; also with rotation. */
class GoLogConcurrencyTest extends GoLogTestSupport {
    private static final int THREADS = 8;
    private static final int PER_THREAD = 2000;

    @TempDir
    Path dir;

    private static void hammer(boolean reconfigureMeanwhile, GoLogSettings settings) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                Logger log = LoggerFactory.getLogger("io.natsj.server.ClientConnection");
                try {
                    start.await();
                    for (int i = 0; i < PER_THREAD; i++) {
                        // long enough that a torn write would show; non-ASCII to exercise the encoder
                        log.info("writer {} line {} ünïcode payload {}", id, i, "x".repeat(i % 97));
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }, "writer-" + t);
            threads.add(th);
            th.start();
        }
        start.countDown();
        if (reconfigureMeanwhile) {
            for (int i = 0; i < 20; i++) {
                GoLog.configure(settings.withDebug(i % 2 == 0));
                GoLog.reopen();
                Thread.sleep(1);
            }
        }
        for (Thread th : threads) {
            th.join();
        }
        assertTrue(failures.isEmpty(), failures.toString());
    }

    private static void verify(List<String> lines) {
        int[] next = new int[THREADS];
        int count = 0;
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            assertTrue(m.matches(), line);
            String msg = m.group(4);
            if (!msg.startsWith("writer ")) {
                assertTrue(msg.equals("File log re-opened") || msg.startsWith("Rotated log, backup saved as \""), msg);
                continue;
            }
            String[] parts = msg.split(" ");
            int id = Integer.parseInt(parts[1]);
            int i = Integer.parseInt(parts[3]);
            assertEquals(next[id], i, "writer " + id + " out of order or lost");
            assertEquals("writer " + id + " line " + i + " ünïcode payload " + "x".repeat(i % 97), msg);
            next[id]++;
            count++;
        }
        assertEquals(THREADS * PER_THREAD, count);
    }

    @Test
    void stderrLinesNeverInterleave() throws Exception {
        hammer(false, GoLogSettings.defaults());
        verify(errLines());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 50_000})
    void fileLinesNeverInterleaveNorGetLostAcrossRotationsAndReopens(long limit) throws Exception {
        Path f = dir.resolve("c.log");
        GoLogSettings s = GoLogSettings.defaults().withLogFile(f.toString()).withSizeLimit(limit);
        GoLog.configure(s);
        hammer(true, s);
        List<String> all = new ArrayList<>();
        for (Path p : GoLogRotationTest.logFiles(dir, "c.log")) {
            for (String l : lines(Files.readString(p, StandardCharsets.UTF_8))) {
                all.add(l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
            }
        }
        verify(all);
        if (limit > 0) {
            assertTrue(GoLogRotationTest.logFiles(dir, "c.log").size() > 10);
        }
    }
}
