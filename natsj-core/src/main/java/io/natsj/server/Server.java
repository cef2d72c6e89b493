package io.natsj.server;

import io.natsj.NatsServerOptions;
import io.natsj.jetstream.JetStream;
import io.natsj.monitor.MonitorServer;
import io.natsj.protocol.ServerInfo;
import io.natsj.tls.ServerTls;
import io.natsj.tls.TlsException;
import io.natsj.tls.TlsOptions;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import java.io.FileInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server: the listening socket, the event loops, the subscription index and the set of
 * client connections. {@link io.natsj.NatsServer} is its public face.
 *
 * <p>Threading: {@link #start}, {@link #shutdown}, {@link #reload} and {@link #enterLameDuckMode} are
 * synchronized and may come from any thread (the embedding thread, the JVM's signal thread, the lame
 * duck thread); everything else is called from event loops and is thread-safe as documented per field.
 */
public final class Server {
    private static final Logger LOG = LoggerFactory.getLogger(Server.class);
    /** natsj's own name and version, shown where nats-server shows its Go build. */
    public static final String BUILD = "natsj-" + version();

    /** Replaced as a whole by a config reload; readers take one snapshot per decision. */
    volatile NatsServerOptions options;
    final String serverId;
    final String serverName;
    /** Every account's subject space; thread-safe. */
    final Accounts accounts = new Accounts();
    /** Authentication settings; replaced as a whole by a reload. */
    private volatile Security security;
    private final AtomicLong nextClientId = new AtomicLong();
    private final AtomicInteger connectionCount = new AtomicInteger();
    private final ConcurrentHashMap<Long, ClientConnection> clients = new ConcurrentHashMap<>();
    // Totals of connections that have closed; live ones are summed on demand (monitoring figures).
    private final LongAdder closedInMsgs = new LongAdder();
    private final LongAdder closedInBytes = new LongAdder();
    private final LongAdder closedOutMsgs = new LongAdder();
    private final LongAdder closedOutBytes = new LongAdder();
    private final LongAdder slowConsumers = new LongAdder();
    /** The last closed connections, for /connz. */
    final ClosedConnections closed = new ClosedConnections(ClosedConnections.DEFAULT_MAX);

    private volatile ServerInfo info;
    /** TLS on the client port, or null; replaced as a whole by a config reload. */
    /**
     * The TLS context, built off the start-up path (the files were checked when the options were
     * read; building the JDK's TLS context takes a few hundred milliseconds that harnesses waiting
     * for the port do not have); null without TLS. Handshakes wait for it.
     */
    private volatile CompletableFuture<ServerTls> tls;
    /** See {@link #authChecks()}; null until first needed. */
    private volatile java.util.concurrent.ExecutorService authChecks;
    /** Builds {@link #tls} after start-up; null once started, or when not needed. Guarded by "this". */
    private Thread tlsInit;
    private volatile int boundPort = -1;
    private InetSocketAddress boundAddress;
    /** Counted down once shutdown has finished; lame duck mode and embedders wait on it. */
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile boolean lameDuck;
    // Guarded by "this": the listener and the loops are set up by start and torn down by shutdown.
    private EventLoopGroup acceptGroup;
    private EventLoopGroup ioGroup;
    private Channel listener;
    private boolean stopped;
    /** The HTTP monitoring port, or null; see {@link #startMonitoring}. */
    private MonitorServer monitor;
    final MonitorAdapter monitorSource = new MonitorAdapter(this);
    /** The system account's advisories and requests; null without a system account. Set once, in the constructor. */
    final SystemEvents events;
    /**
     * JetStream, or null when it is off. Set by {@link #start} before the port opens, so every reader
     * (connections, monitoring, the system thread) that can see a client sees it set.
     */
    volatile JetStream jetStream;

    public Server(NatsServerOptions options) {
        this.options = options;
        this.serverId = newServerId();
        this.serverName = options.serverName() != null ? options.serverName() : serverId;
        this.security = new Security(options);
        accounts.configure(options.auth());
        ServerAccount system = options.auth().noSystemAccount() ? null
                : accounts.get(Accounts.systemAccountName(options.auth()));
        if (system != null) {
            events = new SystemEvents(this, new SystemClient(this, system));
            new SystemRequests(this, events).subscribe();
        } else {
            events = null;
        }
    }

    /** The monitoring port's per-endpoint request counts; empty without one. */
    java.util.Map<String, Long> monitorRequestStats() {
        MonitorServer m;
        synchronized (this) {
            m = monitor;
        }
        return m == null ? java.util.Map.of() : m.requestStats();
    }

    /** Binds and serves; returns once the port accepts connections. */
    public synchronized void start() {
        if (listener != null || stopped) {
            throw new IllegalStateException("already started");
        }
        logBanner();
        if (security.plaintextPasswords()) {
            LOG.warn("Plaintext passwords detected, use nkeys or bcrypt");
        }
        tls = buildTlsInBackground(options);
        if (options.pidFile() != null) {
            try {
                ProcessFiles.writePid(options.pidFile());
            } catch (IOException e) {
                throw new IllegalStateException("Could not write pidfile: " + e.getMessage(), e);
            }
        }
        startMonitoring();
        if (options.jetStream().enabled()) {
            try {
                jetStream = JetStreamRequests.start(options, accounts, events);
            } catch (IllegalStateException e) {
                stopMonitoring();
                throw e;
            }
        }
        Transport transport = Transport.best();
        acceptGroup = new MultiThreadIoEventLoopGroup(1, transport.ioHandlerFactory());
        // Netty's own default is two loops per core; one per core keeps cross-loop hand-offs down.
        int loops = options.eventLoopThreads() > 0 ? options.eventLoopThreads() : Runtime.getRuntime().availableProcessors();
        ioGroup = new MultiThreadIoEventLoopGroup(loops, transport.ioHandlerFactory());
        ServerBootstrap b = new ServerBootstrap()
                .group(acceptGroup, ioGroup)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                // Unwritable above half of max_pending (where publishers start to stall), writable again
                // below a quarter, so a drained receiver resumes its publishers promptly.
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark(options.maxPending()))
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast("nats", new ClientConnection(Server.this, ch, nextClientId.incrementAndGet()));
                    }
                });
        try {
            listener = b.bind(options.host(), options.port()).sync().channel();
        } catch (Exception e) {
            shutdownGroups();
            stopMonitoring();
            listener = null;
            String hp = joinHostPort(options.host(), options.port());
            String why = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("already in use")
                    ? "bind: address already in use" : String.valueOf(e.getMessage());
            throw new IllegalStateException("Error listening on port: " + hp + ", \"listen tcp " + hp + ": " + why + "\"", e);
        }
        boundAddress = (InetSocketAddress) listener.localAddress();
        boundPort = boundAddress.getPort();
        info = newInfo(options);
        LOG.info("Listening for client connections on {}", joinHostPort(options.host(), boundPort));
        if (tls != null) {
            LOG.info("TLS required for client connections");
        }
        LOG.debug("Network transport: {}", transport.name());
        writePortsFile(options.portsFileDir());
        LOG.info("Server is ready");
        if (events != null) {
            events.start();
        }
        if (tlsInit != null) {
            tlsInit.start();
            tlsInit = null;
        }
    }

    /**
     * nats-server's StartMonitoring: the HTTP port when http_port is set, else the HTTPS port (with the
     * client port's certificate) when https_port is; logged and refused as nats-server does.
     */
    private void startMonitoring() {
        NatsServerOptions o = options;
        if (o.httpPort() != 0 && o.httpsPort() != 0) {
            throw new IllegalStateException("Can't start monitoring: can't specify both HTTP (" + o.httpPort()
                    + ") and HTTPs (" + o.httpsPort() + ") ports");
        }
        boolean secure = o.httpPort() == 0;
        if (secure && o.httpsPort() == 0) {
            return;
        }
        if (secure && tls == null) {
            throw new IllegalStateException("Can't start monitoring: TLS cert and key required for HTTPS");
        }
        String host = monitorSource.httpHost();
        // The context is built after start-up (see tls): the first HTTPS connection waits for it.
        MonitorServer m = secure
                ? new MonitorServer(monitorSource, host, o.httpsPort(), o.httpBasePath(), () -> tls.join().newMonitorHandler())
                : new MonitorServer(monitorSource, host, o.httpPort(), o.httpBasePath());
        try {
            LOG.info("Starting {} monitor on {}", secure ? "https" : "http", joinHostPort(host, m.start()));
        } catch (IllegalStateException e) {
            throw new IllegalStateException("Can't start monitoring: " + e.getMessage(), e);
        }
        monitor = m;
    }

    private void stopMonitoring() {
        if (monitor != null) {
            monitor.stop();
            monitor = null;
        }
    }

    /** The monitoring port, or -1 without one. */
    public synchronized int monitorPort() {
        return monitor == null ? -1 : monitor.port();
    }

    /** Go's net.JoinHostPort: IPv6 addresses in brackets. */
    static String joinHostPort(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    private void logBanner() {
        LOG.info("Starting nats-server");
        LOG.info("  Version:  {}", ServerInfo.COMPATIBLE_VERSION);
        LOG.info("  Git:      [not set]");
        LOG.info("  Build:    {} (Java {})", BUILD, System.getProperty("java.version"));
        LOG.info("  Name:     {}", serverName);
        LOG.info("  ID:       {}", serverId);
        if (options.configFile() != null) {
            LOG.info("Using configuration file: {}", options.configFile());
        }
        if (options.maxPayload() > 8 * 1024 * 1024) {
            LOG.warn("Maximum payloads over 8.00 MB are generally discouraged and could lead to poor performance");
        }
    }

    /** The INFO for these options; auth_required comes from the current {@link #security}, which a reload replaces (and then makes a new INFO) last. */
    private ServerInfo newInfo(NatsServerOptions o) {
        TlsOptions t = o.tls();
        return new ServerInfo(serverId, serverName, BUILD, o.host(), boundPort, o.headers(), o.maxPayload(),
                security.infoAuthRequired, t != null, t != null && t.clientCertRequired(), jetStream != null,
                o.jetStream().domain()); // nats-server: the option, JetStream on or not
    }

    /** The TLS context for the options' tls block, or null; the files are read now. */
    static ServerTls buildTls(NatsServerOptions o) {
        if (o.tls() == null) {
            return null;
        }
        try {
            return ServerTls.create(o.tls());
        } catch (TlsException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Builds the TLS context on a thread of its own when the options' files were already checked (a
     * configuration file or flags); a failure then is logged and fails every handshake.
     */
    private CompletableFuture<ServerTls> buildTlsInBackground(NatsServerOptions o) {
        if (o.tls() == null) {
            return null;
        }
        if (!ServerTls.checked(o.tls())) {
            // Options built in code: their files were never read, so a bad one must fail the start.
            return CompletableFuture.completedFuture(buildTls(o));
        }
        CompletableFuture<ServerTls> f = new CompletableFuture<>();
        // Started once the port listens (see start): until then it would only compete for the CPU
        // with the start-up itself.
        tlsInit = new Thread(() -> {
            try {
                ServerTls built = buildTls(o);
                // Warm up before handing it out: a client handshake at the same moment would share
                // the CPU with it, and its time limit only starts once the context is handed out.
                built.warmUp();
                f.complete(built);
            } catch (RuntimeException e) {
                LOG.error("{}", e.getMessage());
                f.completeExceptionally(e);
            }
        }, "natsj-tls-init");
        tlsInit.setDaemon(true);
        return f;
    }


    /** The TLS context, possibly still being built; null without TLS. */
    CompletableFuture<ServerTls> tls() {
        return tls;
    }

    /** After a reload: new connections use the new certificates; the INFO shows the new flags. */
    void tlsChanged(ServerTls t) {
        tls = t == null ? null : CompletableFuture.completedFuture(t);
        info = newInfo(options);
    }

    private void writePortsFile(String dir) {
        if (dir == null) {
            return;
        }
        try {
            ProcessFiles.writePorts(dir, boundAddress, tls != null ? "tls" : "nats", monitor != null ? monitor.localAddress() : null,
                    options.httpsPort() != 0 ? "https" : "http");
        } catch (IOException e) {
            LOG.error("Error writing ports file ({}): {}", ProcessFiles.portsFile(dir), e.toString());
        }
    }

    private void deletePortsFile(String dir) {
        if (dir == null) {
            return;
        }
        try {
            Files.delete(ProcessFiles.portsFile(dir));
        } catch (IOException e) {
            LOG.error("Error cleaning up ports file {}: {}", ProcessFiles.portsFile(dir), e.toString());
        }
    }

    private static WriteBufferWaterMark waterMark(long maxPending) {
        int high = (int) Math.max(64 * 1024, Math.min(Integer.MAX_VALUE, maxPending / 2));
        return new WriteBufferWaterMark(high / 2, high);
    }

    public int port() {
        return boundPort;
    }

    public String serverId() {
        return serverId;
    }

    /** Stops accepting, closes every client and frees the threads. Idempotent. */
    public synchronized void shutdown() {
        if (stopped || ioGroup == null) {
            return;
        }
        stopped = true;
        LOG.info("Initiating Shutdown...");
        if (jetStream != null) {
            jetStream.shutdown();
        }
        if (listener != null) {
            listener.close().awaitUninterruptibly();
        }
        stopMonitoring();
        if (events != null) {
            events.shutdown(); // before the clients go, so that they get it
        }
        for (ClientConnection c : clients.values()) {
            c.closeFromAnyThread(ClosedReason.SERVER_SHUTDOWN);
        }
        shutdownGroups();
        if (authChecks != null) {
            authChecks.shutdownNow();
        }
        listener = null;
        NatsServerOptions o = options;
        deletePortsFile(o.portsFileDir());
        if (o.pidFile() != null) {
            try {
                Files.deleteIfExists(Path.of(o.pidFile()));
            } catch (IOException e) {
                LOG.error("Error cleaning up pid file {}: {}", o.pidFile(), e.toString());
            }
        }
        LOG.info("Server Exiting..");
        terminated.countDown();
    }

    /** Waits until the server has shut down (by {@link #shutdown} or at the end of lame duck mode). */
    public void awaitShutdown() throws InterruptedException {
        terminated.await();
    }

    /** Waits at most {@code nanos}; true if the server has shut down. */
    boolean awaitShutdown(long nanos) throws InterruptedException {
        return terminated.await(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Enters lame duck mode: stops accepting clients, announces it to them and closes them over
     * lame_duck_duration, then shuts down. Returns at once; a second call does nothing.
     */
    public void enterLameDuckMode() {
        synchronized (this) {
            if (stopped || lameDuck || listener == null) {
                return;
            }
            lameDuck = true;
            LOG.info("Entering lame duck mode, stop accepting new clients");
            if (events != null) {
                events.lameDuck();
            }
            listener.close().awaitUninterruptibly();
            listener = null;
        }
        Thread t = new Thread(new LameDuck(this), "natsj-lame-duck");
        t.setDaemon(true);
        t.start();
    }

    public NatsServerOptions currentOptions() {
        return options;
    }

    public boolean isLameDuck() {
        return lameDuck;
    }

    /**
     * Applies new options to the running server, as nats-server's config reload does. Throws
     * {@link IllegalArgumentException} with nats-server's message, and changes nothing, when an option
     * that cannot change at runtime differs.
     */
    public synchronized void reload(NatsServerOptions newOptions) {
        if (stopped) {
            throw new IllegalStateException("server is shut down");
        }
        Reload.apply(this, options, newOptions);
        monitorSource.configReloaded();
    }

    /** After a reload changed max_payload, max_control_line or tracing: new INFO, and every client. */
    void clientOptionsChanged() {
        NatsServerOptions o = options;
        info = newInfo(o);
        for (ClientConnection c : clients.values()) {
            c.applyOptionsFromAnyThread(o);
        }
    }

    /**
     * After every reload (nats-server treats users and accounts as always changed): new
     * authentication settings and accounts, then every client is checked again against them.
     */
    void authorizationReloaded() {
        NatsServerOptions o = options;
        accounts.configure(o.auth());
        security = new Security(o);
        info = newInfo(o);
        for (ClientConnection c : clients.values()) {
            c.reauthorizeFromAnyThread();
        }
    }

    /** After a reload lowered max_connections: closes the newest clients over it; returns how many. */
    int enforceMaxConnections(int max) {
        List<ClientConnection> all = new ArrayList<>(clients.values());
        all.sort((a, b) -> Long.compare(b.cid, a.cid));
        int excess = all.size() - max;
        for (int i = 0; i < excess; i++) {
            all.get(i).maxConnectionsExceededFromAnyThread();
        }
        return Math.max(0, excess);
    }

    void pidFileChanged() {
        String f = options.pidFile();
        if (f == null) {
            return;
        }
        try {
            ProcessFiles.writePid(f);
        } catch (IOException e) {
            LOG.error("Failed to write pidfile: {}", e.toString());
        }
        LOG.info("Reloaded: pid_file = {}", f);
    }

    void portsFileDirChanged(String oldDir) {
        deletePortsFile(oldDir);
        writePortsFile(options.portsFileDir());
        LOG.info("Reloaded: ports_file_dir = {}", options.portsFileDir() == null ? "" : options.portsFileDir());
    }

    Collection<ClientConnection> clients() {
        return clients.values();
    }

    private void shutdownGroups() {
        if (ioGroup != null) {
            ioGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        }
        if (acceptGroup != null) {
            acceptGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }

    ServerInfo info() {
        return info;
    }

    Security security() {
        return security;
    }

    /**
     * Runs slow authentication checks (bcrypt) off the event loops: two daemon threads, made on
     * first use. Any thread.
     */
    java.util.concurrent.Executor authChecks() {
        java.util.concurrent.ExecutorService e = authChecks;
        if (e == null) {
            synchronized (this) { // guards the one-time creation of the pool
                e = authChecks;
                if (e == null) {
                    AtomicInteger n = new AtomicInteger();
                    e = java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
                        Thread t = new Thread(r, "natsj-auth-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
                    authChecks = e;
                }
            }
        }
        return e;
    }

    /** Registers a new connection unless max_connections is reached. */
    boolean register(ClientConnection c) {
        if (connectionCount.incrementAndGet() > options.maxConnections()) {
            connectionCount.decrementAndGet();
            return false;
        }
        clients.put(c.cid, c);
        return true;
    }

    /** A registered connection is gone. Its loop. */
    void deregister(ClientConnection c) {
        if (clients.remove(c.cid) != null) {
            connectionCount.decrementAndGet();
            closedInMsgs.add(c.inMsgs());
            closedInBytes.add(c.inBytes());
            closedOutMsgs.add(c.outMsgs());
            closedOutBytes.add(c.outBytes());
        }
    }

    /**
     * A registered connection is closing (it takes no more input and is given no more messages): it
     * leaves its account, whose figures keep what it did, and the system account hears of it. Its loop.
     */
    void clientClosing(ClientConnection c, ClosedReason reason) {
        long inMsgs = c.inMsgs();
        long inBytes = c.inBytes();
        long outMsgs = c.outMsgs();
        long outBytes = c.outBytes();
        ServerAccount a = c.account();
        a.closedInMsgs.add(inMsgs);
        a.closedInBytes.add(inBytes);
        a.closedOutMsgs.add(outMsgs);
        a.closedOutBytes.add(outBytes);
        a.clients.decrementAndGet();
        if (events != null) {
            events.clientDisconnected(a, c.eventInfo(Instant.now()), inMsgs, inBytes, outMsgs, outBytes, reason.text);
        }
    }

    /** nats-server's in_msgs: messages received from clients since start, closed ones included. */
    public long inMsgs() {
        long n = closedInMsgs.sum();
        for (ClientConnection c : clients.values()) {
            n += c.inMsgs();
        }
        return n;
    }

    public long inBytes() {
        long n = closedInBytes.sum();
        for (ClientConnection c : clients.values()) {
            n += c.inBytes();
        }
        return n;
    }

    /** nats-server's out_msgs: messages delivered to clients since start, closed ones included. */
    public long outMsgs() {
        long n = closedOutMsgs.sum();
        for (ClientConnection c : clients.values()) {
            n += c.outMsgs();
        }
        return n;
    }

    public long outBytes() {
        long n = closedOutBytes.sum();
        for (ClientConnection c : clients.values()) {
            n += c.outBytes();
        }
        return n;
    }

    /** Clients cut as slow consumers since start. */
    public long slowConsumers() {
        return slowConsumers.sum();
    }

    void slowConsumerDetected() {
        slowConsumers.increment();
    }

    /** Connections accepted since start (nats-server's total_connections). */
    public long totalConnections() {
        return nextClientId.get();
    }

    int connectionCount() {
        return connectionCount.get();
    }

    /** A server id in nats-server's shape: 'N' and 55 more base32 characters (a public nkey). */
    private static String newServerId() {
        final String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        byte[] bytes = randomBytes(55);
        StringBuilder sb = new StringBuilder(56).append('N');
        for (byte b : bytes) {
            sb.append(alphabet.charAt(b & 31));
        }
        return sb.toString();
    }

    /**
     * Random bytes straight from the kernel where there is /dev/urandom: SecureRandom reads the same
     * source but setting up its providers costs 15-30 ms at start-up.
     */
    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        try (FileInputStream in = new FileInputStream("/dev/urandom")) {
            if (in.readNBytes(bytes, 0, n) == n) {
                return bytes;
            }
        } catch (IOException e) {
            // Not Linux-like: fall back below.
        }
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static String version() {
        String v = Server.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0";
    }
}
