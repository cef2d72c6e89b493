package io.natsj.monitor;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * nats-server's HTTP monitoring port: {@code /}, {@code /varz} and {@code /healthz} under
 * {@code http_base_path}, on one event loop of its own.
 */
public final class MonitorServer {
    /** nats-server's MaxHeaderBytes on the monitoring port. */
    private static final int MAX_REQUEST_BYTES = 1 << 20;

    private final MonitorSource source;
    private final String host;
    private final int port;
    private final MonitorRoutes routes;
    private final java.util.function.Supplier<io.netty.handler.ssl.SslHandler> tls;
    private EventLoopGroup group;
    private Channel listener;

    /**
     * @param host the address to listen on (nats-server's http_host)
     * @param port the port; 0 or -1 picks a free one
     * @param basePath http_base_path, as configured
     */
    public MonitorServer(MonitorSource source, String host, int port, String basePath) {
        this(source, host, port, basePath, null);
    }

    /**
     * @param tls makes each connection's TLS handler (HTTPS); null for plain HTTP. Called on the
     *     monitoring thread, which it may block until the server's TLS context is ready.
     */
    public MonitorServer(MonitorSource source, String host, int port, String basePath,
            java.util.function.Supplier<io.netty.handler.ssl.SslHandler> tls) {
        this.tls = tls;
        this.source = source;
        this.host = host;
        this.port = port < 0 ? 0 : port;
        this.routes = new MonitorRoutes(source, basePath);
    }

    /**
     * Binds the port; returns the bound port.
     *
     * @throws IllegalStateException with nats-server's text when the port cannot be bound
     */
    public synchronized int start() {
        group = new MultiThreadIoEventLoopGroup(1, r -> {
            Thread t = new Thread(r, "natsj-monitor");
            t.setDaemon(true);
            return t;
        }, NioIoHandler.newFactory());
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (tls != null) {
                            ch.pipeline().addLast(tls.get());
                        }
                        ch.pipeline().addLast(new HttpServerCodec(4096, MAX_REQUEST_BYTES, 8192),
                                new HttpObjectAggregator(MAX_REQUEST_BYTES),
                                new MonitorHandler(routes));
                    }
                });
        try {
            listener = b.bind(host, port).sync().channel();
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            group = null;
            String hp = joinHostPort(host, port);
            String why = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("already in use")
                    ? "bind: address already in use" : String.valueOf(e.getMessage());
            throw new IllegalStateException("can't listen to the monitor port: listen tcp " + hp + ": " + why, e);
        }
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** The bound address, or null before start. */
    /** Requests served per endpoint so far (nats-server's http_req_stats); a copy. */
    public java.util.Map<String, Long> requestStats() {
        return routes.requestStats();
    }

    public synchronized InetSocketAddress localAddress() {
        return listener == null ? null : (InetSocketAddress) listener.localAddress();
    }

    /** The bound port, or -1 before start. */
    public synchronized int port() {
        return listener == null ? -1 : ((InetSocketAddress) listener.localAddress()).getPort();
    }

    public synchronized void stop() {
        if (listener != null) {
            listener.close().awaitUninterruptibly();
            listener = null;
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
            group = null;
        }
    }

    /** Go's net.JoinHostPort. */
    public static String joinHostPort(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    MonitorSource source() {
        return source;
    }
}
