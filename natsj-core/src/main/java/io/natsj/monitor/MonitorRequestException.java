package io.natsj.monitor;

/**
 * A monitoring request nats-server refuses: the message is its text, answered with HTTP status 400 on
 * the monitoring port (plain text) or as the error of a system-account request.
 */
public final class MonitorRequestException extends Exception {
    private static final long serialVersionUID = 1L;

    MonitorRequestException(String goText) {
        super(goText, null, false, false);
    }

    /** The status nats-server answers with. */
    public int code() {
        return 400;
    }
}
