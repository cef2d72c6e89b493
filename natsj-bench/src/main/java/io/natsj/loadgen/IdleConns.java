package io.natsj.loadgen;

import java.util.List;

/**
 * Many idle clients, each with one subscription to a subject of its own: opened in batches (each
 * connection's PING answered before the batch counts as done), then left idle for a moment, and the
 * server's resident memory read from /proc. Needs a freshly started server, so the figure is not
 * the high-water mark of earlier scenarios.
 */
final class IdleConns implements Scenario {
    private static final int BATCH = 500;

    private final int conns;
    private final long settleMillis;

    IdleConns(int conns, long settleMillis) {
        this.conns = conns;
        this.settleMillis = settleMillis;
    }

    @Override
    public String key() {
        return "idle";
    }

    @Override
    public boolean freshServer() {
        return true;
    }

    @Override
    public RunResult run(Target target, double factor, long timeoutMillis) throws Exception {
        RunResult r = new RunResult(key(), target.name()).put("conns", conns);
        long rssBefore = ProcStats.rssKiB(target.pid());
        String prefix = Scenario.freshSubject("idle");
        try (ConnectionPool pool = new ConnectionPool()) {
            CpuWindow cpu = CpuWindow.start(target);
            long t0 = System.nanoTime();
            pool.open(target, conns, BATCH, i -> List.of(prefix + "." + i), timeoutMillis);
            double setupSecs = (System.nanoTime() - t0) / 1e9;
            CpuWindow.Usage usage = cpu.stop();
            // Whatever the server does once after a client arrives (its first PING comes ~2 s later) is
            // part of holding it: measure after a pause, not straight after the last PONG.
            Thread.sleep(settleMillis);
            long rss = ProcStats.rssKiB(target.pid());
            r.put("setup_secs", setupSecs).put("conns_per_s", conns / setupSecs)
                    .put("rss_before_kib", rssBefore).put("rss_kib", rss);
            if (rss > 0 && rssBefore > 0) {
                r.put("rss_per_conn_kib", (rss - rssBefore) / (double) conns);
            }
            if (usage.serverNanos() >= 0) {
                r.put("server_us_per_conn", usage.serverNanos() / 1e3 / conns);
            }
            if (pool.closedByServer() > 0) {
                r.fail("error", pool.closedByServer() + " connections closed by the server");
            }
            if (pool.firstError() != null) {
                r.fail("error", "-ERR " + pool.firstError());
            }
        }
        return r;
    }
}
