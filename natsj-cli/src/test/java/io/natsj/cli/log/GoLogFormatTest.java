package io.natsj.cli.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MarkerFactory;

class GoLogFormatTest extends GoLogTestSupport {
    private final Logger log = LoggerFactory.getLogger("io.natsj.server.Server");

    @Test
    void slf4jUsesThisProvider() {
        assertEquals(GoLogger.class, log.getClass());
    }

    @Test
    void infoLineIsGosFormatWithLocalMicroseconds() {
        LocalDateTime before = LocalDateTime.now().truncatedTo(ChronoUnit.MICROS);
        log.info("Listening for client connections on {}:{}", "0.0.0.0", 4222);
        LocalDateTime after = LocalDateTime.now();
        List<String> lines = errLines();
        assertEquals(1, lines.size(), errText());
        Matcher m = LINE.matcher(lines.get(0));
        assertTrue(m.matches(), lines.get(0));
        assertEquals(Long.toString(pid()), m.group(1));
        LocalDateTime t = LocalDateTime.parse(m.group(2), DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss.SSSSSS"));
        assertFalse(t.isBefore(before), t + " < " + before);
        assertFalse(t.isAfter(after), t + " > " + after);
        assertEquals("INF", m.group(3));
        assertEquals("Listening for client connections on 0.0.0.0:4222", m.group(4));
        assertTrue(errText().endsWith("\n") && !errText().endsWith("\r\n"));
    }

    @Test
    void logtimeOffDropsTheTimestamp() throws IOException {
        GoLog.configure(GoLogSettings.defaults().withLogtime(false));
        log.info("Server is ready");
        assertEquals("[" + pid() + "] [INF] Server is ready\n", errText());
    }

    @Test
    void pidOffDropsThePrefix() throws IOException {
        GoLog.configure(GoLogSettings.defaults().withLogtime(false).withPid(false));
        log.warn("x");
        assertEquals("[WRN] x\n", errText());
    }

    @Test
    void levelsMapToGoLabels() throws IOException {
        GoLog.configure(GoLogSettings.defaults().withLogtime(false).withPid(false).withDebug(true).withTrace(true));
        log.error("e");
        log.error(MarkerFactory.getMarker(GoLogger.FATAL), "f");
        log.warn("w");
        log.info("i");
        log.debug("d");
        log.trace("t");
        assertEquals("[ERR] e\n[FTL] f\n[WRN] w\n[INF] i\n[DBG] d\n[TRC] t\n", errText());
    }

    @Test
    void debugAndTraceAreOffByDefaultAndIndependent() throws IOException {
        GoLog.configure(GoLogSettings.defaults().withLogtime(false).withPid(false));
        assertFalse(log.isDebugEnabled());
        assertFalse(log.isTraceEnabled());
        log.debug("d {}", 1);
        log.trace("t {}", 1);
        log.atDebug().log("fluent");
        assertEquals("", errText());

        GoLog.configure(GoLogSettings.defaults().withLogtime(false).withPid(false).withTrace(true)); // -V
        log.debug("d");
        log.trace("t");
        GoLog.configure(GoLogSettings.defaults().withLogtime(false).withPid(false).withDebug(true)); // -D
        log.debug("d");
        log.trace("t");
        log.atDebug().addArgument(7).log("fluent {}");
        assertEquals("[TRC] t\n[DBG] d\n[DBG] fluent 7\n", errText());
    }

    @Test
    void nettyIsHeldToWarnings() throws IOException {
        GoLog.configure(GoLogSettings.defaults().withLogtime(false).withPid(false).withDebug(true).withTrace(true));
        Logger netty = LoggerFactory.getLogger("io.netty.util.ResourceLeakDetector");
        assertFalse(netty.isDebugEnabled());
        netty.debug("-Dio.netty.leakDetection.level: simple");
        netty.info("i");
        netty.warn("LEAK");
        assertEquals("[WRN] LEAK\n", errText());
    }

    @Test
    void throwableIsCompactWithoutDebug() throws IOException {
        GoLog.configure(GoLogSettings.defaults().withLogtime(false).withPid(false));
        log.error("Error reading from client", new IOException("Connection reset by peer"));
        log.warn("{} - cid:{} - oops", "1.2.3.4:5", 7, new IllegalStateException("bad"));
        log.error("", new RuntimeException("alone"));
        assertEquals("[ERR] Error reading from client: java.io.IOException: Connection reset by peer\n"
                + "[WRN] 1.2.3.4:5 - cid:7 - oops: java.lang.IllegalStateException: bad\n"
                + "[ERR] java.lang.RuntimeException: alone\n", errText());
    }

    @Test
    void throwableCarriesItsStackWithDebug() throws IOException {
        GoLog.configure(GoLogSettings.defaults().withLogtime(false).withPid(false).withDebug(true));
        log.error("boom", new IOException("x", new IllegalArgumentException("cause")));
        List<String> lines = errLines();
        assertEquals("[ERR] boom: java.io.IOException: x", lines.get(0));
        assertTrue(lines.get(1).startsWith("\tat io.natsj.cli.log.GoLogFormatTest."), lines.get(1));
        assertTrue(lines.stream().anyMatch(l -> l.equals("Caused by: java.lang.IllegalArgumentException: cause")));
        assertTrue(errText().endsWith("\n") && !errText().endsWith("\n\n"));
    }

    @Test
    void aTrailingNewlineIsNotDoubledAndTextIsUtf8() throws IOException {
        GoLog.configure(GoLogSettings.defaults().withLogtime(false).withPid(false));
        log.info("ends\n");
        log.info("");
        log.info("naïve ☃ 😀 {}", "ü");
        assertArrayEquals("[INF] ends\n[INF] \n[INF] naïve ☃ 😀 ü\n".getBytes(StandardCharsets.UTF_8), err.toByteArray());
    }

    @Test
    void coloursOnlyForATerminal() throws IOException {
        GoLog.configure(GoLogSettings.defaults().withLogtime(false).withPid(false));
        GoLog.terminalForTesting(true);
        log.info("i");
        log.debug("hidden");
        log.warn("w");
        log.error("e");
        log.error(MarkerFactory.getMarker("FATAL"), "f");
        GoLog.configure(GoLogSettings.defaults().withLogtime(false).withPid(false).withDebug(true).withTrace(true));
        log.debug("d");
        log.trace("t");
        assertEquals("[\u001b[32mINF\u001b[0m] i\n"
                + "[\u001b[0;93mWRN\u001b[0m] w\n"
                + "[\u001b[31mERR\u001b[0m] e\n"
                + "[\u001b[31mFTL\u001b[0m] f\n"
                + "[\u001b[36mDBG\u001b[0m] d\n"
                + "[\u001b[33mTRC\u001b[0m] t\n", errText());
    }

    @Test
    void settingsAreReported() throws IOException {
        GoLogSettings s = GoLogSettings.defaults().withDebug(true).withLogtime(false);
        GoLog.configure(s);
        assertEquals(s, GoLog.settings());
        assertTrue(GoLogSettings.defaults().logtime());
        assertEquals(null, GoLogSettings.defaults().withLogFile("").logFile());
    }

    @Test
    void aDisabledCallAllocatesNothing() throws IOException {
        GoLog.configure(GoLogSettings.defaults());
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        Object a = "a";
        Object b = 2;
        long tid = Thread.currentThread().getId();
        for (int i = 0; i < 200_000; i++) { // warm up so the JIT settles
            log.debug("{} - cid:{} - Client connection created", a, b);
            log.trace("{}", a);
        }
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 100_000; i++) {
            log.debug("{} - cid:{} - Client connection created", a, b);
            log.trace("{}", a);
        }
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        assertTrue(allocated < 10_000, "allocated " + allocated + " bytes for 200k disabled calls");
        assertEquals("", errText());
    }
}
