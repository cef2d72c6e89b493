package io.natsj.server;

import io.natsj.tls.GoTlsNames;
import io.natsj.tls.HandshakeErrors;
import io.natsj.tls.ServerTls;
import io.natsj.tls.TlsOptions;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of a client's TLS handshake, as nats-server 2.9 runs it: the INFO has gone out in
 * plain text, then the client must start TLS within the tls timeout. Sits in front of the "nats"
 * handler; it looks at the first record header itself (as Go's crypto/tls does, so a plain client is
 * refused with Go's words and without any bytes back), then puts an {@link SslHandler} in its place
 * and a {@link Watcher} after it that reports the outcome and leaves once the handshake is done.
 *
 * <p>Threading: everything runs on the connection's event loop.
 */
final class TlsHandshake extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(TlsHandshake.class);
    /** A TLS record header: type, version (2), length (2). */
    private static final int RECORD_HEADER = 5;
    private static final int HANDSHAKE = 0x16;
    private static final int ALERT = 0x15;

    private final ClientConnection conn;
    private final CompletableFuture<ServerTls> tls;
    private final String who;
    private ScheduledFuture<?> timer;
    private long timeoutNanos;
    private ByteBuf header;
    /** What the client sent while the context was still being built; handed on once it is. */
    private ByteBuf waiting;
    private SslHandler ssl;
    /** The context this handshake runs with, once it is built. */
    private ServerTls context;
    /** Handshake over, one way or the other: nothing more to report. */
    private boolean finished;

    private TlsHandshake(ClientConnection conn, CompletableFuture<ServerTls> tls, String who) {
        this.conn = conn;
        this.tls = tls;
        this.who = who;
    }

    /**
     * Starts the handshake if the server has TLS: call once the INFO has been written.
     *
     * @param who the connection's log prefix ("ip:port - cid:N")
     */
    static void startIfEnabled(ClientConnection conn, String who) {
        CompletableFuture<ServerTls> tls = conn.server.tls();
        if (tls == null) {
            return;
        }
        TlsHandshake h = new TlsHandshake(conn, tls, who);
        conn.channel.pipeline().addBefore("nats", "tls-first-record", h);
        LOG.debug("{} - Starting TLS client connection handshake", who);
        TlsOptions o = conn.server.currentOptions().tls();
        long timeout = (o != null ? o.timeout() : TlsOptions.DEFAULT_TIMEOUT).toNanos();
        h.timeoutNanos = timeout;
        h.timer = conn.loop.schedule(h::timedOut, timeout, TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        if (finished) {
            in.release();
            return;
        }
        if (waiting != null) {
            // More of the handshake, arrived while the context is built: it follows the first bytes.
            waiting = ctx.alloc().compositeBuffer().addComponents(true, waiting, in);
            return;
        }
        if (header == null) {
            header = in;
        } else {
            header = ctx.alloc().compositeBuffer().addComponents(true, header, in);
        }
        if (header.readableBytes() < RECORD_HEADER) {
            return;
        }
        int type = header.getUnsignedByte(header.readerIndex());
        int version = header.getUnsignedShort(header.readerIndex() + 1);
        ByteBuf first = header;
        header = null;
        // Go's readRecord: before any version is agreed the first record must be a handshake (or an
        // alert) with a plausible version, else "first record does not look like a TLS handshake".
        if ((type != HANDSHAKE && type != ALERT) || version >= 0x1000) {
            first.release();
            fail(HandshakeErrors.NOT_TLS);
            return;
        }
        if (tls.isDone()) {
            startEngine(ctx, first);
            return;
        }
        // The context is still being built (the first moments after start): stop reading and go on
        // when it is ready. The wait is ours, not the client's: the handshake's time limit stops
        // meanwhile and starts again from then.
        ctx.channel().config().setAutoRead(false);
        timer.cancel(false);
        waiting = first;
        tls.whenComplete((t, e) -> conn.loop.execute(() -> {
            ByteBuf bytes = waiting;
            waiting = null;
            if (finished) {
                if (bytes != null) {
                    bytes.release();
                }
                return;
            }
            timer = conn.loop.schedule(this::timedOut, timeoutNanos, TimeUnit.NANOSECONDS);
            startEngine(ctx, bytes);
            // Outside Netty's read loop nothing would follow with the read-complete event, on which
            // the SslHandler flushes its ServerHello: without it the handshake would wait for ever.
            ctx.fireChannelReadComplete();
            ctx.channel().config().setAutoRead(true);
        }));
    }

    private void startEngine(ChannelHandlerContext ctx, ByteBuf first) {
        ServerTls t = tls.isCompletedExceptionally() ? null : tls.join();
        if (t == null || finished) {
            first.release();
            fail("no TLS configuration");
            return;
        }
        context = t;
        ssl = t.newHandler();
        ctx.pipeline().addAfter(ctx.name(), "tls", ssl);
        ctx.pipeline().addAfter("tls", "tls-watcher", new Watcher());
        ctx.fireChannelRead(first);
        if (!ctx.isRemoved()) {
            ctx.pipeline().remove(this);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail("EOF");
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (header != null) {
            header.release();
            header = null;
        }
        if (waiting != null) {
            waiting.release();
            waiting = null;
        }
    }

    /** Go sets a read deadline of the tls timeout on the handshake; its error is what gets logged. */
    private void timedOut() {
        if (finished) {
            return;
        }
        fail("read tcp " + address(conn.channel.localAddress()) + "->" + address(conn.channel.remoteAddress()) + ": i/o timeout");
        // nats-server's own timer fires at the same instant and logs this too; its -ERR 'Secure
        // Connection - TLS Required' goes to a socket the failed read has already closed, so clients
        // see no bytes from either, and none are sent here.
        LOG.error("{} - TLS handshake timeout", who);
    }

    private void succeeded() {
        finished = true;
        timer.cancel(false);
        X509Certificate[] peer = ServerTls.peerCertificates(conn.channel);
        StringBuilder keyId = new StringBuilder();
        if (!context.pinned(peer, keyId)) {
            if (keyId.length() == 0) {
                LOG.debug("{} - Failed pinned cert test as client did not provide a certificate", who);
            } else {
                LOG.debug("{} - Failed pinned cert test for key id: {}", who, keyId);
            }
            finished = false;
            fail("certificate not pinned");
            return;
        }
        LOG.debug("{} - TLS handshake complete", who);
        SSLSession s = ssl.engine().getSession();
        LOG.debug("{} - TLS version {}, cipher suite {}", who, GoTlsNames.goVersion(s.getProtocol()),
                GoTlsNames.goCipher(s.getCipherSuite()));
    }

    /** Logs Go's handshake error line and closes; before the handshake is done nothing is written. */
    private void fail(String why) {
        if (finished) {
            return;
        }
        finished = true;
        timer.cancel(false);
        LOG.error("{} - TLS handshake error: {}", who, why);
        if (ssl != null && !ssl.handshakeFuture().isSuccess() && conn.channel.pipeline().get(SslHandler.class) == ssl) {
            // Go's tls.Conn.Close sends close_notify only after a completed handshake.
            conn.channel.pipeline().remove(ssl);
        }
        conn.closeFromAnyThread(ClosedReason.TLS_HANDSHAKE_FAILURE);
    }

    private static String address(SocketAddress a) {
        if (a instanceof InetSocketAddress) {
            InetSocketAddress i = (InetSocketAddress) a;
            return Server.joinHostPort(i.getAddress().getHostAddress(), i.getPort());
        }
        return String.valueOf(a);
    }

    /** After the SslHandler: turns its outcome into Go's log lines, and keeps its errors from "nats". */
    private final class Watcher extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (!(evt instanceof SslHandshakeCompletionEvent)) {
                ctx.fireUserEventTriggered(evt);
                return;
            }
            SslHandshakeCompletionEvent e = (SslHandshakeCompletionEvent) evt;
            if (e.isSuccess()) {
                succeeded();
                if (ctx.pipeline().context(this) != null) {
                    ctx.pipeline().remove(this);
                }
            } else {
                fail(HandshakeErrors.goText(e.cause()));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // The completion event reports handshake failures; the decoder's copy of the same
            // exception would only make "nats" log a read error on top.
            if (!finished) {
                fail(HandshakeErrors.goText(cause));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            fail("EOF");
            ctx.fireChannelInactive();
        }
    }
}
