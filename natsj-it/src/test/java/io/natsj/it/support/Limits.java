package io.natsj.it.support;

import java.time.Duration;

/**
 * The server limits a test needs, expressed once and translated for both servers
 * (natsj options builder, nats-server config file). A null field means the server default.
 */
public record Limits(
        Integer maxPayload,
        Integer maxControlLine,
        Integer maxConnections,
        Integer maxSubscriptions,
        Long maxPending,
        Duration writeDeadline,
        Duration pingInterval,
        Integer maxPingsOut) {

    public static final Limits DEFAULTS = new Limits(null, null, null, null, null, null, null, null);

    public Limits maxPayload(int v) {
        return new Limits(v, maxControlLine, maxConnections, maxSubscriptions, maxPending, writeDeadline, pingInterval, maxPingsOut);
    }

    public Limits maxControlLine(int v) {
        return new Limits(maxPayload, v, maxConnections, maxSubscriptions, maxPending, writeDeadline, pingInterval, maxPingsOut);
    }

    public Limits maxConnections(int v) {
        return new Limits(maxPayload, maxControlLine, v, maxSubscriptions, maxPending, writeDeadline, pingInterval, maxPingsOut);
    }

    public Limits maxSubscriptions(int v) {
        return new Limits(maxPayload, maxControlLine, maxConnections, v, maxPending, writeDeadline, pingInterval, maxPingsOut);
    }

    public Limits maxPending(long v) {
        return new Limits(maxPayload, maxControlLine, maxConnections, maxSubscriptions, v, writeDeadline, pingInterval, maxPingsOut);
    }

    public Limits writeDeadline(Duration v) {
        return new Limits(maxPayload, maxControlLine, maxConnections, maxSubscriptions, maxPending, v, pingInterval, maxPingsOut);
    }

    public Limits pingInterval(Duration v) {
        return new Limits(maxPayload, maxControlLine, maxConnections, maxSubscriptions, maxPending, writeDeadline, v, maxPingsOut);
    }

    public Limits maxPingsOut(int v) {
        return new Limits(maxPayload, maxControlLine, maxConnections, maxSubscriptions, maxPending, writeDeadline, pingInterval, v);
    }

    /** The nats-server configuration lines for these limits (listen address not included). */
    String toGoConfig() {
        StringBuilder sb = new StringBuilder();
        if (maxPayload != null) sb.append("max_payload: ").append(maxPayload).append('\n');
        if (maxControlLine != null) sb.append("max_control_line: ").append(maxControlLine).append('\n');
        if (maxConnections != null) sb.append("max_connections: ").append(maxConnections).append('\n');
        if (maxSubscriptions != null) sb.append("max_subscriptions: ").append(maxSubscriptions).append('\n');
        if (maxPending != null) sb.append("max_pending: ").append(maxPending).append('\n');
        if (writeDeadline != null) sb.append("write_deadline: \"").append(goDuration(writeDeadline)).append("\"\n");
        if (pingInterval != null) sb.append("ping_interval: \"").append(goDuration(pingInterval)).append("\"\n");
        if (maxPingsOut != null) sb.append("ping_max: ").append(maxPingsOut).append('\n');
        return sb.toString();
    }

    private static String goDuration(Duration d) {
        return d.toMillis() + "ms";
    }
}
