package io.natsj.cli.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** logfile_size_limit as Go 2.9.10 rotates, and SIGUSR1 re-open. */
class GoLogRotationTest extends GoLogTestSupport {
    static final Pattern BACKUP = Pattern.compile("(.*)\\.\\d{4}\\.\\d{2}\\.\\d{2}\\.\\d{2}\\.\\d{2}\\.\\d{2}\\.\\d{9}");
    static final Pattern ROTATED = Pattern.compile(PID + TIME + "\\[INF\\] Rotated log, backup saved as \"(.*)\"\r");

    private final Logger log = LoggerFactory.getLogger("io.natsj.server.Server");

    @TempDir
    Path dir;

    /** Backups in the order written (their names sort chronologically), then the live file. */
    static List<Path> logFiles(Path dir, String name) throws IOException {
        List<Path> backups;
        try (Stream<Path> s = Files.list(dir)) {
            backups = s.filter(p -> p.getFileName().toString().startsWith(name + ".")).sorted().collect(Collectors.toList());
        }
        for (Path p : backups) {
            Matcher m = BACKUP.matcher(p.getFileName().toString());
            assertTrue(m.matches() && m.group(1).equals(name), p.toString());
        }
        backups.add(dir.resolve(name));
        return backups;
    }

    @Test
    void rotatesPastTheLimitAsGo() throws IOException {
        Path f = dir.resolve("nats.log");
        long limit = 300;
        GoLog.configure(GoLogSettings.defaults().withLogFile(f.toString()).withSizeLimit(limit));
        int n = 60;
        for (int i = 0; i < n; i++) {
            log.info("message number {} of the rotation test", i);
        }
        List<Path> files = logFiles(dir, "nats.log");
        assertTrue(files.size() > 5, files.toString());

        List<String> messages = new ArrayList<>();
        String previousBackup = null;
        for (int k = 0; k < files.size(); k++) {
            Path p = files.get(k);
            String content = Files.readString(p, StandardCharsets.UTF_8);
            List<String> lines = lines(content);
            int from = 0;
            if (k > 0) {
                // Go's logDirect line heads every new file: the quoted name is the one given to -l, plus suffix
                Matcher m = ROTATED.matcher(lines.get(0));
                assertTrue(m.matches(), lines.get(0));
                assertEquals(f + "." + previousBackup.substring(previousBackup.indexOf(".log.") + 5), m.group(3));
                from = 1;
            }
            for (int i = from; i < lines.size(); i++) {
                Matcher m = LINE.matcher(lines.get(i));
                assertTrue(m.matches(), lines.get(i));
                assertFalse(lines.get(i).endsWith("\r"));
                messages.add(m.group(4));
            }
            long size = Files.size(p);
            if (k < files.size() - 1) {
                // rotated right after the write that took it past the limit
                int lastLine = lines.get(lines.size() - 1).length() + 1;
                assertTrue(size > limit && size - lastLine <= limit, p + " " + size);
                previousBackup = p.getFileName().toString();
            } else {
                assertTrue(size <= limit, "live file " + size);
            }
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            expected.add("message number " + i + " of the rotation test");
        }
        assertEquals(expected, messages, "every line kept, in order, nothing doubled");
    }

    @Test
    void aFileAlreadyOverTheLimitRotatesAtConfigure() throws IOException {
        Path f = dir.resolve("big.log");
        Files.writeString(f, "x".repeat(1500) + "\n");
        GoLog.configure(GoLogSettings.defaults().withLogFile(f.toString()).withSizeLimit(1000).withLogtime(false));
        List<Path> files = logFiles(dir, "big.log");
        assertEquals(2, files.size());
        assertEquals("x".repeat(1500) + "\n[" + pid() + "] [INF] Rotating logfile...\n", Files.readString(files.get(0)));
        assertEquals("[" + pid() + "] [INF] Rotated log, backup saved as \"" + files.get(0) + "\"\r\n",
                Files.readString(files.get(1)));
        log.info("next");
        assertTrue(Files.readString(f).endsWith("\r\n[" + pid() + "] [INF] next\n"));
    }

    @Test
    void noLimitNeverRotates() throws IOException {
        Path f = dir.resolve("n.log");
        GoLog.configure(GoLogSettings.defaults().withLogFile(f.toString()));
        for (int i = 0; i < 500; i++) {
            log.info("line {}", i);
        }
        assertEquals(1, logFiles(dir, "n.log").size());
        assertEquals(500, lines(Files.readString(f)).size());
    }

    @Test
    void reopenAfterRenameAsSigusr1() throws IOException {
        Path f = dir.resolve("r.log");
        Path moved = dir.resolve("r.log.1");
        GoLog.configure(GoLogSettings.defaults().withLogFile(f.toString()).withLogtime(false));
        log.info("a");
        Files.move(f, moved);
        log.info("b"); // still the open descriptor: lands in the renamed file
        GoLog.reopen();
        log.info("c");
        String p = "[" + pid() + "] ";
        assertEquals(p + "[INF] a\n" + p + "[INF] b\n", Files.readString(moved));
        assertEquals(p + "[INF] File log re-opened\n" + p + "[INF] c\n", Files.readString(f));
        assertEquals("", errText());
    }

    @Test
    void reopenWithoutAFileIsIgnoredAsGo() throws IOException {
        GoLog.configure(GoLogSettings.defaults().withLogtime(false));
        GoLog.reopen();
        assertEquals("[" + pid() + "] [INF] File log re-open ignored, not a file logger\n", errText());
    }

    @Test
    void reopenFindingABigFileRotatesFirst() throws IOException {
        Path f = dir.resolve("s.log");
        GoLog.configure(GoLogSettings.defaults().withLogFile(f.toString()).withLogtime(false).withSizeLimit(1000));
        log.info("a");
        Files.writeString(f, "y".repeat(2000) + "\n"); // someone else wrote a big file there
        GoLog.reopen();
        List<Path> files = logFiles(dir, "s.log");
        assertEquals(2, files.size());
        String p = "[" + pid() + "] ";
        assertEquals("y".repeat(2000) + "\n" + p + "[INF] Rotating logfile...\n", Files.readString(files.get(0)));
        assertEquals(p + "[INF] Rotated log, backup saved as \"" + files.get(0) + "\"\r\n" + p + "[INF] File log re-opened\n",
                Files.readString(f));
    }

    @Test
    void reopenFailureKeepsTheCurrentFile() throws IOException {
        Path sub = dir.resolve("sub");
        Files.createDirectory(sub);
        Path f = sub.resolve("t.log");
        GoLog.configure(GoLogSettings.defaults().withLogFile(f.toString()).withLogtime(false));
        Path gone = dir.resolve("gone");
        Files.move(sub, gone);
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, GoLog::reopen);
        assertEquals("error opening file: open " + f + ": no such file or directory", e.getMessage());
        log.info("kept");
        assertEquals("[" + pid() + "] [INF] kept\n", Files.readString(gone.resolve("t.log")));
    }
}
