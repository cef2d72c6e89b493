package io.natsj.cli.log;

import io.natsj.protocol.GoQuote;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import org.slf4j.LoggerFactory;

/**
 * The natsj command line's logger: nats-server 2.9.10's log lines, behind SLF4J.
 *
 * <p>Lines are {@code [pid] 2006/01/02 15:04:05.000000 [INF] message} (local time, microseconds) or
 * {@code [pid] [INF] message} with logtime off; labels INF DBG TRC WRN ERR FTL. Standard error by default,
 * coloured only when standard error is a character device (Go's check); a log file is never coloured.
 * Each line is a single unbuffered write under one lock: lines never interleave and nothing waits to be
 * flushed at exit, whatever way the JVM ends.
 *
 * <p>Before {@link #configure} is called the settings are {@link GoLogSettings#defaults()}. Call it first
 * thing in {@code main}: it also binds SLF4J on that thread.
 */
public final class GoLog {
    /**
     * The name of the SLF4J marker that turns an error into {@code [FTL]}:
     * {@code log.error(MarkerFactory.getMarker("FATAL"), ...)}. It only labels the line; {@link #fatal}
     * also ends the process as Go does.
     */
    public static final String FATAL_MARKER = "FATAL";

    static final int INF = 0;
    static final int DBG = 1;
    static final int TRC = 2;
    static final int WRN = 3;
    static final int ERR = 4;
    static final int FTL = 5;

    private static final byte[][] PLAIN = new byte[6][];
    private static final byte[][] COLOURED = new byte[6][];

    static {
        String[] names = {"INF", "DBG", "TRC", "WRN", "ERR", "FTL"};
        String[] colours = {"32", "36", "33", "0;93", "31", "31"};
        for (int i = 0; i < names.length; i++) {
            // StringBuilder, not '+': indy string concatenation costs milliseconds of start-up
            PLAIN[i] = ascii(new StringBuilder("[").append(names[i]).append("] ").toString());
            COLOURED[i] = ascii(new StringBuilder("[\u001b[").append(colours[i]).append('m').append(names[i])
                    .append("\u001b[0m] ").toString());
        }
    }

    /** Read by {@link GoLogger#isDebugEnabled()}: a disabled call costs this volatile read. */
    static volatile boolean debug;
    /** Read by {@link GoLogger#isTraceEnabled()}. */
    static volatile boolean trace;

    private static final Object LOCK = new Object();
    // All below guarded by LOCK.
    private static GoLogSettings settings = GoLogSettings.defaults();
    private static LogFile file;
    private static OutputStream stderr;
    private static byte[] pidPrefix;
    private static int terminal = -1; // stderr is a character device: -1 unknown, 0 no, 1 yes
    private static final LineBuffer LINE = new LineBuffer();
    private static final LineBuffer DIRECT = new LineBuffer();
    private static final LogClock CLOCK = new LogClock();
    private static volatile boolean slf4jReady;

    private GoLog() {
    }

    // ------------------------------------------------------------------------------------------ API

    /**
     * Applies settings, at start-up and again on every config reload, as Go's {@code ConfigureLogger}:
     * with a log file the file is (re)opened for appending, the previous file is closed, and when the file
     * already exceeds the size limit it is rotated at once (after a {@code Rotating logfile...} line). No
     * line is written otherwise. On failure nothing changes and the exception's message is Go's wording,
     * {@code error opening file: open NAME: no such file or directory}; Go then dies through
     * {@link #stdFatal(String)}.
     */
    public static void configure(GoLogSettings s) throws IOException {
        if (s == null) {
            throw new NullPointerException("settings");
        }
        if (!slf4jReady) {
            // Bind SLF4J now, on the caller's thread: when server threads race to the first getLogger,
            // SLF4J hands out substitute loggers and drops their calls ("SLF4J(W): ... not honored").
            slf4jReady = true;
            LoggerFactory.getILoggerFactory();
        }
        synchronized (LOCK) {
            LogFile nf = s.logFile() == null ? null : LogFile.open(s.logFile());
            LogFile old = file;
            file = nf;
            settings = s;
            debug = s.debug();
            trace = s.trace();
            closeQuietly(old);
            if (nf != null && s.sizeLimit() > 0) {
                setLimit(nf, s.sizeLimit());
            }
        }
    }

    /** The settings in force. */
    public static GoLogSettings settings() {
        synchronized (LOCK) {
            return settings;
        }
    }

    /**
     * SIGUSR1: re-open the log file by name, after an external tool renamed it, as Go's
     * {@code ReOpenLogFile}. Writes {@code [INF] File log re-opened} into the new file (after a rotation when
     * the file found there exceeds the size limit), or {@code [INF] File log re-open ignored, not a file
     * logger} when logging to standard error. If the file cannot be opened the current one stays in use and
     * the exception carries Go's wording; Go dies there through {@link #stdFatal(String)}.
     */
    public static void reopen() throws IOException {
        synchronized (LOCK) {
            GoLogSettings s = settings;
            if (s.logFile() == null) {
                log(INF, "File log re-open ignored, not a file logger", null);
                return;
            }
            LogFile nf = LogFile.open(s.logFile());
            LogFile old = file;
            file = nf;
            closeQuietly(old);
            if (s.sizeLimit() > 0) {
                setLimit(nf, s.sizeLimit());
            }
            log(INF, "File log re-opened", null);
        }
    }

    /**
     * Go's {@code Fatalf}: writes {@code [FTL] message} through the configured logger and ends the process
     * with status 1 at once ({@code Runtime.halt}: Go's {@code os.Exit} runs no shutdown hooks, so no
     * {@code Initiating Shutdown...} follows). Never returns.
     */
    public static void fatal(String message) {
        log(FTL, message, null);
        halt(1);
    }

    /**
     * Go's standard-library {@code log.Fatalf}, which nats-server reaches when it cannot open the log file:
     * {@code 2006/01/02 15:04:05 message} (local time, seconds, no pid, no label) on standard error, then
     * status 1. Use with the message of {@link #configure} or {@link #reopen}'s exception. Never returns.
     */
    public static void stdFatal(String message) {
        synchronized (LOCK) {
            LineBuffer b = LINE;
            b.reset();
            CLOCK.appendSeconds(b, Instant.now().getEpochSecond());
            b.add((byte) ' ');
            b.utf8(message);
            if (!b.endsWith((byte) '\n')) {
                b.add((byte) '\n');
            }
            writeStderr(b);
        }
        halt(1);
    }

    /**
     * Go's {@code server.PrintAndDie}, used for flag and config errors before the logger exists:
     * {@code message} and a newline on standard error, status 1. Never returns.
     */
    public static void printAndDie(String message) {
        synchronized (LOCK) {
            LineBuffer b = LINE;
            b.reset();
            b.utf8(message);
            b.add((byte) '\n');
            writeStderr(b);
        }
        halt(1);
    }

    /**
     * Closes the log file and goes back to standard error with the other settings kept. Not needed at exit:
     * every line is already written when the logging call returns.
     */
    public static void close() {
        synchronized (LOCK) {
            closeQuietly(file);
            file = null;
            settings = settings.withLogFile(null);
        }
    }

    // ------------------------------------------------------------------------------------- internals

    /** One log line at {@code level} (an index: INF..FTL), with an optional throwable after the message. */
    static void log(int level, String message, Throwable t) {
        String tail = t == null ? null : throwableText(t, debug);
        synchronized (LOCK) {
            LineBuffer b = LINE;
            b.reset();
            LogFile f = file;
            prefix(b, settings);
            b.add(f == null && isTerminal() ? COLOURED[level] : PLAIN[level]);
            if (message != null) {
                b.utf8(message);
            }
            if (tail != null) {
                if (message != null && !message.isEmpty()) {
                    b.add((byte) ':');
                    b.add((byte) ' ');
                }
                b.utf8(tail);
            }
            if (!b.endsWith((byte) '\n')) {
                b.add((byte) '\n'); // Go's log package adds the newline only when missing
            }
            if (f == null) {
                writeStderr(b);
            } else {
                writeFile(f, b);
            }
        }
    }

    /** The exception's toString; with debug on, its whole stack trace (Go has none to print). */
    static String throwableText(Throwable t, boolean withStack) {
        if (!withStack) {
            return t.toString();
        }
        StringWriter sw = new StringWriter();
        PrintWriter pw = new PrintWriter(sw);
        t.printStackTrace(pw);
        pw.flush();
        String s = sw.toString();
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }

    private static void prefix(LineBuffer b, GoLogSettings s) {
        if (s.pid()) {
            b.add(pidPrefix());
        }
        if (s.logtime()) {
            Instant now = Instant.now();
            CLOCK.appendMicros(b, now.getEpochSecond(), now.getNano());
        }
    }

    /** Go's {@code fileLogger.Write}: count the bytes, rotate once past the limit. */
    private static void writeFile(LogFile f, LineBuffer b) {
        int n;
        try {
            n = f.write(b.buf, b.len);
        } catch (IOException e) {
            return; // Go's log package drops write errors
        }
        f.out += n;
        if (f.limit > 0 && f.out > f.limit) {
            rotate(f);
        }
    }

    /** Go's {@code fileLogger.setLimit}. */
    private static void setLimit(LogFile f, long limit) {
        f.olimit = limit;
        f.limit = limit;
        if (f.out > f.limit) {
            log(INF, "Rotating logfile...", null); // its write finds out > limit and rotates
        }
    }

    /**
     * Go 2.9.10's rotation: close, rename to {@code NAME.yyyy.MM.dd.HH.mm.ss.nnnnnnnnn} (local time,
     * nanoseconds; no limit on the number of backups in 2.9.10), open NAME afresh and write
     * {@code Rotated log, backup saved as "BACKUP"} ending in CR LF (Go's {@code logDirect}).
     */
    private static void rotate(LogFile f) {
        try {
            f.close();
        } catch (IOException e) {
            f.limit *= 2;
            direct(f, ERR, "Unable to close logfile for rotation (" + e.getMessage()
                    + "), will attempt next rotation at size " + f.limit);
            return;
        }
        Instant now = Instant.now();
        String bak = f.name + "." + CLOCK.backupSuffix(now.getEpochSecond(), now.getNano());
        new File(f.name).renameTo(new File(bak)); // rename(2), replacing, result ignored as in Go
        LogFile nf;
        try {
            nf = LogFile.open(f.name);
        } catch (IOException e) {
            // Go panics: the process dies with status 2 and a goroutine dump on standard error.
            String cause = e.getMessage().substring(e.getMessage().indexOf(": ") + 2);
            DIRECT.reset();
            DIRECT.utf8("panic: Unable to re-open the logfile " + GoQuote.quote(f.name) + " after rotation: "
                    + cause + "\n");
            writeStderr(DIRECT);
            halt(2);
            return;
        }
        nf.olimit = f.olimit;
        nf.limit = f.olimit;
        file = nf;
        nf.out = direct(nf, INF, "Rotated log, backup saved as " + GoQuote.quote(bak));
    }

    /** Go's {@code logDirect}: pid, time, plain label, message, CR LF, straight to the file. */
    private static int direct(LogFile f, int level, String message) {
        LineBuffer b = DIRECT;
        b.reset();
        prefix(b, settings);
        b.add(PLAIN[level]);
        b.utf8(message);
        b.add((byte) '\r');
        b.add((byte) '\n');
        try {
            f.write(b.buf, b.len);
        } catch (IOException e) {
            // as Go: ignored
        }
        return b.len;
    }

    private static void writeStderr(LineBuffer b) {
        OutputStream out = stderr;
        if (out == null) {
            out = stderr = new FileOutputStream(FileDescriptor.err);
        }
        try {
            out.write(b.buf, 0, b.len);
        } catch (IOException e) {
            // nowhere left to complain
        }
    }

    private static byte[] pidPrefix() {
        byte[] p = pidPrefix;
        if (p == null) {
            p = pidPrefix = ascii(new StringBuilder("[").append(pid()).append("] ").toString());
        }
        return p;
    }

    /** The pid without ProcessHandle (whose class set-up is costly at start-up): /proc/self on Linux. */
    static String pid() {
        try {
            String name = new File("/proc/self").getCanonicalFile().getName();
            if (!name.isEmpty() && isDigits(name)) {
                return name;
            }
        } catch (IOException | SecurityException e) {
            // fall through
        }
        return Long.toString(ProcessHandle.current().pid());
    }

    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * Go colours the labels when {@code os.Stderr.Stat()} reports a character device (a terminal, or
     * /dev/null). Checked once.
     */
    private static boolean isTerminal() {
        int t = terminal;
        if (t < 0) {
            t = terminal = stderrIsCharDevice() ? 1 : 0;
        }
        return t == 1;
    }

    private static boolean stderrIsCharDevice() {
        if (stderr != null && !(stderr instanceof FileOutputStream)) {
            return false; // tests
        }
        // java.io only (nio attribute views cost start-up): /proc/self/fd/2 resolves to /dev/pts/N, /dev/ttyN,
        // /dev/null... for character devices, to "pipe:[N]" or a file elsewhere for anything else.
        try {
            File fd = new File("/proc/self/fd/2");
            if (fd.exists()) {
                String target = fd.getCanonicalPath();
                if (!target.startsWith("/dev/")) {
                    return false;
                }
                File dev = new File(target);
                return dev.exists() && !dev.isFile() && !dev.isDirectory();
            }
        } catch (IOException | SecurityException e) {
            // fall through
        }
        return System.console() != null;
    }

    private static void closeQuietly(LogFile f) {
        if (f != null) {
            try {
                f.close();
            } catch (IOException e) {
                // Go: "Error closing logger: %v" through the new logger
                log(ERR, "Error closing logger: " + e.getMessage(), null);
            }
        }
    }

    private static void halt(int status) {
        Runtime.getRuntime().halt(status);
    }

    private static byte[] ascii(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) s.charAt(i);
        }
        return b;
    }

    // --------------------------------------------------------------------------------- for tests

    /** Tests: send standard-error lines to {@code out} (never coloured), or back to fd 2 with null. */
    static void stderrForTesting(OutputStream out) {
        synchronized (LOCK) {
            stderr = out;
            terminal = out == null ? -1 : 0;
        }
    }

    /** Tests: force the colour decision. */
    static void terminalForTesting(boolean isTerminal) {
        synchronized (LOCK) {
            terminal = isTerminal ? 1 : 0;
        }
    }

    /** Tests: the open log file, or null. */
    static LogFile fileForTesting() {
        synchronized (LOCK) {
            return file;
        }
    }
}
