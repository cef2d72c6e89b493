package io.natsj.cli;

import io.natsj.NatsServerOptions;
import io.natsj.cli.log.GoLog;
import io.natsj.cli.log.GoLogSettings;
import java.io.IOException;

/**
 * The logging options (log_file, logfile_size_limit, logtime, debug, trace) applied to the Go-style
 * logging backend, at start-up and on every reload; failures end the process as nats-server's do.
 */
final class Logging {
    private Logging() {
    }

    static void configure(NatsServerOptions o) {
        try {
            GoLog.configure(GoLogSettings.defaults().withLogFile(o.logFile()).withSizeLimit(o.logSizeLimit())
                    .withLogtime(o.logtime()).withDebug(o.debug()).withTrace(o.trace()));
        } catch (IOException e) {
            GoLog.stdFatal(e.getMessage());
        }
    }

    /** SIGUSR1: reopen the log file by name (after logrotate moved it). */
    static void reopen() {
        try {
            GoLog.reopen();
        } catch (IOException e) {
            GoLog.stdFatal(e.getMessage());
        }
    }

    /** A start-up failure: the [FTL] line, then exit 1 at once, as nats-server's Fatalf. */
    static void fatal(String message) {
        GoLog.fatal(message);
    }
}
