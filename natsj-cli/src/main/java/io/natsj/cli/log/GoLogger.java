package io.natsj.cli.log;

import org.slf4j.Marker;
import org.slf4j.event.EventConstants;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * An SLF4J logger writing nats-server lines through {@link GoLog}. Levels: error→ERR (FTL with a marker
 * named {@value #FATAL}), warn→WRN, info→INF, debug→DBG (only with -D), trace→TRC (only with -V). A call
 * below the enabled level costs one volatile read. Netty's own loggers ({@code io.netty.*}) are held to
 * warn and error, as nats-server prints nothing of its runtime's internals.
 */
final class GoLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    /** {@code log.error(MarkerFactory.getMarker("FATAL"), ...)} writes {@code [FTL]} (and does not exit). */
    static final String FATAL = GoLog.FATAL_MARKER;

    /** Warn and error only. */
    private final boolean quiet;

    GoLogger(String name) {
        this.name = name;
        this.quiet = name.startsWith("io.netty.");
    }

    @Override
    public boolean isTraceEnabled() {
        return !quiet && GoLog.trace;
    }

    @Override
    public boolean isDebugEnabled() {
        return !quiet && GoLog.debug;
    }

    @Override
    public boolean isInfoEnabled() {
        return !quiet;
    }

    @Override
    public boolean isWarnEnabled() {
        return true;
    }

    @Override
    public boolean isErrorEnabled() {
        return true;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
            Throwable throwable) {
        String message = args == null || args.length == 0 ? pattern : MessageFormatter.basicArrayFormat(pattern, args);
        int label;
        switch (level.toInt()) {
            case EventConstants.ERROR_INT:
                label = marker != null && (FATAL.equals(marker.getName()) || marker.contains(FATAL)) ? GoLog.FTL : GoLog.ERR;
                break;
            case EventConstants.WARN_INT:
                label = GoLog.WRN;
                break;
            case EventConstants.INFO_INT:
                label = GoLog.INF;
                break;
            case EventConstants.DEBUG_INT:
                label = GoLog.DBG;
                break;
            default:
                label = GoLog.TRC;
                break;
        }
        GoLog.log(label, message, throwable);
    }
}
