package io.natsj.server;

import io.natsj.NatsServerOptions;
import io.natsj.protocol.ServerInfo;
import io.natsj.routing.MatchCache;
import io.natsj.routing.SubjectIndex;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.FileInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server: the listening socket, the event loops, the subscription index and the set of
 * client connections. {@link io.natsj.NatsServer} is its public face.
 *
 * <p>Threading: {@link #start} and {@link #shutdown} are called by the embedding thread; everything
 * else is called from event loops and is thread-safe as documented per field.
 */
public final class Server {
    private static final Logger LOG = LoggerFactory.getLogger(Server.class);
    /** natsj's own name and version, shown where nats-server shows its Go build. */
    public static final String BUILD = "natsj-" + version();

    final NatsServerOptions options;
    final String serverId;
    final String serverName;
    /** Thread-safe; shared by every connection. */
    final SubjectIndex index = new SubjectIndex();
    /** One match cache per event loop thread: a connection only ever publishes from its own loop. */
    private final FastThreadLocal<MatchCache> matchCaches = new FastThreadLocal<>() {
        @Override
        protected MatchCache initialValue() {
            return new MatchCache(index);
        }
    };
    private final AtomicLong nextClientId = new AtomicLong();
    private final AtomicInteger connectionCount = new AtomicInteger();
    private final ConcurrentHashMap<Long, ClientConnection> clients = new ConcurrentHashMap<>();

    private volatile ServerInfo info;
    private volatile int boundPort = -1;
    private EventLoopGroup acceptGroup;
    private EventLoopGroup ioGroup;
    private Channel listener;

    public Server(NatsServerOptions options) {
        this.options = options;
        this.serverId = newServerId();
        this.serverName = options.serverName() != null ? options.serverName() : serverId;
    }

    /** Binds and serves; returns once the port accepts connections. */
    public synchronized void start() {
        if (listener != null) {
            throw new IllegalStateException("already started");
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
            listener = null;
            throw new IllegalStateException("cannot listen on " + options.host() + ":" + options.port() + ": " + e.getMessage(), e);
        }
        boundPort = ((InetSocketAddress) listener.localAddress()).getPort();
        info = new ServerInfo(serverId, serverName, BUILD, options.host(), boundPort, options.maxPayload());
        LOG.info("Listening for client connections on {}:{} ({})", options.host(), boundPort, transport.name());
        LOG.info("Server is ready");
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
        if (listener == null) {
            return;
        }
        LOG.info("Initiating Shutdown...");
        listener.close().awaitUninterruptibly();
        for (ClientConnection c : clients.values()) {
            c.closeFromAnyThread(ClosedReason.SERVER_SHUTDOWN);
        }
        shutdownGroups();
        listener = null;
        LOG.info("Server Exiting..");
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

    /** The calling event loop's match cache. */
    MatchCache matchCache() {
        return matchCaches.get();
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

    void deregister(ClientConnection c) {
        if (clients.remove(c.cid) != null) {
            connectionCount.decrementAndGet();
        }
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
