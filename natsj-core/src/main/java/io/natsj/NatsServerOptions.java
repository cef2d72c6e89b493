package io.natsj;

import io.natsj.config.AuthValidation;
import io.natsj.config.ConfigException;
import io.natsj.config.ConfigOptions;
import io.natsj.config.GoDurations;
import io.natsj.auth.AuthOptions;
import io.natsj.tls.TlsOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything a {@link NatsServer} is started with. Immutable; build with {@link #builder()}.
 * Defaults are nats-server 2.9's.
 */
public final class NatsServerOptions {
    public static final int DEFAULT_PORT = 4222;
    public static final int DEFAULT_MAX_PAYLOAD = 1024 * 1024;
    public static final int DEFAULT_MAX_CONTROL_LINE = 4096;
    public static final int DEFAULT_MAX_CONNECTIONS = 64 * 1024;
    public static final long DEFAULT_MAX_PENDING = 64L * 1024 * 1024;
    public static final Duration DEFAULT_WRITE_DEADLINE = Duration.ofSeconds(10);
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofMinutes(2);
    public static final int DEFAULT_MAX_PINGS_OUT = 2;
    public static final Duration DEFAULT_LAME_DUCK_DURATION = Duration.ofMinutes(2);
    public static final Duration DEFAULT_LAME_DUCK_GRACE_PERIOD = Duration.ofSeconds(10);
    public static final int DEFAULT_CONNECT_ERROR_REPORTS = 3600;
    public static final int DEFAULT_RECONNECT_ERROR_REPORTS = 1;

    private final String host;
    private final int port;
    private final String serverName;
    private final int maxPayload;
    private final int maxControlLine;
    private final int maxConnections;
    private final int maxSubscriptions;
    private final long maxPending;
    private final Duration writeDeadline;
    private final Duration pingInterval;
    private final int maxPingsOut;
    private final int eventLoopThreads;
    private final boolean headers;
    private final Duration lameDuckDuration;
    private final Duration lameDuckGracePeriod;
    private final String clientAdvertise;
    private final List<String> serverTags;
    private final int connectErrorReports;
    private final int reconnectErrorReports;
    private final String pidFile;
    private final String portsFileDir;
    private final String httpHost;
    private final int httpPort;
    private final int httpsPort;
    private final String httpBasePath;
    private final Path configFile;
    private final boolean debug;
    private final boolean trace;
    private final boolean traceVerbose;
    private final boolean logtime;
    private final String logFile;
    private final long logSizeLimit;
    private final int maxTracedMsgLen;
    private final AuthOptions auth;
    private final TlsOptions tls;
    private final JetStreamOptions jetStream;

    private NatsServerOptions(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.serverName = b.serverName;
        this.maxPayload = b.maxPayload;
        this.maxControlLine = b.maxControlLine;
        this.maxConnections = b.maxConnections;
        this.maxSubscriptions = b.maxSubscriptions;
        this.maxPending = b.maxPending;
        this.writeDeadline = b.writeDeadline;
        this.pingInterval = b.pingInterval;
        this.maxPingsOut = b.maxPingsOut;
        this.eventLoopThreads = b.eventLoopThreads;
        this.headers = b.headers;
        this.lameDuckDuration = b.lameDuckDuration;
        this.lameDuckGracePeriod = b.lameDuckGracePeriod;
        this.clientAdvertise = b.clientAdvertise;
        this.serverTags = List.copyOf(b.serverTags);
        this.connectErrorReports = b.connectErrorReports;
        this.reconnectErrorReports = b.reconnectErrorReports;
        this.pidFile = b.pidFile;
        this.portsFileDir = b.portsFileDir;
        this.httpHost = b.httpHost;
        this.httpPort = b.httpPort;
        this.httpsPort = b.httpsPort;
        this.httpBasePath = b.httpBasePath;
        this.configFile = b.configFile;
        this.debug = b.debug;
        this.trace = b.trace;
        this.traceVerbose = b.traceVerbose;
        this.logtime = b.logtime;
        this.logFile = b.logFile;
        this.logSizeLimit = b.logSizeLimit;
        this.maxTracedMsgLen = b.maxTracedMsgLen;
        this.auth = b.auth;
        this.tls = b.tls;
        this.jetStream = b.jetStream;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.serverName = serverName;
        b.maxPayload = maxPayload;
        b.maxControlLine = maxControlLine;
        b.maxConnections = maxConnections;
        b.maxSubscriptions = maxSubscriptions;
        b.maxPending = maxPending;
        b.writeDeadline = writeDeadline;
        b.pingInterval = pingInterval;
        b.maxPingsOut = maxPingsOut;
        b.eventLoopThreads = eventLoopThreads;
        b.headers = headers;
        b.lameDuckDuration = lameDuckDuration;
        b.lameDuckGracePeriod = lameDuckGracePeriod;
        b.clientAdvertise = clientAdvertise;
        b.serverTags = new ArrayList<>(serverTags);
        b.connectErrorReports = connectErrorReports;
        b.reconnectErrorReports = reconnectErrorReports;
        b.pidFile = pidFile;
        b.portsFileDir = portsFileDir;
        b.httpHost = httpHost;
        b.httpPort = httpPort;
        b.httpsPort = httpsPort;
        b.httpBasePath = httpBasePath;
        b.configFile = configFile;
        b.debug = debug;
        b.trace = trace;
        b.traceVerbose = traceVerbose;
        b.logtime = logtime;
        b.logFile = logFile;
        b.logSizeLimit = logSizeLimit;
        b.maxTracedMsgLen = maxTracedMsgLen;
        b.auth = auth;
        b.tls = tls;
        b.jetStream = jetStream;
        return b;
    }

    /** Address to listen on; default 0.0.0.0 (all interfaces). */
    public String host() {
        return host;
    }

    /** Client port; 0 picks a free port (read it back with {@link NatsServer#port()}). */
    public int port() {
        return port;
    }

    /** Server name; null means the server id, as nats-server does. */
    public String serverName() {
        return serverName;
    }

    public int maxPayload() {
        return maxPayload;
    }

    public int maxControlLine() {
        return maxControlLine;
    }

    public int maxConnections() {
        return maxConnections;
    }

    /** Per-connection subscription limit; 0 means unlimited. */
    public int maxSubscriptions() {
        return maxSubscriptions;
    }

    /** Bytes a connection may have waiting to be written before it is cut as a slow consumer. */
    public long maxPending() {
        return maxPending;
    }

    public Duration writeDeadline() {
        return writeDeadline;
    }

    public Duration pingInterval() {
        return pingInterval;
    }

    public int maxPingsOut() {
        return maxPingsOut;
    }

    /** Event loop threads serving connections; 0 means one per available processor. */
    public int eventLoopThreads() {
        return eventLoopThreads;
    }

    /** Whether clients may send headers (HPUB); nats-server's {@code no_header_support} turns it off. */
    public boolean headers() {
        return headers;
    }

    /** Over how long lame duck mode spreads the closing of client connections. */
    public Duration lameDuckDuration() {
        return lameDuckDuration;
    }

    /** How long lame duck mode waits before it starts closing clients. */
    public Duration lameDuckGracePeriod() {
        return lameDuckGracePeriod;
    }

    /** The client URL advertised to other servers ({@code client_advertise}); null if not set. */
    public String clientAdvertise() {
        return clientAdvertise;
    }

    public List<String> serverTags() {
        return serverTags;
    }

    public int connectErrorReports() {
        return connectErrorReports;
    }

    public int reconnectErrorReports() {
        return reconnectErrorReports;
    }

    /** File the process id is written to at start (and removed at stop); null for none. */
    public String pidFile() {
        return pidFile;
    }

    /** Directory for the {@code <program>_<pid>.ports} file; null for none. */
    public String portsFileDir() {
        return portsFileDir;
    }

    /** Address of the HTTP monitoring port; null means {@link #host()}, as nats-server does. */
    public String httpHost() {
        return httpHost;
    }

    /** HTTP monitoring port ({@code http_port}, {@code -m}); 0 for none, -1 for a free port. */
    public int httpPort() {
        return httpPort;
    }

    /**
     * HTTPS monitoring port ({@code https_port}, {@code -ms}), served with the client port's TLS
     * certificate; 0 for none, -1 for a free port.
     */
    public int httpsPort() {
        return httpsPort;
    }

    /** Prefix of the monitoring endpoints' paths ({@code http_base_path}); "" for none. */
    public String httpBasePath() {
        return httpBasePath;
    }

    /** The configuration file these options were read from, if any; a reload reads it again. */
    public Path configFile() {
        return configFile;
    }

    /** Debug logging (nats-server's -D); applied by the logging backend of the command line. */
    public boolean debug() {
        return debug;
    }

    /** Protocol tracing (-V): every operation a client sends and receives is logged at trace level. */
    public boolean trace() {
        return trace;
    }

    /** Verbose tracing (-VV): tracing that includes the system account. */
    public boolean traceVerbose() {
        return traceVerbose;
    }

    /** Whether log lines carry a timestamp (-T); for the logging backend. */
    public boolean logtime() {
        return logtime;
    }

    /** Log file (-l); null logs to standard error. For the logging backend. */
    public String logFile() {
        return logFile;
    }

    /** Size in bytes at which the log file is rotated; 0 never rotates. */
    public long logSizeLimit() {
        return logSizeLimit;
    }

    /** Longest message payload shown in a trace line; 0 shows all of it. */
    public int maxTracedMsgLen() {
        return maxTracedMsgLen;
    }

    /** Authentication, authorization and accounts; {@link AuthOptions#NONE} lets anyone in. */
    public AuthOptions auth() {
        return auth;
    }

    /** TLS on the client port; null: plain TCP. */
    public TlsOptions tls() {
        return tls;
    }

    /** JetStream's settings; {@link JetStreamOptions#DISABLED} by default. */
    public JetStreamOptions jetStream() {
        return jetStream;
    }

    /** Builds {@link NatsServerOptions}; every setter returns the builder. */
    public static final class Builder {
        private String host = "0.0.0.0";
        private int port = DEFAULT_PORT;
        private String serverName;
        private int maxPayload = DEFAULT_MAX_PAYLOAD;
        private int maxControlLine = DEFAULT_MAX_CONTROL_LINE;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int maxSubscriptions;
        private long maxPending = DEFAULT_MAX_PENDING;
        private Duration writeDeadline = DEFAULT_WRITE_DEADLINE;
        private Duration pingInterval = DEFAULT_PING_INTERVAL;
        private int maxPingsOut = DEFAULT_MAX_PINGS_OUT;
        private int eventLoopThreads;
        private boolean headers = true;
        private Duration lameDuckDuration = DEFAULT_LAME_DUCK_DURATION;
        private Duration lameDuckGracePeriod = DEFAULT_LAME_DUCK_GRACE_PERIOD;
        private String clientAdvertise;
        private List<String> serverTags = new ArrayList<>();
        private int connectErrorReports = DEFAULT_CONNECT_ERROR_REPORTS;
        private int reconnectErrorReports = DEFAULT_RECONNECT_ERROR_REPORTS;
        private String pidFile;
        private String portsFileDir;
        private String httpHost;
        private int httpPort;
        private int httpsPort;
        private String httpBasePath = "";
        private Path configFile;
        private boolean debug;
        private boolean trace;
        private boolean traceVerbose;
        private boolean logtime = true;
        private String logFile;
        private long logSizeLimit;
        private int maxTracedMsgLen;
        private AuthOptions auth = AuthOptions.NONE;
        private TlsOptions tls;
        private JetStreamOptions jetStream = JetStreamOptions.DISABLED;

        private Builder() {
        }

        /**
         * Reads a nats-server configuration file into this builder (values it sets replace earlier ones;
         * later setters override the file, as nats-server's flags do).
         *
         * @return warnings nats-server would print and start anyway (e.g. a duration given as seconds)
         * @throws ConfigException with nats-server's error text, naming file, line and column
         */
        public List<String> config(Path file) throws ConfigException {
            return ConfigOptions.load(file, this);
        }

        /** Replaces every authentication and authorization option; null means none. */
        public Builder auth(AuthOptions auth) {
            this.auth = auth == null ? AuthOptions.NONE : auth;
            return this;
        }

        /** The current authentication options, for adding to them (as the flags do to the file's). */
        public AuthOptions auth() {
            return auth;
        }

        /** Clients must authenticate as this user (nats-server's --user and --pass). */
        public Builder user(String username, String password) {
            this.auth = auth.withUser(username, password);
            return this;
        }

        /** Clients must present this token (nats-server's --auth); plain or bcrypt. */
        public Builder token(String token) {
            this.auth = auth.withToken(token);
            return this;
        }

        /** TLS on the client port; null turns it off. */
        public Builder tls(TlsOptions tls) {
            this.tls = tls;
            return this;
        }

        public TlsOptions tls() {
            return tls;
        }

        public Builder jetStream(JetStreamOptions jetStream) {
            this.jetStream = Objects.requireNonNull(jetStream, "jetStream");
            return this;
        }

        public JetStreamOptions jetStream() {
            return jetStream;
        }

        public Builder headers(boolean headers) {
            this.headers = headers;
            return this;
        }

        public Builder lameDuckDuration(Duration d) {
            this.lameDuckDuration = positive(d, "lameDuckDuration");
            return this;
        }

        public Builder lameDuckGracePeriod(Duration d) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("lameDuckGracePeriod must not be negative");
            }
            this.lameDuckGracePeriod = d;
            return this;
        }

        public Builder clientAdvertise(String clientAdvertise) {
            this.clientAdvertise = emptyToNull(clientAdvertise);
            return this;
        }

        public Builder serverTags(List<String> tags) {
            this.serverTags = new ArrayList<>(tags);
            return this;
        }

        public Builder connectErrorReports(int n) {
            this.connectErrorReports = n;
            return this;
        }

        public Builder reconnectErrorReports(int n) {
            this.reconnectErrorReports = n;
            return this;
        }

        public Builder pidFile(String pidFile) {
            this.pidFile = emptyToNull(pidFile);
            return this;
        }

        public Builder portsFileDir(String dir) {
            this.portsFileDir = emptyToNull(dir);
            return this;
        }

        /** Address of the monitoring port; null or "" for the client port's host. */
        public Builder httpHost(String host) {
            this.httpHost = emptyToNull(host);
            return this;
        }

        /** Monitoring port: 0 for none, -1 for a free one. */
        public Builder httpPort(int port) {
            this.httpPort = port;
            return this;
        }

        /** HTTPS monitoring port (needs {@link #tls}): 0 for none, -1 for a free one. */
        public Builder httpsPort(int port) {
            this.httpsPort = port;
            return this;
        }

        public Builder httpBasePath(String path) {
            this.httpBasePath = path == null ? "" : path;
            return this;
        }

        public Builder configFile(Path configFile) {
            this.configFile = configFile;
            return this;
        }

        public Builder debug(boolean debug) {
            this.debug = debug;
            return this;
        }

        public Builder trace(boolean trace) {
            this.trace = trace;
            return this;
        }

        public Builder traceVerbose(boolean traceVerbose) {
            this.traceVerbose = traceVerbose;
            return this;
        }

        public Builder logtime(boolean logtime) {
            this.logtime = logtime;
            return this;
        }

        public Builder logFile(String logFile) {
            this.logFile = emptyToNull(logFile);
            return this;
        }

        public Builder logSizeLimit(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("logSizeLimit must be >= 0");
            }
            this.logSizeLimit = bytes;
            return this;
        }

        public Builder maxTracedMsgLen(int len) {
            this.maxTracedMsgLen = Math.max(0, len);
            return this;
        }

        private static String emptyToNull(String s) {
            return s == null || s.isEmpty() ? null : s;
        }

        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        public Builder serverName(String serverName) {
            this.serverName = serverName;
            return this;
        }

        /** Largest message payload a client may publish; -1 means no limit. */
        public Builder maxPayload(int maxPayload) {
            if (maxPayload == 0 || maxPayload < -1) {
                throw new IllegalArgumentException("maxPayload must be > 0, or -1 for no limit");
            }
            this.maxPayload = maxPayload;
            return this;
        }

        public Builder maxControlLine(int maxControlLine) {
            this.maxControlLine = positive(maxControlLine, "maxControlLine");
            return this;
        }

        public Builder maxConnections(int maxConnections) {
            this.maxConnections = positive(maxConnections, "maxConnections");
            return this;
        }

        public Builder maxSubscriptions(int maxSubscriptions) {
            if (maxSubscriptions < 0) {
                throw new IllegalArgumentException("maxSubscriptions must be >= 0");
            }
            this.maxSubscriptions = maxSubscriptions;
            return this;
        }

        public Builder maxPending(long maxPending) {
            if (maxPending <= 0) {
                throw new IllegalArgumentException("maxPending must be > 0");
            }
            this.maxPending = maxPending;
            return this;
        }

        public Builder writeDeadline(Duration writeDeadline) {
            this.writeDeadline = positive(writeDeadline, "writeDeadline");
            return this;
        }

        public Builder pingInterval(Duration pingInterval) {
            this.pingInterval = positive(pingInterval, "pingInterval");
            return this;
        }

        /** Unanswered server PINGs before the client is stale; 0 makes the first ping fatal, as in Go. */
        public Builder maxPingsOut(int maxPingsOut) {
            if (maxPingsOut < 0) {
                throw new IllegalArgumentException("maxPingsOut must be >= 0");
            }
            this.maxPingsOut = maxPingsOut;
            return this;
        }

        public Builder eventLoopThreads(int eventLoopThreads) {
            if (eventLoopThreads < 0) {
                throw new IllegalArgumentException("eventLoopThreads must be >= 0");
            }
            this.eventLoopThreads = eventLoopThreads;
            return this;
        }

        /** @throws IllegalArgumentException for combinations nats-server refuses at start-up, with its text */
        public NatsServerOptions build() {
            if (lameDuckGracePeriod.compareTo(lameDuckDuration) >= 0) {
                throw new IllegalArgumentException("lame duck grace period (" + GoDurations.format(lameDuckGracePeriod)
                        + ") should be strictly lower than lame duck duration (" + GoDurations.format(lameDuckDuration) + ")");
            }
            if (maxPayload > maxPending) {
                throw new IllegalArgumentException("max_payload (" + maxPayload + ") cannot be higher than max_pending ("
                        + maxPending + ")");
            }
            AuthValidation.validate(auth);
            return new NatsServerOptions(this);
        }

        private static int positive(int v, String name) {
            if (v <= 0) {
                throw new IllegalArgumentException(name + " must be > 0");
            }
            return v;
        }

        private static Duration positive(Duration v, String name) {
            if (v == null || v.isNegative() || v.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration");
            }
            return v;
        }
    }
}
