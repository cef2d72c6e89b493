package io.natsj.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A MonitorSource with connections and accounts a test sets up. */
final class FakeSource implements MonitorSource {
    static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    final List<ConnInfo> open = new ArrayList<>();
    final List<ConnInfo> closed = new ArrayList<>();
    final Map<String, List<SubDetail>> subs = new LinkedHashMap<>();
    final Map<String, SublistStats> stats = new LinkedHashMap<>();

    FakeSource() {
        subs.put("$G", new ArrayList<>());
        subs.put("$SYS", new ArrayList<>());
        stats.put("$G", SublistStats.ZERO);
        stats.put("$SYS", SublistStats.ZERO);
    }

    /** An open connection of $G started {@code startSec} after T0, last active {@code lastSec} after T0. */
    static ConnInfo conn(long cid, String account, String user, long inMsgs, long outMsgs, int numSubs, long startSec,
            long lastSec) {
        return new ConnInfo(cid, "127.0.0.1", 40000 + (int) cid, T0.plusSeconds(startSec), T0.plusSeconds(lastSec),
                null, null, 1_234_567, 0, inMsgs, outMsgs, inMsgs * 10, outMsgs * 10, numSubs, "c" + cid, "java",
                "2.0", "", "", account, user, user, List.of(new SubDetail(account, "s." + cid, null, "1", 0, 0, cid)));
    }

    static ConnInfo closed(ConnInfo c, long stopSec, String reason) {
        return new ConnInfo(c.cid(), c.ip(), c.port(), c.start(), c.lastActivity(), T0.plusSeconds(stopSec), reason,
                c.rttNanos(), 0, c.inMsgs(), c.outMsgs(), c.inBytes(), c.outBytes(), c.numSubs(), c.name(), c.lang(),
                c.version(), "", "", c.account(), c.user(), c.authorizedUser(), c.subs());
    }

    @Override
    public List<ConnInfo> openConnections(boolean withSubscriptions) {
        return open;
    }

    @Override
    public List<ConnInfo> closedConnections() {
        return closed;
    }

    @Override
    public List<String> accountNames() {
        return List.copyOf(subs.keySet());
    }

    @Override
    public SublistStats sublistStats(String account) {
        return stats.get(account);
    }

    @Override
    public List<SubDetail> subscriptions(String account) {
        return subs.getOrDefault(account, List.of());
    }

    @Override
    public AccountInfo account(String name) {
        return subs.containsKey(name)
                ? new AccountInfo(name, T0, name.equals("$SYS"), 0, 0, 0, List.of(), List.of(), stats.get(name), false)
                : null;
    }

    @Override
    public AccountStat accountStat(String name) {
        return subs.containsKey(name) ? new AccountStat(name, name.equals("$G") ? 1 : 0, 0, 1, 2, 3, 4, 0) : null;
    }

    @Override
    public String serverId() {
        return "NFAKE";
    }

    @Override
    public String serverName() {
        return "fake";
    }

    @Override
    public String version() {
        return "2.9.10";
    }

    @Override
    public int proto() {
        return 1;
    }

    @Override
    public String runtimeVersion() {
        return "test";
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return 4222;
    }

    @Override
    public boolean authRequired() {
        return false;
    }

    @Override
    public boolean tlsRequired() {
        return false;
    }

    @Override
    public boolean tlsVerify() {
        return false;
    }

    @Override
    public int maxConnections() {
        return 65536;
    }

    @Override
    public int maxSubscriptions() {
        return 0;
    }

    @Override
    public Duration pingInterval() {
        return Duration.ofMinutes(2);
    }

    @Override
    public int maxPingsOut() {
        return 2;
    }

    @Override
    public String httpHost() {
        return "127.0.0.1";
    }

    @Override
    public int httpPort() {
        return 8222;
    }

    @Override
    public String httpBasePath() {
        return "";
    }

    @Override
    public int httpsPort() {
        return 0;
    }

    @Override
    public Duration authTimeout() {
        return Duration.ofSeconds(2);
    }

    @Override
    public int maxControlLine() {
        return 4096;
    }

    @Override
    public int maxPayload() {
        return 1 << 20;
    }

    @Override
    public long maxPending() {
        return 64 << 20;
    }

    @Override
    public Duration tlsTimeout() {
        return Duration.ofSeconds(2);
    }

    @Override
    public Duration writeDeadline() {
        return Duration.ofSeconds(10);
    }

    @Override
    public Instant startTime() {
        return T0;
    }

    @Override
    public Instant configLoadTime() {
        return T0;
    }

    @Override
    public int connections() {
        return open.size();
    }

    @Override
    public long totalConnections() {
        return open.size() + closed.size();
    }

    @Override
    public long inMsgs() {
        return 0;
    }

    @Override
    public long outMsgs() {
        return 0;
    }

    @Override
    public long inBytes() {
        return 0;
    }

    @Override
    public long outBytes() {
        return 0;
    }

    @Override
    public long slowConsumers() {
        return 0;
    }

    @Override
    public long subscriptions() {
        return 0;
    }

    @Override
    public List<String> tags() {
        return List.of();
    }

    @Override
    public String systemAccount() {
        return "$SYS";
    }

    @Override
    public int eventLoops() {
        return 1;
    }
}
