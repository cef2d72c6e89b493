package io.natsj.cli.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nothing is held in a buffer: every line is out whether the JVM exits, halts, or dies by fatal. */
class GoLogExitTest {
    @TempDir
    Path dir;

    private Process probe(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LogProbe.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectError(dir.resolve("err.txt").toFile()).redirectOutput(dir.resolve("out.txt").toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return p;
    }

    private static void assertLines(String text, int n) {
        List<String> lines = GoLogTestSupport.lines(text);
        assertEquals(n, lines.size());
        for (int i = 0; i < n; i++) {
            assertTrue(lines.get(i).endsWith("[INF] line " + i), lines.get(i));
        }
    }

    @Test
    void everyLineIsOutAtANormalExitAndAtAHalt() throws Exception {
        assertEquals(0, probe("--", "N:5000").exitValue());
        assertLines(Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8), 5000);
        assertEquals(7, probe("-l", "x.log", "--", "N:5000", "H:7").exitValue());
        assertLines(Files.readString(dir.resolve("x.log"), StandardCharsets.UTF_8), 5000);
        assertEquals("", Files.readString(dir.resolve("err.txt")));
    }

    @Test
    void fatalWritesFtlThenEndsWithStatusOne() throws Exception {
        assertEquals(1, probe("-T=false", "--", "I:before", "F:Error listening on port: 0.0.0.0:4222, \"x\"", "I:after")
                .exitValue());
        String err = Files.readString(dir.resolve("err.txt"));
        String pidPrefix = err.substring(0, err.indexOf(']') + 2);
        assertEquals(pidPrefix + "[INF] before\n" + pidPrefix + "[FTL] Error listening on port: 0.0.0.0:4222, \"x\"\n", err);
    }
}
