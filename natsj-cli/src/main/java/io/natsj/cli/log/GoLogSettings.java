package io.natsj.cli.log;

/**
 * What nats-server 2.9.10's {@code ConfigureLogger} reads from its options: {@code log_file} ({@code -l}),
 * {@code logfile_size_limit} ({@code --log_size_limit}), {@code logtime} ({@code -T}), {@code debug}
 * ({@code -D}), {@code trace} ({@code -V}). The pid prefix is always on in nats-server; it is a setting
 * here only for embedding and tests.
 *
 * <p>There is no UTC option: 2.9.10 has no {@code logtime_utc} (its config parser answers
 * {@code unknown field "logtime_utc"}); timestamps are local time. Syslog ({@code -s}, {@code -r}) is not
 * supported by this backend: the CLI must refuse it.
 *
 * @param logFile   the log file name exactly as given (relative names stay relative, as in the rotated
 *                  backup names Go writes), or {@code null} for standard error
 * @param sizeLimit rotate the log file once it grows past this many bytes; {@code <= 0} never rotates.
 *                  Ignored without a log file, as in Go
 * @param logtime   prefix each line with {@code 2006/01/02 15:04:05.000000} local time
 * @param debug     print {@code [DBG]} lines (SLF4J debug)
 * @param trace     print {@code [TRC]} lines (SLF4J trace); independent of {@code debug}, as in Go
 * @param pid       prefix each line with {@code [pid] }
 */
public record GoLogSettings(String logFile, long sizeLimit, boolean logtime, boolean debug, boolean trace,
        boolean pid) {

    public GoLogSettings {
        if (logFile != null && logFile.isEmpty()) {
            logFile = null; // Go: log_file "" means standard error
        }
    }

    /** nats-server's defaults: standard error, no size limit, logtime on, no debug, no trace, pid prefix. */
    public static GoLogSettings defaults() {
        return new GoLogSettings(null, 0, true, false, false, true);
    }

    public GoLogSettings withLogFile(String file) {
        return new GoLogSettings(file, sizeLimit, logtime, debug, trace, pid);
    }

    public GoLogSettings withSizeLimit(long limit) {
        return new GoLogSettings(logFile, limit, logtime, debug, trace, pid);
    }

    public GoLogSettings withLogtime(boolean on) {
        return new GoLogSettings(logFile, sizeLimit, on, debug, trace, pid);
    }

    public GoLogSettings withDebug(boolean on) {
        return new GoLogSettings(logFile, sizeLimit, logtime, on, trace, pid);
    }

    public GoLogSettings withTrace(boolean on) {
        return new GoLogSettings(logFile, sizeLimit, logtime, debug, on, pid);
    }

    public GoLogSettings withPid(boolean on) {
        return new GoLogSettings(logFile, sizeLimit, logtime, debug, trace, on);
    }
}
