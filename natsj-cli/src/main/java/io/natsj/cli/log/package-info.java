/**
 * The logging backend of the natsj command line: an SLF4J 2 provider ({@link io.natsj.cli.log.GoLogServiceProvider},
 * registered in META-INF/services) writing exactly what nats-server 2.9.10's logger writes.
 *
 * <h2>For the CLI</h2>
 * <pre>{@code
 * // first thing in main, before any server object exists (also binds SLF4J on the main thread):
 * try {
 *     GoLog.configure(GoLogSettings.defaults()
 *             .withLogFile(opts.logFile)          // -l / log_file; null or "" = stderr
 *             .withSizeLimit(opts.logSizeLimit)   // --log_size_limit / logfile_size_limit; <= 0 = none
 *             .withLogtime(opts.logtime)          // -T / logtime (default true)
 *             .withDebug(opts.debug)              // -D / debug
 *             .withTrace(opts.trace));            // -V / trace
 * } catch (IOException e) {
 *     GoLog.stdFatal(e.getMessage());             // Go: log.Fatalf("error opening file: %v"), status 1
 * }
 * // config reload (SIGHUP) when any of those changed: the same call again (Go re-creates its logger).
 * // SIGUSR1: LOG.debug("Trapped \"user defined signal 1\" signal"); then
 * try { GoLog.reopen(); } catch (IOException e) { GoLog.stdFatal(e.getMessage()); }
 * // start-up failures Go reports with s.Fatalf (listen errors...):
 * GoLog.fatal("Error listening on port: 0.0.0.0:4222, \"listen tcp 0.0.0.0:4222: bind: address already in use\"");
 * // flag/config errors before the logger (Go's PrintAndDie):
 * GoLog.printAndDie("nats-server: " + message);
 * }</pre>
 * Syslog ({@code -s}, {@code -r}, {@code syslog}, {@code remote_syslog}) is not supported here: refuse it.
 * Nothing needs flushing at exit: every line is one unbuffered {@code write(2)} done before the logging call
 * returns.
 *
 * <h2>nats-server 2.9.10 facts this follows</h2>
 * <ul>
 * <li>Stream: standard error only (stdout stays empty); with a log file nothing goes to stderr.</li>
 * <li>Line: {@code "[pid] "} + {@code "2006/01/02 15:04:05.000000 "} (local time, microseconds; Go's
 * {@code log.LstdFlags|log.Lmicroseconds}) + {@code "[INF] "} + message + {@code "\n"} (added only when the
 * message does not end in one). {@code logtime: false} / {@code -T=false} drops the time. There is no
 * {@code logtime_utc} in 2.9.10 ({@code unknown field "logtime_utc"}).</li>
 * <li>Colours: only for stderr, only when {@code os.Stderr.Stat()} is a character device (a terminal, also
 * /dev/null); {@code "[\x1b[32mINF\x1b[0m] "}, DBG 36, TRC 33, WRN 0;93, ERR 31, FTL 31. A file never.</li>
 * <li>Log file: {@code O_WRONLY|O_APPEND|O_CREATE}, mode 0660 less umask; the byte count starts at the file's
 * size.</li>
 * <li>Rotation ({@code logfile_size_limit}): after the write that takes the count past the limit, close,
 * rename to {@code NAME.YYYY.MM.DD.hh.mm.ss.nnnnnnnnn} (NAME as given to -l, local time, nanoseconds), open
 * NAME afresh and write {@code [pid] time [INF] Rotated log, backup saved as "BACKUP"\r\n} (CR LF: Go's
 * {@code logDirect}); that line starts the new count. No cap on the number of backups in 2.9.10
 * ({@code logfile_max_num} is an unknown field). A file found already past the limit at start, reload or
 * re-open is rotated at once after a {@code Rotating logfile...} line.</li>
 * <li>SIGUSR1 ({@code ReOpenLogFile}): open NAME again (new file after an external rename), close the old
 * one, then {@code [INF] File log re-opened} in the new file; without a log file
 * {@code [INF] File log re-open ignored, not a file logger}.</li>
 * <li>Fatal: {@code [FTL] message} and exit status 1 at once (no deferred work, no shutdown lines).
 * A log file that cannot be opened: Go's std logger {@code 2006/01/02 15:04:05 error opening file: open
 * NAME: no such file or directory} on stderr, status 1.</li>
 * </ul>
 * Java-side choices: SLF4J error/warn/info/debug/trace map to ERR/WRN/INF/DBG/TRC; error with the marker
 * {@value io.natsj.cli.log.GoLog#FATAL_MARKER} is FTL (no exit). A throwable follows the message as
 * {@code ": " + toString()}, with its stack trace only when debug is on. {@code io.netty.*} loggers are held to
 * warn and error.
 */
package io.natsj.cli.log;
