package io.natsj.cli.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** log_file / -l: appending, permissions, open errors in Go's words, reconfiguration at run time. */
class GoLogFileTest extends GoLogTestSupport {
    private final Logger log = LoggerFactory.getLogger("io.natsj.server.Server");

    @TempDir
    Path dir;

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    @Test
    void appendsToAnExistingFileNeverColouredNothingOnStderr() throws IOException {
        Path f = dir.resolve("nats.log");
        Files.writeString(f, "previous run\n");
        GoLog.terminalForTesting(true);
        GoLog.configure(GoLogSettings.defaults().withLogFile(f.toString()));
        log.info("Starting nats-server");
        log.warn("careful");
        List<String> lines = lines(read(f));
        assertEquals(3, lines.size());
        assertEquals("previous run", lines.get(0));
        assertTrue(LINE.matcher(lines.get(1)).matches(), lines.get(1));
        assertTrue(lines.get(1).endsWith(" [INF] Starting nats-server"), lines.get(1));
        assertTrue(lines.get(2).endsWith(" [WRN] careful"), lines.get(2));
        assertEquals("", errText());
    }

    @Test
    void createsTheFileWithGosMode0660LessUmask() throws Exception {
        Path f = dir.resolve("new.log");
        GoLog.configure(GoLogSettings.defaults().withLogFile(f.toString()));
        log.info("x");
        Process p = new ProcessBuilder("sh", "-c", "umask").start();
        int umask = Integer.parseInt(new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim(), 8);
        p.waitFor();
        // the test JVM was started with the same umask as its sh child
        Set<PosixFilePermission> expected = EnumSet.noneOf(PosixFilePermission.class);
        int mode = 0660 & ~umask;
        PosixFilePermission[] bits = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_READ};
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                expected.add(bits[i]);
            }
        }
        assertEquals(PosixFilePermissions.toString(expected), PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }

    @Test
    void openErrorsSpeakGoAndChangeNothing() throws IOException {
        Path good = dir.resolve("good.log");
        GoLog.configure(GoLogSettings.defaults().withLogFile(good.toString()));
        String missing = dir.resolve("no/such/dir/x.log").toString();
        IOException e = assertThrows(IOException.class,
                () -> GoLog.configure(GoLogSettings.defaults().withLogFile(missing).withDebug(true)));
        assertEquals("error opening file: open " + missing + ": no such file or directory", e.getMessage());
        e = assertThrows(IOException.class, () -> GoLog.configure(GoLogSettings.defaults().withLogFile(dir.toString())));
        assertEquals("error opening file: open " + dir + ": is a directory", e.getMessage());
        assertEquals(good.toString(), GoLog.settings().logFile());
        log.debug("not enabled by the failed configure");
        log.info("still here");
        assertTrue(read(good).endsWith(" [INF] still here\n"), read(good));
    }

    @Test
    void reconfigurationAtRunTime() throws IOException {
        Path a = dir.resolve("a.log");
        Path b = dir.resolve("b.log");
        log.info("on stderr");
        GoLog.configure(GoLogSettings.defaults().withLogFile(a.toString()));
        LogFile first = GoLog.fileForTesting();
        log.debug("hidden");
        log.info("in a");
        GoLog.configure(GoLogSettings.defaults().withLogFile(a.toString()).withDebug(true)); // reload: debug
        assertNotSame(first, GoLog.fileForTesting());
        assertTrue(first.isClosed(), "the previous file is closed, as Go's SetLogger closes the old logger");
        log.debug("debug in a");
        GoLog.configure(GoLogSettings.defaults().withLogFile(b.toString()).withLogtime(false)); // reload: log_file
        log.debug("hidden again");
        log.info("in b");
        GoLog.configure(GoLogSettings.defaults().withLogtime(false)); // back to stderr
        assertNull(GoLog.fileForTesting());
        log.info("stderr again");

        List<String> la = lines(read(a));
        assertEquals(2, la.size(), la.toString());
        assertTrue(la.get(0).endsWith("[INF] in a"));
        assertTrue(la.get(1).endsWith("[DBG] debug in a"));
        assertEquals("[" + pid() + "] [INF] in b\n", read(b));
        List<String> le = errLines();
        assertEquals(2, le.size(), le.toString());
        assertTrue(LINE.matcher(le.get(0)).matches() && le.get(0).endsWith("[INF] on stderr"));
        assertEquals("[" + pid() + "] [INF] stderr again", le.get(1));
    }

    @Test
    void closeGoesBackToStderr() throws IOException {
        Path a = dir.resolve("a.log");
        GoLog.configure(GoLogSettings.defaults().withLogFile(a.toString()).withLogtime(false));
        LogFile f = GoLog.fileForTesting();
        GoLog.close();
        assertTrue(f.isClosed());
        assertNull(GoLog.settings().logFile());
        log.info("x");
        assertEquals("[" + pid() + "] [INF] x\n", errText());
        assertEquals("", read(a));
    }

    @Test
    void anInterruptedLoggerDoesNotCloseTheFile() throws IOException {
        Path a = dir.resolve("a.log");
        GoLog.configure(GoLogSettings.defaults().withLogFile(a.toString()).withLogtime(false));
        Thread.currentThread().interrupt();
        try {
            log.info("while interrupted");
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt status is left alone");
        }
        log.info("after");
        assertEquals("[" + pid() + "] [INF] while interrupted\n[" + pid() + "] [INF] after\n", read(a));
    }
}
