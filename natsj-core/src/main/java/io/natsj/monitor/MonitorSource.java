package io.natsj.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the monitoring endpoints read from the running server. Every method may be called from the
 * monitoring port's thread at any time and must be thread-safe and cheap; values are read once per
 * request. Names follow nats-server's /varz keys.
 */
public interface MonitorSource {
    String serverId();

    String serverName();

    /** The nats-server version natsj is compatible with ("2.9.10"). */
    String version();

    /** The client protocol version (1). */
    int proto();

    /** What nats-server shows under "go" (its Go version): natsj's build, as in INFO. */
    String runtimeVersion();

    /** The client port's host, as in INFO. */
    String host();

    /** The bound client port. */
    int port();

    boolean authRequired();

    boolean tlsRequired();

    boolean tlsVerify();

    int maxConnections();

    /** 0 for no limit. */
    int maxSubscriptions();

    Duration pingInterval();

    int maxPingsOut();

    /** The monitoring options as configured (http_host defaults to host). */
    String httpHost();

    int httpPort();

    String httpBasePath();

    int httpsPort();

    Duration authTimeout();

    int maxControlLine();

    int maxPayload();

    long maxPending();

    Duration tlsTimeout();

    Duration writeDeadline();

    Instant startTime();

    /** When the configuration was last loaded (start-up or reload). */
    Instant configLoadTime();

    /** Clients connected now. */
    int connections();

    /** Clients accepted since start-up. */
    long totalConnections();

    long inMsgs();

    long outMsgs();

    long inBytes();

    long outBytes();

    long slowConsumers();

    /** Subscriptions over every account. */
    long subscriptions();

    /** server_tags; empty for none. */
    List<String> tags();

    /** The system account's name, or null for none. */
    String systemAccount();

    /** natsj's I/O event loop threads (for natsj's own metrics; nats-server has no counterpart). */
    int eventLoops();
}
