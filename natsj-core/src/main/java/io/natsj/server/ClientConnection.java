package io.natsj.server;

import io.natsj.NatsServerOptions;
import io.natsj.auth.ClientPermissions;
import io.natsj.auth.CompiledPermissions;
import io.natsj.monitor.SystemJson;
import io.natsj.tls.ServerTls;
import io.natsj.protocol.ConnectOptions;
import io.natsj.protocol.Errors;
import io.natsj.protocol.GoQuote;
import io.natsj.protocol.MessageEncoder;
import io.natsj.protocol.ProtocolError;
import io.natsj.protocol.ProtocolHandler;
import io.natsj.protocol.ProtocolParser;
import io.natsj.protocol.PubMessage;
import io.natsj.routing.MatchCache;
import io.natsj.routing.MatchResult;
import io.natsj.routing.SubjectMapping;
import io.natsj.routing.Subjects;
import io.natsj.routing.Subscriber;
import io.natsj.routing.Subscription;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: the Netty handler that feeds the parser and the {@link ProtocolHandler} that
 * acts on each operation.
 *
 * <p>Threading: everything here runs on the connection's event loop ({@link #loop}) except what is
 * marked "any thread": other connections deliver to this one through {@link #out}, read
 * {@link #headers}, and ask it to close or drop a subscription by scheduling work on its loop.
 */
final class ClientConnection extends ChannelInboundHandlerAdapter implements ProtocolHandler, Subscriber {
    private static final Logger LOG = LoggerFactory.getLogger(ClientConnection.class);
    /** nats-server sends the first PING this soon after CONNECT (or after ping_interval if shorter). */
    private static final long FIRST_PING_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** nats-server re-measures RTT (and so pings regardless of activity) once an hour. */
    private static final long RTT_INTERVAL_NANOS = TimeUnit.HOURS.toNanos(1);
    private static final byte[] SERVICE_REPLY_PREFIX = "_R_.".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JS_ACK_PREFIX = "$JS.ACK.".getBytes(StandardCharsets.US_ASCII);
    /** Account crossings one message may take (imports of imports); more means a cycle. */
    private static final int MAX_IMPORT_DEPTH = 8;
    private static final byte[] GATEWAY_REPLY_PREFIX = "_GR_.".getBytes(StandardCharsets.US_ASCII);

    final Server server;
    final long cid;
    final Channel channel;
    final EventLoop loop;
    /** Any thread appends; see {@link Outbound}. */
    final Outbound out;
    /** Publishers paused because this connection is congested; any thread. */
    final StallGate stallGate = new StallGate();
    private final ProtocolParser parser;
    private final Runnable flushTask = this::flushOutbound;
    private final Runnable resumeTask = this::resume;
    private final ChannelFutureListener writeDone = f -> writeCompleted();
    private final String remote;
    /** Why it closed: the first reason given; null while open. Written on this loop, read by any thread. */
    private volatile ClosedReason closedReason;
    /** The client's address as INFO's client_ip shows it. */
    private final String ip;

    /** When the connection was accepted, as a wall-clock time and on the nanoTime scale. */
    final Instant startTime = Instant.now();
    final long startNanos = System.nanoTime();
    /** The client's port, kept for monitoring after the channel has gone. */
    final int remotePort;

    /**
     * sid to subscription. Changed only on this loop; concurrent so that monitoring reads it from its
     * own thread without waiting for the loop (SUB and UNSUB use it, delivery never does).
     */
    private final Map<String, Subscription> subs = new ConcurrentHashMap<>();
    /** Each subscription's mirrors in exporting accounts; removed from by any thread (auto-unsubscribe). */
    private final ConcurrentHashMap<Subscription, List<Subscription>> shadows = new ConcurrentHashMap<>();
    /** Connections this one appended to during the current read batch and must flush at its end. */
    private final ArrayList<ClientConnection> toFlush = new ArrayList<>();
    private MatchCache matchCache;
    /**
     * The account whose subject space this client lives in: the global account until CONNECT
     * authenticates it into another. Read by other loops when they drop its subscriptions.
     */
    private volatile ServerAccount account;
    /**
     * What this client may publish and subscribe to; null: anything. Publishers on other loops read
     * it to filter deliveries and record replies the client may answer.
     */
    private volatile ClientPermissions perms;
    /** The credentials as log lines name them (nats-server's getAuthUser). */
    private String authUser = "User \"N/A\"";
    /** The nonce sent in INFO for an nkey signature; null when none was needed. */
    private String nonce;
    /**
     * Messages and payload bytes this client published (nats-server's in_msgs and in_bytes). Written
     * on this loop only; monitoring reads them from any thread without a lock (a monitoring figure).
     */
    private long inMsgs;
    private long inBytes;
    /** Input that arrived while a CONNECT was being checked off the loop; parsed after it. */
    private ByteBuf heldInput;
    /** Closes a client that has not authenticated in time; null once CONNECT came. */
    private ScheduledFuture<?> authTimer;
    private ConnectOptions opts = new ConnectOptions();
    /** The last CONNECT's options, for monitoring on any thread; null before CONNECT. */
    private volatile ConnectOptions connectInfo;
    private boolean echo = true;
    private boolean connectReceived;
    /** Answered the first PING after CONNECT: from then on the client gets asynchronous INFOs. */
    private boolean firstPongSent;
    private boolean closing;
    private boolean activityThisBatch;
    /**
     * nanoTime of the last publish, subscription change or delivery to this client (nats-server's
     * last activity). Written by this loop after a read and by publishers' loops once per read that
     * delivered here; volatile for monitoring and for those writers, never written per message.
     */
    private volatile long lastActivity = startNanos;
    /** The last round trip measured (CONNECT, then each PONG to a server PING); 0 for none yet. Any thread reads. */
    private volatile long rttNanos;
    private long lastClientPing;
    private long rttStart;
    private int pingsOut;
    private ScheduledFuture<?> pingTimer;
    /** Flushes handed to the channel whose write has not completed yet. */
    private int writesInFlight;
    /** When a write last completed (or the first of the writes in flight started). */
    private long lastWriteProgress;
    private ScheduledFuture<?> writeDeadlineTimer;
    /** A receiver found congested while this read was delivered: pause reading after it. */
    private ClientConnection congestedReceiver;
    /** Set while this connection has paused its reads for a congested receiver. */
    private ScheduledFuture<?> stallTimer;

    /** Protocol tracing (-V) for this client; read by publishers on any thread. */
    volatile boolean tracing;
    /**
     * nats-server's prefix for this client's log lines: "ip:port - cid:N", and after CONNECT also the
     * client's version, language and name ({@code - "v2.26.2:java:orders"}). Read by publishers
     * tracing deliveries to this client.
     */
    private volatile String who;

    /** Whether this client negotiated headers; read by publishers on any thread. */
    volatile boolean headers;

    ClientConnection(Server server, Channel channel, long cid) {
        this.server = server;
        this.channel = channel;
        this.loop = channel.eventLoop();
        this.cid = cid;
        this.out = new Outbound(channel, server.options.maxPending());
        this.parser = new ProtocolParser(this, server.options.maxControlLine(), server.options.maxPayload());
        InetSocketAddress ra = (InetSocketAddress) channel.remoteAddress();
        this.ip = ra == null ? "" : ra.getAddress().getHostAddress();
        this.remote = ra == null ? "?" : ip + ":" + ra.getPort();
        this.remotePort = ra == null ? 0 : ra.getPort();
        this.who = remote + " - cid:" + cid;
        this.tracing = server.options.trace();
        parser.setTracing(tracing);
    }

    // ---- Netty events -------------------------------------------------------------------------

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        account = server.accounts.global;
        matchCache = account.matchCache();
        Security sec = server.security();
        nonce = sec.newNonce();
        channel.writeAndFlush(Unpooled.wrappedBuffer(
                server.info().forClient(cid, ip, false, nonce).getBytes(StandardCharsets.UTF_8)), channel.voidPromise());
        if (!server.register(this)) {
            LOG.error("{} - maximum connections exceeded", who);
            // nats-server closes it as any client, so it shows among the closed connections.
            server.closed.add(ConnSnapshots.closed(this, ClosedReason.MAX_CONNECTIONS_EXCEEDED));
            closing = true;
            out.close();
            ByteBuf err = channel.alloc().buffer(64);
            MessageEncoder.writeErr(err, Errors.MAX_CONNECTIONS_EXCEEDED);
            channel.writeAndFlush(err).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        LOG.debug("{} - Client connection created", who);
        // As nats-server: a new connection counts in the global account until it authenticates.
        account.clients.incrementAndGet();
        SystemEvents ev = server.events;
        if (ev != null) {
            ev.clientJoined(account);
        }
        TlsHandshake.startIfEnabled(this, who);
        if (sec.authRequired) {
            parser.setAwaitingAuth(true);
            authTimer = loop.schedule(this::authTimeout, sec.authTimeoutNanos, TimeUnit.NANOSECONDS);
        }
        // As nats-server: pings run from the start (a client that never sends CONNECT goes stale too);
        // CONNECT restarts them with the short first interval.
        pingTimer = loop.schedule(this::pingTimerFired, server.options.pingInterval().toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        if (parser.isPaused()) {
            // A CONNECT is being checked off the loop: keep what arrives for after it.
            holdInput(in);
            return;
        }
        feed(in);
        // Flush per read (at most one receive buffer, 64 KiB), as nats-server flushes after each read:
        // waiting for the whole read batch (up to 16 reads) would let a burst pile up to a megabyte per
        // receiver and cut fast receivers with a small max_pending as slow consumers.
        flushReceivers();
        if (congestedReceiver != null) {
            stall();
        }
    }

    /** Parses a buffer and releases it; what a pause leaves unread is kept for {@link #resumeInput}. */
    private void feed(ByteBuf in) {
        try {
            if (!closing) {
                parser.parse(in);
                if (parser.isPaused() && in.isReadable()) {
                    holdInput(in.retainedSlice());
                }
            }
        } finally {
            in.release();
        }
    }

    /** Keeps input for after a pause; takes over the caller's reference. */
    private void holdInput(ByteBuf in) {
        if (heldInput == null) {
            heldInput = in;
        } else {
            CompositeByteBuf all = heldInput instanceof CompositeByteBuf c ? c : channel.alloc().compositeBuffer().addComponent(true, heldInput);
            heldInput = all.addComponent(true, in);
        }
    }

    /** After a paused CONNECT was settled: reading goes on, held input first. Runs on this loop. */
    private void resumeInput() {
        parser.resume();
        ByteBuf held = heldInput;
        heldInput = null;
        if (held != null) {
            feed(held);
            flushReceivers();
        }
        if (!closing && !parser.isPaused()) {
            channel.config().setAutoRead(true);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (activityThisBatch) {
            activityThisBatch = false;
            lastActivity = System.nanoTime();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (channel.isWritable()) {
            releaseStalledPublishers();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closeConnection(ClosedReason.CLIENT_CLOSED);
        cleanUp();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("{} - connection error: {}", who, cause.toString());
        closeConnection(ClosedReason.READ_ERROR);
    }

    // ---- Protocol operations ------------------------------------------------------------------

    @Override
    public void onConnect(String json) {
        if (closing) {
            return;
        }
        ConnectOptions o;
        try {
            o = ConnectOptions.parse(json, opts);
        } catch (ConnectOptions.InvalidConnectException e) {
            // nats-server closes without -ERR when CONNECT does not decode.
            LOG.error("{} - {}", who, e.getMessage());
            closeConnection(ClosedReason.PROTOCOL_VIOLATION);
            return;
        }
        cancelAuthTimer();
        opts = o;
        connectInfo = o;
        connectReceived = true;
        // As nats-server's processConnect: activity, and the time since accept as a first round trip.
        lastActivity = System.nanoTime();
        rttNanos = Math.max(1, lastActivity - startNanos);
        String ncs = describe(o);
        if (!ncs.isEmpty()) {
            who = remote + " - cid:" + cid + " - " + GoQuote.quote(ncs);
        }
        echo = o.echo;
        headers = o.headers && server.options.headers();
        parser.setHeadersSupported(headers);
        Security sec = server.security();
        X509Certificate[] peer = ServerTls.peerCertificates(channel);
        if (sec.slowChecks) {
            // bcrypt takes tens of milliseconds on purpose: not on the loop that serves other clients.
            // Parsing pauses after this CONNECT and goes on once it is settled, so order is kept.
            parser.pause();
            channel.config().setAutoRead(false);
            String n = nonce;
            server.authChecks().execute(() -> {
                Security.Outcome auth = sec.authenticate(o, n, peer);
                loop.execute(() -> {
                    connectChecked(o, auth);
                    resumeInput();
                });
            });
            return;
        }
        connectChecked(o, sec.authenticate(o, nonce, peer));
    }

    /** The rest of CONNECT once authentication has decided. Runs on this connection's loop. */
    private void connectChecked(ConnectOptions o, Security.Outcome auth) {
        if (closing) {
            return;
        }
        logAuthNotes(auth);
        if (!auth.ok() || !bindAccount(auth)) {
            authViolation(auth.failure());
            return;
        }
        parser.setAwaitingAuth(false);
        applyPermissions(auth);
        connectedEvent();
        if (!o.account.isEmpty() || o.newAccount) {
            authViolation(server.security().violation(o));
            return;
        }
        if (o.protocol < 0 || o.protocol > 1) {
            errorAndClose(Errors.INVALID_CLIENT_PROTOCOL, ClosedReason.BAD_CLIENT_PROTOCOL_VERSION);
            return;
        }
        if (o.noResponders && !o.headers) {
            errorAndClose(Errors.NO_RESPONDERS_REQUIRES_HEADERS, ClosedReason.NO_RESPONDERS_REQUIRES_HEADERS);
            return;
        }
        if (o.verbose) {
            sendOk();
        }
        lastActivity = System.nanoTime();
        startFirstPingTimer();
    }

    @Override
    public boolean onOpBeforeConnect() {
        Security.Outcome auth = server.security().noAuthUser();
        if (auth == null || !bindAccount(auth)) {
            return false;
        }
        cancelAuthTimer();
        connectReceived = true;
        applyPermissions(auth);
        connectedEvent();
        return true;
    }

    private void connectedEvent() {
        SystemEvents ev = server.events;
        if (ev != null) {
            ev.clientConnected(account, eventInfo(null));
        }
    }

    /** This client as the system account's advisories describe it. This loop. */
    SystemJson.Client eventInfo(Instant stop) {
        String user = !opts.nkey.isEmpty() ? opts.nkey : !opts.user.isEmpty() ? opts.user
                : !opts.authToken.isEmpty() ? "[REDACTED]" : ""; // nats-server shows the token itself
        // As nats-server: the connect advisory has no round-trip time yet, the others do.
        return new SystemJson.Client(startTime, ip, cid, account.name, user, opts.name, opts.lang, opts.version,
                stop == null ? 0 : rttNanos, stop, "Client", "nats");
    }

    /** The account this connection is in now. Any thread. */
    ServerAccount account() {
        return account;
    }

    /** Why this connection closed; null while open. Any thread. */
    ClosedReason closedReason() {
        return closedReason;
    }

    /** Moves this client into the account (and permissions) authentication gave it. */
    private boolean bindAccount(Security.Outcome auth) {
        ServerAccount acc = server.accounts.get(auth.account());
        if (acc == null) {
            return false;
        }
        if (acc != account) {
            // Subscriptions made before (without authentication, or under an earlier CONNECT) move
            // along, with their mirrors redone for the new account's imports.
            for (Subscription s : subs.values()) {
                account.index.remove(s);
                removeShadows(s);
            }
            account.clients.decrementAndGet();
            acc.clients.incrementAndGet();
            account = acc;
            matchCache = acc.matchCache();
            for (Subscription s : subs.values()) {
                acc.index.insert(s);
                addShadows(s);
            }
            SystemEvents ev = server.events;
            if (ev != null) {
                ev.clientJoined(acc);
            }
        }
        return true;
    }

    /**
     * Takes the permissions authentication gave this client; after a reload, also drops the
     * subscriptions they no longer allow, as nats-server does. Runs on this connection's loop.
     */
    private void applyPermissions(Security.Outcome auth) {
        authUser = authUserOf(opts);
        CompiledPermissions compiled = server.security().compile(auth.permissions());
        ClientPermissions current = perms;
        if (current != null && current.compiled() == compiled) {
            return;
        }
        perms = compiled == null ? null : compiled.newClient();
        if (perms == null || subs.isEmpty()) {
            return;
        }
        for (Subscription s : new ArrayList<>(subs.values())) {
            if (!perms.canSubscribe(s.subject, s.queue)) {
                subs.remove(s.sid);
                account.index.remove(s);
                removeShadows(s);
                sendErrToSelf(Errors.subscriptionViolationOnReload(s.subject, s.sid));
                LOG.info("Removed sub {} (sid {}) for {} - not authorized", Errors.goQuote(s.subject),
                        Errors.goQuote(s.sid), authUser);
            }
        }
        flushReceivers();
    }

    /** nats-server's getAuthUser: how log lines name the client's credentials. */
    private static String authUserOf(ConnectOptions o) {
        if (!o.nkey.isEmpty()) {
            return "Nkey " + GoQuote.quote(o.nkey);
        }
        if (!o.user.isEmpty()) {
            return "User " + GoQuote.quote(o.user);
        }
        return "User \"N/A\"";
    }

    private void logAuthNotes(Security.Outcome auth) {
        if (auth.warning() != null) {
            LOG.warn("{} - {}", who, auth.warning());
        }
        for (String line : auth.debug()) {
            LOG.debug("{} - {}", who, line);
        }
    }

    /** Go's authViolation: log why, -ERR 'Authorization Violation', close. */
    private void authViolation(String log) {
        LOG.error("{} - {}", who, log == null ? "authentication error" : log);
        SystemEvents ev = server.events;
        if (ev != null) {
            ev.authenticationFailed(eventInfo(Instant.now()), inMsgs, inBytes, outMsgs(), outBytes());
        }
        errorAndClose(Errors.AUTHORIZATION_VIOLATION, ClosedReason.AUTHENTICATION_VIOLATION);
    }

    private void authTimeout() {
        authTimer = null;
        if (closing || connectReceived) {
            return;
        }
        LOG.debug("{} - {}", who, Errors.AUTHENTICATION_TIMEOUT);
        errorAndClose(Errors.AUTHENTICATION_TIMEOUT, ClosedReason.AUTHENTICATION_TIMEOUT);
        flushOutbound();
    }

    private void cancelAuthTimer() {
        if (authTimer != null) {
            authTimer.cancel(false);
            authTimer = null;
        }
    }

    @Override
    public void onPub(PubMessage m) {
        if (closing) {
            return;
        }
        activityThisBatch = true;
        inMsgs++;
        inBytes += m.totalLength;
        if (opts.pedantic && !Subjects.isValidLiteralSubject(m.line, m.subjectOffset, m.subjectLength)) {
            // nats-server reports it and still delivers the message.
            sendErrToSelf(Errors.INVALID_PUBLISH_SUBJECT);
        }
        if (startsWith(m.line, m.subjectOffset, m.subjectLength, GATEWAY_REPLY_PREFIX)) {
            publishViolation(m);
            return;
        }
        ClientPermissions p = perms;
        if (p != null && !p.canPublish(m.line, m.subjectOffset, m.subjectLength)) {
            publishViolation(m);
            return;
        }
        if (m.hasReply() && isReservedReply(m.line, m.replyOffset, m.replyLength)) {
            String reply = ascii(m.line, m.replyOffset, m.replyLength);
            sendErrToSelf(Errors.publishReplyViolation(reply));
            LOG.error("{} - Publish Violation - {}, Reply {}", who, authUser, Errors.goQuote(reply));
            return;
        }
        if (opts.verbose) {
            sendOk();
        }
        boolean delivered = route(matchCache, m, 0);
        if (!delivered && m.hasReply() && opts.noResponders) {
            sendNoResponders(m);
        }
    }

    @Override
    public void onSub(String subject, String queue, String sid) {
        if (closing) {
            return;
        }
        activityThisBatch = true;
        // nats-server's order: permissions (the "_sys_" queue is reserved), then the limit, then a
        // repeated sid (ignored), then the subject.
        ClientPermissions p = perms;
        if ((queue != null && Subjects.isReservedQueue(queue)) || (p != null && !p.canSubscribe(subject, queue))) {
            sendErrToSelf(Errors.subscriptionViolation(subject, queue));
            if (queue == null) {
                LOG.error("{} - Subscription Violation - {}, Subject {}, SID {}", who, authUser,
                        Errors.goQuote(subject), sid);
            } else {
                LOG.error("{} - Subscription Violation - {}, Subject {}, Queue: {}, SID {}", who, authUser,
                        Errors.goQuote(subject), Errors.goQuote(queue), sid);
            }
            return;
        }
        int max = server.options.maxSubscriptions();
        if (max > 0 && subs.size() >= max) {
            LOG.error("{} - maximum subscriptions exceeded", who);
            sendErrToSelf(Errors.MAX_SUBSCRIPTIONS_EXCEEDED);
            return;
        }
        if (!subs.containsKey(sid)) {
            if (!Subjects.isValidSubscribeSubject(subject)) {
                sendErrToSelf(Errors.INVALID_SUBJECT);
                return;
            }
            Subscription s = new Subscription(this, subject, queue, sid);
            subs.put(sid, s);
            account.index.insert(s);
            addShadows(s);
        }
        if (opts.verbose) {
            sendOk();
        }
    }

    @Override
    public void onUnsub(String sid, long max) {
        if (closing) {
            return;
        }
        activityThisBatch = true;
        Subscription s = subs.get(sid);
        boolean remove = false;
        if (s != null) {
            if (max > 0 && max > s.delivered()) {
                s.max(max);
            } else {
                remove = true;
            }
        }
        if (opts.verbose) {
            sendOk();
        }
        if (remove) {
            subs.remove(sid);
            account.index.remove(s);
            removeShadows(s);
            if (tracing) {
                ProtocolTrace.internal(who, "DELSUB", sid);
            }
        }
    }

    @Override
    public void onPing() {
        if (closing) {
            return;
        }
        if (tracing) {
            ProtocolTrace.out(who, "PONG");
        }
        sendToSelf(MessageEncoder.PONG);
        lastClientPing = System.nanoTime();
        if (connectReceived) {
            firstPongSent = true;
        }
    }

    @Override
    public void onPong() {
        pingsOut = 0;
        if (rttStart != 0) {
            rttNanos = Math.max(1, System.nanoTime() - rttStart);
        }
    }

    @Override
    public void onProtocolError(ProtocolError error, String detail) {
        if (closing) {
            return;
        }
        if (error == ProtocolError.AUTHORIZATION_VIOLATION) {
            // Go reports it as any failed authentication, without a parser error line.
            authViolation(server.security().violation(opts));
            return;
        }
        LOG.error("{} - Client parser ERROR: {}", who, detail);
        if (error.text != null) {
            sendErrToSelf(error.text);
        }
        if (error.closes && parser.inputAfterError() > 0) {
            // Closed with client input left unread: nats-server's socket then still holds that input
            // in the kernel, so its close resets the connection (clients see "connection reset", not
            // a clean end of stream). Do the same: RST at close, after the queued -ERR is written.
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
        }
        if (error.closes) {
            // Messages parsed before the error in this read are still delivered.
            flushReceivers();
            closeConnection(ClosedReason.PROTOCOL_VIOLATION);
        }
    }

    private void publishViolation(PubMessage m) {
        String subject = ascii(m.line, m.subjectOffset, m.subjectLength);
        sendErrToSelf(Errors.publishViolation(subject));
        LOG.error("{} - Publish Violation - {}, Subject {}", who, authUser, Errors.goQuote(subject));
    }

    /** Replies a client may not use: service-import, JetStream-ack and gateway-routed prefixes. */
    private static boolean isReservedReply(byte[] b, int off, int len) {
        // nats-server's service-reply test also takes "_R_." itself; the others need more after the prefix.
        return hasPrefix(b, off, len, SERVICE_REPLY_PREFIX) || startsWith(b, off, len, JS_ACK_PREFIX)
                || startsWith(b, off, len, GATEWAY_REPLY_PREFIX);
    }

    /** True when the region is longer than the prefix and starts with it (nats-server's test). */
    private static boolean startsWith(byte[] b, int off, int len, byte[] prefix) {
        return len > prefix.length && hasPrefix(b, off, len, prefix);
    }

    /** True when the region starts with the prefix (and may be nothing more). */
    private static boolean hasPrefix(byte[] b, int off, int len, byte[] prefix) {
        if (len < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[off + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Subject bytes as natsj keeps subjects: one char per byte. */
    private static String latin1(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }

    private static String ascii(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.UTF_8);
    }

    // ---- Delivery -----------------------------------------------------------------------------

    /**
     * Delivers a message to every plain subscription and one member of each queue group matching its
     * subject in one account; true if anyone took it. {@code depth} counts account crossings, which
     * stop at {@link #MAX_IMPORT_DEPTH} (import cycles). Runs on the publisher's loop.
     */
    private boolean route(MatchCache cache, PubMessage m, int depth) {
        MatchResult r = cache.match(m.line, m.subjectOffset, m.subjectLength);
        boolean delivered = false;
        for (Subscription s : r.plain) {
            delivered |= deliver(s, m, depth);
        }
        for (Subscription[] group : r.queues) {
            int n = group.length;
            int start = n == 1 ? 0 : ThreadLocalRandom.current().nextInt(n);
            for (int i = 0; i < n; i++) {
                if (deliver(group[(start + i) % n], m, depth)) {
                    delivered = true;
                    break;
                }
            }
        }
        return delivered;
    }

    /** Delivers to one subscription; false if it did not take the message. Runs on the publisher's loop. */
    private boolean deliver(Subscription s, PubMessage m, int depth) {
        if (s.subscriber instanceof ClientConnection receiver) {
            return deliverToClient(receiver, s, m);
        }
        return depth < MAX_IMPORT_DEPTH && crossAccounts(s, m, depth);
    }

    /** A message reached an import route: carry it into the other account. Publisher's loop. */
    private boolean crossAccounts(Subscription s, PubMessage m, int depth) {
        String subject = latin1(m.line, m.subjectOffset, m.subjectLength);
        String reply = m.hasReply() ? latin1(m.line, m.replyOffset, m.replyLength) : null;
        if (s.subscriber instanceof ImportRoutes.Shadow sh) {
            ImportRoutes.StreamImport im = sh.route();
            PubMessage moved = DerivedMessage.of(m, SubjectMapping.map(im.from(), im.to(), subject), reply);
            return deliverToClient(sh.client(), sh.original(), moved);
        }
        if (s.subscriber instanceof ImportRoutes.Service si) {
            String target = SubjectMapping.map(si.to(), si.from(), subject);
            String responseSubject = reply == null ? null : si.exporter().newResponseSubject(si.importer(), reply, si.export());
            return route(si.exporter().matchCache(), DerivedMessage.of(m, target, responseSubject), depth + 1);
        }
        if (s.subscriber instanceof ImportRoutes.Responses rs) {
            ImportRoutes.ResponseRoute back = rs.account().takeResponse(subject);
            return back != null
                    && route(back.requester().matchCache(), DerivedMessage.of(m, back.reply(), null), depth + 1);
        }
        if (s.subscriber instanceof SystemClient.Handler h) {
            h.accept(subject, reply, m, rttNanos);
            return true;
        }
        if (s.subscriber instanceof StreamIngest in) {
            in.accept(subject, reply, m, loop);
            return true;
        }
        if (s.subscriber instanceof ConsumerInbox ci) {
            ci.accept(subject, reply, m);
            return true;
        }
        return false;
    }

    /** Delivers to one client's subscription; false if it did not take the message. Publisher's loop. */
    private boolean deliverToClient(ClientConnection receiver, Subscription s, PubMessage m) {
        if (receiver == this && !echo) {
            return false;
        }
        Outbound.Result result = offer(receiver, s, m);
        if (result == null) {
            return false;
        }
        boolean taken = track(receiver, result);
        if (receiver != this && congestedReceiver == null && receiver.out.congested()) {
            congestedReceiver = receiver;
        }
        return taken;
    }

    /**
     * Appends a message to a receiver's outbound buffer unless its permissions or the subscription's
     * auto-unsubscribe limit refuse it (null then). The caller flushes. Any thread.
     */
    private static Outbound.Result offer(ClientConnection receiver, Subscription s, PubMessage m) {
        ClientPermissions rp = receiver.perms;
        if (rp != null) {
            if (rp.deliveryDenied(m.line, m.subjectOffset, m.subjectLength)) {
                return null;
            }
            if (m.hasReply() && rp.tracksReplies()) {
                rp.expectReply(m.line, m.replyOffset, m.replyLength);
            }
        }
        long max = s.max();
        long n = s.claimDelivery();
        if (max > 0 && n >= max) {
            receiver.autoUnsubscribe(s);
            if (n > max) {
                return null;
            }
        }
        if (receiver.tracing) {
            ProtocolTrace.delivery(receiver.who, m, s.sid, receiver.headers);
        }
        return receiver.out.appendMessage(m, s.sidBytes, receiver.headers);
    }

    /**
     * Delivers a message that no client published (the system client's) and has the receiver's loop
     * flush it; false if the receiver did not take it. Any thread but the receiver's own read path.
     */
    static boolean deliverFromAnyThread(ClientConnection receiver, Subscription s, PubMessage m) {
        Outbound.Result result = offer(receiver, s, m);
        if (result == null) {
            return false;
        }
        switch (result) {
            case APPENDED_FLUSH_NEEDED -> {
                receiver.loop.execute(receiver.flushTask);
                return true;
            }
            case APPENDED -> {
                return true;
            }
            case SLOW_CONSUMER -> {
                receiver.slowConsumer();
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private void sendNoResponders(PubMessage m) {
        // The reply must be one of this client's own plain subscriptions (nats-server's subForReply).
        MatchResult r = matchCache.match(m.line, m.replyOffset, m.replyLength);
        for (Subscription s : r.plain) {
            if (s.subscriber == this) {
                track(this, out.appendNoResponders(m.line, m.replyOffset, m.replyLength, s.sidBytes));
                return;
            }
        }
    }

    /** Remembers receivers to flush at the end of this batch; handles a receiver that just became slow. */
    private boolean track(ClientConnection receiver, Outbound.Result result) {
        switch (result) {
            case APPENDED_FLUSH_NEEDED -> {
                toFlush.add(receiver);
                return true;
            }
            case APPENDED -> {
                return true;
            }
            case SLOW_CONSUMER -> {
                receiver.slowConsumer();
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** Flushes every connection this batch appended to: directly when on this loop, else via its loop. */
    private void flushReceivers() {
        ArrayList<ClientConnection> list = toFlush;
        long now = list.isEmpty() ? 0 : System.nanoTime();
        for (int i = 0, n = list.size(); i < n; i++) {
            ClientConnection r = list.get(i);
            if (r != this) {
                // nats-server counts a delivery as the receiver's activity, once per flush.
                r.lastActivity = now;
            }
            if (r.loop.inEventLoop()) {
                r.flushOutbound();
            } else {
                r.loop.execute(r.flushTask);
            }
        }
        list.clear();
    }

    /** Hands what others appended to the channel. Runs on this connection's loop. */
    private void flushOutbound() {
        ByteBuf b = out.take();
        if (b == null) {
            return;
        }
        if (writesInFlight++ == 0) {
            lastWriteProgress = System.nanoTime();
        }
        channel.writeAndFlush(b).addListener(writeDone);
        if (writesInFlight > 0 && writeDeadlineTimer == null && !closing) {
            armWriteDeadline(server.options.writeDeadline().toNanos());
        }
        releaseStalledPublishers();
    }

    /** A flush reached the socket (or failed). Runs on this connection's loop. */
    private void writeCompleted() {
        writesInFlight--;
        lastWriteProgress = System.nanoTime();
        releaseStalledPublishers();
    }

    /** Resumes publishers paused for this connection once less than half of max_pending waits. */
    private void releaseStalledPublishers() {
        if (out.congested() && !out.refreshCongestion()) {
            stallGate.openAll();
        }
    }

    private void armWriteDeadline(long delayNanos) {
        writeDeadlineTimer = loop.schedule(this::writeDeadlineExpired, delayNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * nats-server cuts a client whose socket write does not complete within write_deadline; here: bytes
     * have been waiting for the socket and no write has completed for write_deadline.
     */
    private void writeDeadlineExpired() {
        writeDeadlineTimer = null;
        if (closing || writesInFlight == 0) {
            return;
        }
        long deadline = server.options.writeDeadline().toNanos();
        long idle = System.nanoTime() - lastWriteProgress;
        if (idle < deadline) {
            armWriteDeadline(deadline - idle);
            return;
        }
        ChannelOutboundBuffer queued = channel.unsafe().outboundBuffer();
        server.slowConsumerDetected();
        account.slowConsumers.increment();
        LOG.info("{} - Slow Consumer Detected: WriteDeadline of {} exceeded with {} chunks of {} total bytes.",
                who, io.natsj.config.GoDurations.format(server.options.writeDeadline()),
                queued == null ? 0 : queued.size(), queued == null ? 0 : queued.totalPendingWriteBytes());
        closeConnection(ClosedReason.SLOW_CONSUMER_WRITE_DEADLINE);
    }

    /**
     * Pauses reading from this publisher because a receiver it feeds is congested, for nats-server's
     * stall time at most; the receiver resumes it earlier when it drains. Runs on this connection's loop.
     */
    private void stall() {
        ClientConnection receiver = congestedReceiver;
        congestedReceiver = null;
        if (stallTimer != null || closing) {
            return;
        }
        channel.config().setAutoRead(false);
        stallTimer = loop.schedule(resumeTask, receiver.out.stallNanos(), TimeUnit.NANOSECONDS);
        receiver.stallGate.add(this);
        if (!receiver.out.congested()) {
            // It drained between the check and the registration.
            resume();
        }
    }

    /** Ends a stall: reading goes on. Runs on this connection's loop. */
    private void resume() {
        if (stallTimer == null) {
            return;
        }
        stallTimer.cancel(false);
        stallTimer = null;
        if (!closing) {
            channel.config().setAutoRead(true);
        }
    }

    /** Called by a receiver's {@link StallGate}. Any thread. */
    void resumeFromAnyThread() {
        if (loop.inEventLoop()) {
            resume();
        } else {
            loop.execute(resumeTask);
        }
    }

    long inMsgs() {
        return inMsgs;
    }

    // ---- Monitoring: read from the monitoring thread (or any other) without waiting for this loop ----

    /** The last CONNECT's options; null before CONNECT. */
    ConnectOptions connectInfo() {
        return connectInfo;
    }

    long lastActivityNanos() {
        return lastActivity;
    }

    long rttNanos() {
        return rttNanos;
    }

    String ip() {
        return ip;
    }

    /** A live view; iterating it while this loop changes it is safe (a concurrent map). */
    Collection<Subscription> subscriptions() {
        return subs.values();
    }

    long inBytes() {
        return inBytes;
    }

    long outMsgs() {
        return out.messagesOut();
    }

    long outBytes() {
        return out.bytesOut();
    }

    /** This connection crossed max_pending while another connection delivered to it. Any thread. */
    private void slowConsumer() {
        server.slowConsumerDetected();
        account.slowConsumers.increment();
        LOG.info("{} - Slow Consumer Detected: MaxPending of {} Exceeded", who,
                server.options.maxPending());
        closeFromAnyThread(ClosedReason.SLOW_CONSUMER_PENDING_BYTES);
    }

    /** Drops a subscription whose auto-unsubscribe limit was reached. Any thread. */
    private void autoUnsubscribe(Subscription s) {
        account.index.remove(s);
        removeShadows(s);
        if (tracing) {
            ProtocolTrace.internal(who, "DELSUB", s.sid);
        }
        if (loop.inEventLoop()) {
            subs.remove(s.sid, s);
        } else {
            loop.execute(() -> subs.remove(s.sid, s));
        }
    }

    private void sendOk() {
        if (tracing) {
            ProtocolTrace.out(who, "OK");
        }
        sendToSelf(MessageEncoder.OK);
    }

    private void sendToSelf(byte[] bytes) {
        track(this, out.appendBytes(bytes));
    }

    private void sendErrToSelf(String text) {
        if (tracing) {
            ProtocolTrace.out(who, "-ERR", text);
        }
        track(this, out.appendErr(text));
    }

    // ---- Liveness -----------------------------------------------------------------------------

    private void startFirstPingTimer() {
        cancelPingTimer();
        long interval = server.options.pingInterval().toNanos();
        long d = Math.min(interval, FIRST_PING_NANOS);
        d += ThreadLocalRandom.current().nextLong(Math.max(1, d / 5));
        pingTimer = loop.schedule(this::pingTimerFired, d, TimeUnit.NANOSECONDS);
    }

    /** nats-server's ping timer: skip when the client was recently active, unless an RTT is due. */
    private void pingTimerFired() {
        pingTimer = null;
        if (closing) {
            return;
        }
        long now = System.nanoTime();
        long interval = server.options.pingInterval().toNanos();
        boolean needRtt = rttStart == 0 || now - rttStart > RTT_INTERVAL_NANOS;
        boolean recentlyActive = now - lastActivity < interval
                || (lastClientPing != 0 && now - lastClientPing < interval);
        if (needRtt || !recentlyActive) {
            if (pingsOut + 1 > server.options.maxPingsOut()) {
                LOG.debug("{} - Stale Client Connection - Closing", who);
                errorAndClose(Errors.STALE_CONNECTION, ClosedReason.STALE_CONNECTION);
                return;
            }
            rttStart = now;
            pingsOut++;
            if (tracing) {
                ProtocolTrace.out(who, "PING");
            }
            out.appendBytes(MessageEncoder.PING);
            flushOutbound();
        }
        pingTimer = loop.schedule(this::pingTimerFired, interval, TimeUnit.NANOSECONDS);
    }

    private void cancelPingTimer() {
        if (pingTimer != null) {
            pingTimer.cancel(false);
            pingTimer = null;
        }
    }

    // ---- Closing ------------------------------------------------------------------------------

    private void errorAndClose(String text, ClosedReason reason) {
        sendErrToSelf(text);
        closeConnection(reason);
    }

    /** Lame duck mode: the INFO with "ldm":true, to clients that take asynchronous INFOs (as Go). */
    void sendLameDuckInfoFromAnyThread() {
        loop.execute(() -> {
            if (closing || opts.protocol < 1 || !firstPongSent) {
                return;
            }
            sendToSelf(server.info().forClient(cid, ip, true).getBytes(StandardCharsets.UTF_8));
            flushReceivers();
        });
    }

    /**
     * After a reload: authenticates this client again under the new settings, as nats-server does.
     * Clients that no longer get in are closed with 'Authorization Violation'; clients whose user
     * moved to another account are closed and will reconnect into it.
     */
    void reauthorizeFromAnyThread() {
        loop.execute(() -> {
            if (closing || !connectReceived) {
                return;
            }
            Security.Outcome auth = server.security().authenticate(opts, nonce, ServerTls.peerCertificates(channel));
            logAuthNotes(auth);
            if (!auth.ok()) {
                authViolation(auth.failure());
                return;
            }
            if (server.accounts.get(auth.account()) != account) {
                closeConnection(ClosedReason.CLIENT_CLOSED);
                return;
            }
            applyPermissions(auth);
        });
    }

    /** Config reload changed max_control_line, max_payload or tracing. */
    void applyOptionsFromAnyThread(NatsServerOptions o) {
        loop.execute(() -> {
            parser.setMaxControlLine(o.maxControlLine());
            parser.setMaxPayload(o.maxPayload());
            tracing = o.trace();
            parser.setTracing(o.trace());
        });
    }

    /** "v<version>:<lang>:<name>", each part only when the client sent it (nats-server's rule). */
    private static String describe(ConnectOptions o) {
        StringBuilder sb = new StringBuilder();
        if (!o.version.isEmpty()) {
            sb.append('v').append(o.version);
        }
        for (String part : new String[] {o.lang, o.name}) {
            if (!part.isEmpty()) {
                if (sb.length() > 0) {
                    sb.append(':');
                }
                sb.append(part);
            }
        }
        return sb.toString();
    }

    // ---- Tracing (only called while tracing is on) --------------------------------------------

    @Override
    public void onTraceIn(String op, byte[] arg, int length) {
        ProtocolTrace.in(who, op, arg, length);
    }

    @Override
    public void onTracePayload(ByteBuf payload, int index, int length) {
        ProtocolTrace.payload(who, payload, index, length, server.options.maxTracedMsgLen());
    }

    /** Config reload lowered max_connections below the number connected: this one goes. */
    void maxConnectionsExceededFromAnyThread() {
        loop.execute(() -> errorAndClose(Errors.MAX_CONNECTIONS_EXCEEDED, ClosedReason.MAX_CONNECTIONS_EXCEEDED));
    }

    /** Closes from any thread by running {@link #closeConnection} on this connection's loop. */
    void closeFromAnyThread(ClosedReason reason) {
        if (loop.inEventLoop()) {
            closeConnection(reason);
        } else {
            loop.execute(() -> closeConnection(reason));
        }
    }

    /**
     * Stops all processing, removes this client's interest, writes what is already queued for it (an
     * -ERR, say) and then closes the socket. Idempotent; runs on this connection's loop.
     */
    private void closeConnection(ClosedReason reason) {
        if (closing) {
            return;
        }
        closing = true;
        closedReason = reason;
        parser.stop();
        server.clientClosing(this, reason);
        stallGate.openAll();
        if (stallTimer != null) {
            stallTimer.cancel(false);
            stallTimer = null;
        }
        LOG.debug("{} - Client connection closed: {}", who, reason.text);
        // Remembered for /connz?state=closed with its final figures and subscriptions, as nats-server does.
        server.closed.add(ConnSnapshots.closed(this, reason));
        cancelPingTimer();
        cancelAuthTimer();
        if (writeDeadlineTimer != null) {
            writeDeadlineTimer.cancel(false);
            writeDeadlineTimer = null;
        }
        removeAllSubscriptions();
        // A slow consumer is not reading: bytes written to it now would never leave, and the close
        // would wait on them for ever.
        boolean slow = reason == ClosedReason.SLOW_CONSUMER_PENDING_BYTES
                || reason == ClosedReason.SLOW_CONSUMER_WRITE_DEADLINE;
        ByteBuf last = slow ? null : out.take();
        out.close();
        if (last != null && channel.isActive()) {
            channel.writeAndFlush(last).addListener(ChannelFutureListener.CLOSE);
            // A client that stopped reading for another reason gets write_deadline to take them.
            loop.schedule(() -> {
                channel.close();
            }, server.options.writeDeadline().toNanos(), TimeUnit.NANOSECONDS);
        } else {
            if (last != null) {
                last.release();
            }
            channel.close();
        }
    }

    private void removeAllSubscriptions() {
        for (Subscription s : subs.values()) {
            account.index.remove(s);
            removeShadows(s);
        }
        subs.clear();
    }

    /**
     * Mirrors a new subscription into every account this one imports streams from whose imported
     * subjects it overlaps (nats-server's shadow subscriptions). Runs on this connection's loop.
     */
    private void addShadows(Subscription s) {
        List<ImportRoutes.StreamImport> imports = account.streamImports;
        if (imports.isEmpty()) {
            return;
        }
        List<Subscription> mirrors = null;
        for (ImportRoutes.StreamImport im : imports) {
            String overlap = SubjectMapping.intersection(s.subject, im.to());
            if (overlap == null) {
                continue;
            }
            Subscription shadow = new Subscription(new ImportRoutes.Shadow(this, s, im),
                    SubjectMapping.map(im.to(), im.from(), overlap), s.queue, s.sid);
            im.exporter().index.insert(shadow);
            if (mirrors == null) {
                mirrors = new ArrayList<>(2);
            }
            mirrors.add(shadow);
        }
        if (mirrors != null) {
            shadows.put(s, mirrors);
        }
    }

    /** Drops a subscription's mirrors in other accounts. Any thread. */
    private void removeShadows(Subscription s) {
        if (shadows.isEmpty()) {
            return;
        }
        List<Subscription> mirrors = shadows.remove(s);
        if (mirrors != null) {
            for (Subscription m : mirrors) {
                ((ImportRoutes.Shadow) m.subscriber).route().exporter().index.remove(m);
            }
        }
    }

    /** Final release of resources once the channel is gone. */
    private void cleanUp() {
        server.deregister(this);
        if (heldInput != null) {
            heldInput.release();
            heldInput = null;
        }
        parser.release();
        toFlush.clear();
    }
}
