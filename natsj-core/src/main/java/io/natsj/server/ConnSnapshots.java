package io.natsj.server;

import io.natsj.monitor.ConnInfo;
import io.natsj.monitor.SubDetail;
import io.natsj.protocol.ConnectOptions;
import io.natsj.routing.Subscription;
import io.natsj.tls.GoTlsNames;
import io.netty.handler.ssl.SslHandler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSession;

/**
 * A connection's figures as /connz shows them, read from any thread.
 *
 * <p>Why reads rather than a task on each connection's loop: every figure is either immutable, a
 * volatile the loop writes at most once per read (last activity, round trip, CONNECT options,
 * account), a plain counter the loop owns (in_msgs: a monitoring figure, as ARCHITECTURE describes),
 * a count taken under the {@link Outbound} lock publishers already take, or the concurrent sid map. So
 * the message path pays nothing, and a monitoring request, or a system-account request served on an
 * event loop, never waits for a busy loop or for another loop that waits in turn.
 */
final class ConnSnapshots {
    private ConnSnapshots() {
    }

    /** An open connection now; its subscriptions only when asked for. */
    static ConnInfo open(ClientConnection c, boolean withSubs) {
        return of(c, withSubs, null, null);
    }

    /**
     * A connection closing now, with its subscriptions (taken before they are removed) and what is
     * still pending for it (an -ERR about to be written, say). nats-server takes the same snapshot on
     * a goroutine that races with its final flush, so it shows either that or nothing.
     */
    static ConnInfo closed(ClientConnection c, ClosedReason reason) {
        return of(c, true, Instant.now(), reason.text);
    }

    private static ConnInfo of(ClientConnection c, boolean withSubs, Instant stop, String reason) {
        ConnectOptions o = c.connectInfo();
        ServerAccount acc = c.account();
        String accName = acc == null ? io.natsj.auth.Account.GLOBAL : acc.name;
        List<SubDetail> subs = null;
        int numSubs = 0;
        if (withSubs) {
            subs = new ArrayList<>();
            for (Subscription s : c.subscriptions()) {
                subs.add(detail(accName, s, c.cid));
            }
            numSubs = subs.size();
        } else {
            numSubs = c.subscriptions().size();
        }
        String[] tls = tls(c);
        return new ConnInfo(c.cid, c.ip(), c.remotePort, c.startTime, wallClock(c, c.lastActivityNanos()), stop, reason,
                c.rttNanos(), c.out.pendingBytes(), c.inMsgs(), c.outMsgs(), c.inBytes(), c.outBytes(), numSubs,
                o == null ? "" : o.name, o == null ? "" : o.lang, o == null ? "" : o.version, tls[0], tls[1], accName,
                o == null ? "" : o.user, o == null ? "" : rawAuthUser(o), subs);
    }

    static SubDetail detail(String account, Subscription s, long cid) {
        return new SubDetail(account, s.subject, s.queue, s.sid, s.delivered(), s.max(), cid);
    }

    /** A nanoTime reading of this connection as a wall-clock time, from its start. */
    private static Instant wallClock(ClientConnection c, long nanos) {
        return c.startTime.plusNanos(nanos - c.startNanos);
    }

    /** nats-server's getRawAuthUser: the nkey, user name or token the client authenticated with. */
    private static String rawAuthUser(ConnectOptions o) {
        if (!o.nkey.isEmpty()) {
            return o.nkey;
        }
        if (!o.user.isEmpty()) {
            return o.user;
        }
        return o.authToken;
    }

    /** {version, cipher} in Go's names once the TLS handshake has completed; empty strings otherwise. */
    private static String[] tls(ClientConnection c) {
        SslHandler h = c.channel.pipeline().get(SslHandler.class);
        if (h == null || !h.handshakeFuture().isSuccess()) {
            return new String[] {"", ""};
        }
        SSLSession session = h.engine().getSession();
        return new String[] {GoTlsNames.goVersion(session.getProtocol()), GoTlsNames.goCipher(session.getCipherSuite())};
    }
}
