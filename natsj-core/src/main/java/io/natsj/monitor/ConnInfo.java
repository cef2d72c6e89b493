package io.natsj.monitor;

import java.time.Instant;
import java.util.List;

/**
 * One client connection as /connz shows it (nats-server's ConnInfo plus what its filters need), a
 * snapshot taken by the {@link MonitorSource}: open connections when asked, closed ones when they
 * closed.
 *
 * @param stop null while open
 * @param reason nats-server's ClosedState text; null while open
 * @param rttNanos the last round trip measured; 0 for none yet
 * @param account the account's name ("$G" included)
 * @param user the user name the client gave in CONNECT (the user filter)
 * @param authorizedUser nats-server's raw auth user: nkey, user name or token (shown with auth)
 * @param subs the subscriptions, or null when not collected (closed connections always have them)
 */
public record ConnInfo(long cid, String ip, int port, Instant start, Instant lastActivity, Instant stop,
        String reason, long rttNanos, long pendingBytes, long inMsgs, long outMsgs, long inBytes, long outBytes,
        int numSubs, String name, String lang, String version, String tlsVersion, String tlsCipher,
        String account, String user, String authorizedUser, List<SubDetail> subs) {

    boolean closed() {
        return stop != null;
    }
}
