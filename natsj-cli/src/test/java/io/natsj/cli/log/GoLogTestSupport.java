package io.natsj.cli.log;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Puts {@link GoLog} back to defaults around each test and captures its standard-error lines. */
abstract class GoLogTestSupport {
    /** Go 2.9.10's line: {@code [pid] 2006/01/02 15:04:05.000000 [LVL] message}. */
    static final String PID = "\\[(\\d+)\\] ";
    static final String TIME = "(\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{6}) ";
    static final String LABEL = "\\[(INF|DBG|TRC|WRN|ERR|FTL)\\] ";
    static final Pattern LINE = Pattern.compile(PID + TIME + LABEL + "(.*)");
    static final Pattern LINE_NO_TIME = Pattern.compile(PID + LABEL + "(.*)");

    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void resetLogging() throws IOException {
        GoLog.configure(GoLogSettings.defaults());
        GoLog.stderrForTesting(err);
    }

    @AfterEach
    void restoreLogging() throws IOException {
        GoLog.configure(GoLogSettings.defaults());
        GoLog.stderrForTesting(null);
    }

    String errText() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** The captured lines, each without its final newline. */
    List<String> errLines() {
        return lines(errText());
    }

    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', start)) {
            out.add(text.substring(start, i));
            start = i + 1;
        }
        if (start < text.length()) {
            out.add(text.substring(start)); // an unterminated tail shows up in assertions
        }
        return out;
    }

    static long pid() {
        return ProcessHandle.current().pid();
    }
}
