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

    /**
     * The open client connections, each read at the moment of the call without waiting for its event
     * loop; with their subscriptions when asked (nats-server builds those lists only on request).
     */
    List<ConnInfo> openConnections(boolean withSubscriptions);

    /** The closed connections remembered (nats-server keeps the last 10000), oldest first. */
    List<ConnInfo> closedConnections();

    /** Every account's name. */
    List<String> accountNames();

    /** An account's subscription index figures; null for no such account. */
    SublistStats sublistStats(String account);

    /** The client subscriptions in an account's index, with their account; empty for no such account. */
    List<SubDetail> subscriptions(String account);

    /** An account's details; null for no such account. */
    AccountInfo account(String name);

    /** An account's traffic; null for no such account. */
    AccountStat accountStat(String name);

    /** JetStream's figures, or null when JetStream is off. */
    default JetStreamInfo jetStream() {
        return null;
    }
}
