package io.natsj.loadgen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report: per scenario, the medians of the measured runs of each server, and natsj/Go ratios.
 * A cell marked !N had N runs that did not complete (they are left out of the median; their reasons are
 * listed after the tables); * marks a
 * cell where some run saw more than a quarter core of other load on the machine.
 */
final class Report {
    static final String NATSJ = "natsj";
    static final String GO = "go";
    private static final double OTHER_LOAD_MARK = 0.25;

    private final Map<String, List<RunResult>> byScenario = new LinkedHashMap<>();

    /** The server-side CPU figures of a run whose counted messages are msgs. */
    static void putCpu(RunResult r, CpuWindow.Usage u, long msgs) {
        if (u.serverNanos() >= 0) {
            r.put("server_ns_per_msg", u.nanosPer(msgs)).put("server_cores", u.serverCores());
        }
        r.put("client_cores", u.clientCores());
        if (u.otherCores() >= 0) {
            r.put("other_cores", u.otherCores()).put("irq_cores", u.irqCores());
        }
    }

    void add(RunResult r) {
        byScenario.computeIfAbsent(r.scenario(), k -> new ArrayList<>()).add(r);
    }

    String render() {
        StringBuilder b = new StringBuilder();
        List<String> throughput = new ArrayList<>();
        List<String> reqrep = new ArrayList<>();
        List<String> lean = new ArrayList<>();
        List<String> js = new ArrayList<>();
        for (String key : byScenario.keySet()) {
            if (key.startsWith("js-")) {
                js.add(key);
            } else if (key.startsWith("reqrep")) {
                reqrep.add(key);
            } else if (key.startsWith("idle") || key.startsWith("subs") || key.startsWith("stalled")) {
                lean.add(key);
            } else {
                throughput.add(key);
            }
        }
        if (!throughput.isEmpty()) {
            b.append(String.format(Locale.ROOT, "%-13s %13s %13s %7s   %10s %10s %7s   %-14s %-14s%n",
                    "scenario", "natsj msgs/s", "go msgs/s", "n/g", "natsj ns/m", "go ns/m", "cpu n/g",
                    "natsj cpu s/c", "go cpu s/c"));
            for (String key : throughput) {
                b.append(throughputLine(key));
            }
            b.append('\n');
        }
        if (!reqrep.isEmpty()) {
            b.append(String.format(Locale.ROOT, "%-13s %-22s %-22s %-16s %9s %9s %10s %10s %7s%n",
                    "scenario", "natsj p50/p99/p999 us", "go p50/p99/p999 us", "n/g", "natsj r/s", "go r/s",
                    "natsj ns/r", "go ns/r", "cpu n/g"));
            for (String key : reqrep) {
                b.append(reqrepLine(key));
            }
            b.append('\n');
        }
        if (!js.isEmpty()) {
            int width = Math.max(22, js.stream().mapToInt(String::length).max().orElse(0));
            b.append(String.format(Locale.ROOT, "%-" + width + "s %11s %11s %6s   %-16s %-16s %10s %10s %7s   %-11s %-11s %s%n",
                    "scenario", "natsj msg/s", "go msg/s", "n/g", "natsj p50/p99us", "go p50/p99us",
                    "natsj ns/m", "go ns/m", "cpu n/g", "natsj s/c", "go s/c", "disk n/g"));
            for (String key : js) {
                b.append(jsLine(key, width));
            }
            b.append('\n');
        }
        for (String key : lean) {
            b.append(key.startsWith("idle") ? idleLine(key) : key.startsWith("subs") ? subsLine(key) : stalledLine(key));
        }
        b.append(failures());
        return b.toString();
    }

    /** Why runs failed (the cells marked !N): per scenario and server, each distinct reason once. */
    private String failures() {
        StringBuilder b = new StringBuilder();
        for (String key : byScenario.keySet()) {
            for (String server : List.of(NATSJ, GO)) {
                List<RunResult> runs = runs(key, server);
                List<RunResult> failed = runs.stream().filter(r -> !r.ok()).toList();
                if (failed.isEmpty()) {
                    continue;
                }
                if (b.length() == 0) {
                    b.append("failed runs (!):\n");
                }
                b.append(String.format(Locale.ROOT, "  %s %s: %d of %d:%n", key, server, failed.size(), runs.size()));
                failed.stream().map(r -> r.status() + ": " + r.why()).distinct()
                        .forEach(why -> b.append("    ").append(why).append('\n'));
            }
        }
        return b.length() == 0 ? "" : b.append('\n').toString();
    }

    private String throughputLine(String key) {
        Cell nr = cell(key, NATSJ, "msgs_per_s");
        Cell gr = cell(key, GO, "msgs_per_s");
        Cell nc = cell(key, NATSJ, "server_ns_per_msg");
        Cell gc = cell(key, GO, "server_ns_per_msg");
        return String.format(Locale.ROOT, "%-13s %13s %13s %7s   %10s %10s %7s   %-14s %-14s%n", key,
                nr.text("%,.0f"), gr.text("%,.0f"), ratio(nr, gr), nc.text("%.1f"), gc.text("%.1f"), ratio(nc, gc),
                cores(key, NATSJ), cores(key, GO));
    }

    /**
     * JetStream: PubAcked (publish) or consumed (consumers) msgs/s, PubAck latency (from the write of
     * the PUB; none for consumers), server CPU, and the store disk's busy share (I/O in flight, from
     * whatever process) during the runs.
     */
    private String jsLine(String key, int width) {
        Cell nr = cell(key, NATSJ, "msgs_per_s");
        Cell gr = cell(key, GO, "msgs_per_s");
        Cell nc = cell(key, NATSJ, "server_ns_per_msg");
        Cell gc = cell(key, GO, "server_ns_per_msg");
        Cell nd = cell(key, NATSJ, "disk_util");
        Cell gd = cell(key, GO, "disk_util");
        return String.format(Locale.ROOT, "%-" + width + "s %11s %11s %6s   %-16s %-16s %10s %10s %7s   %-11s %-11s %s%n", key,
                nr.text("%,.0f"), gr.text("%,.0f"), ratio(nr, gr), latencies(key, NATSJ), latencies(key, GO),
                nc.text("%.0f"), gc.text("%.0f"), ratio(nc, gc), cores(key, NATSJ), cores(key, GO),
                nd.empty() && gd.empty() ? "-" : nd.text("%.2f") + "/" + gd.text("%.2f"));
    }

    private String latencies(String key, String server) {
        Cell p50 = cell(key, server, "p50_us");
        Cell p99 = cell(key, server, "p99_us");
        return p50.empty() && p99.empty() ? "-" : p50.text("%.0f") + "/" + p99.text("%.0f");
    }

    private String cores(String key, String server) {
        Cell s = cell(key, server, "server_cores");
        Cell c = cell(key, server, "client_cores");
        return s.empty() && c.empty() ? "-" : s.text("%.2f") + "/" + c.text("%.2f");
    }

    private String reqrepLine(String key) {
        String[] pct = {"p50_us", "p99_us", "p999_us"};
        StringBuilder n = new StringBuilder();
        StringBuilder g = new StringBuilder();
        StringBuilder ratios = new StringBuilder();
        for (String p : pct) {
            Cell nc = cell(key, NATSJ, p);
            Cell gc = cell(key, GO, p);
            n.append(n.length() == 0 ? "" : "/").append(nc.text("%.0f"));
            g.append(g.length() == 0 ? "" : "/").append(gc.text("%.0f"));
            ratios.append(ratios.length() == 0 ? "" : "/").append(ratio(nc, gc));
        }
        Cell nr = cell(key, NATSJ, "msgs_per_s");
        Cell gr = cell(key, GO, "msgs_per_s");
        Cell nc = cell(key, NATSJ, "server_ns_per_msg");
        Cell gc = cell(key, GO, "server_ns_per_msg");
        return String.format(Locale.ROOT, "%-13s %-22s %-22s %-16s %9s %9s %10s %10s %7s%n", key, n, g, ratios,
                nr.text("%,.0f"), gr.text("%,.0f"), nc.text("%.0f"), gc.text("%.0f"), ratio(nc, gc));
    }

    private String idleLine(String key) {
        StringBuilder b = new StringBuilder();
        Object conns = firstValue(key, "conns");
        b.append(String.format(Locale.ROOT, "idle: %s connections, one SUB each; server RSS held (MiB), growth per connection (KiB), setup%n", conns));
        for (String server : List.of(NATSJ, GO)) {
            if (!has(key, server)) {
                continue;
            }
            Cell rss = cell(key, server, "rss_kib");
            b.append(String.format(Locale.ROOT, "  %-6s RSS %s MiB (before %s)  +%s KiB/conn  setup %s s, %s conns/s, server %s us/conn%n",
                    server, rss.scaled(1 / 1024.0, "%.1f"), cell(key, server, "rss_before_kib").scaled(1 / 1024.0, "%.1f"),
                    cell(key, server, "rss_per_conn_kib").text("%.1f"), cell(key, server, "setup_secs").text("%.2f"),
                    cell(key, server, "conns_per_s").text("%,.0f"), cell(key, server, "server_us_per_conn").text("%.1f")));
        }
        if (has(key, NATSJ) && has(key, GO)) {
            b.append(String.format(Locale.ROOT, "  RSS natsj/go %s   growth natsj/go %s%n",
                    ratio(cell(key, NATSJ, "rss_kib"), cell(key, GO, "rss_kib")),
                    ratio(cell(key, NATSJ, "rss_per_conn_kib"), cell(key, GO, "rss_per_conn_kib"))));
        }
        return b.append('\n').toString();
    }

    private String subsLine(String key) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%s: %s subscriptions on %s connections, %s matching; publish msgs/s with them, without (%s),%n"
                + "  and with/without measured back to back in each run (median of the runs' ratios)%n",
                key, firstValue(key, "subs"), firstValue(key, "holders"), firstValue(key, "matching"),
                "0".equals(String.valueOf(firstValue(key, "matching"))) ? "no subscriptions" : "only the matching ones"));
        for (String server : List.of(NATSJ, GO)) {
            if (!has(key, server)) {
                continue;
            }
            b.append(String.format(Locale.ROOT, "  %-6s with %13s  without %13s  ratio %s   ns/msg %s / %s, ratio %s   setup %s s (%s subs/s)%n",
                    server, cell(key, server, "with_msgs_per_s").text("%,.0f"), cell(key, server, "without_msgs_per_s").text("%,.0f"),
                    cell(key, server, "ratio").text("%.2f"), cell(key, server, "with_server_ns_per_msg").text("%.1f"),
                    cell(key, server, "without_server_ns_per_msg").text("%.1f"), cell(key, server, "cpu_ratio").text("%.2f"),
                    cell(key, server, "setup_secs").text("%.2f"),
                    cell(key, server, "subs_per_s").text("%,.0f")));
        }
        if (has(key, NATSJ) && has(key, GO)) {
            b.append(String.format(Locale.ROOT, "  with subscriptions natsj/go %s%n",
                    ratio(cell(key, NATSJ, "with_msgs_per_s"), cell(key, GO, "with_msgs_per_s"))));
        }
        return b.append('\n').toString();
    }

    private String stalledLine(String key) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%s: %s fast subscribers + 1 that never reads; fast deliveries/s until the cut, baseline with the%n"
                + "  fourth one reading, over as many deliveries, and their ratio per run (median)%n",
                key, firstValue(key, "fast_subs")));
        for (String server : List.of(NATSJ, GO)) {
            if (!has(key, server)) {
                continue;
            }
            List<RunResult> runs = runs(key, server);
            long cut = runs.stream().filter(r -> Boolean.TRUE.equals(r.value("cut"))).count();
            long lost = runs.stream().mapToLong(r -> (long) Math.max(0, nz(r.get("fast_lost")) + nz(r.get("fast_out_of_order")))).sum();
            b.append(String.format(Locale.ROOT, "  %-6s until cut %11s  baseline %11s  ratio %s   cut in %d/%d runs after %s s (%s msgs published)  stalled stream: %s, eof %s  fast lost %d%n",
                    server, cell(key, server, "fast_msgs_per_s_before_cut").text("%,.0f"),
                    cell(key, server, "baseline_msgs_per_s").text("%,.0f"), cell(key, server, "ratio").text("%.2f"),
                    cut, runs.size(), cell(key, server, "cut_after_s").text("%.2f"),
                    cell(key, server, "published_before_cut").text("%,.0f"), distinct(runs, "stalled_err"),
                    distinct(runs, "stalled_eof"), lost));
        }
        return b.append('\n').toString();
    }

    private static double nz(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    private static String distinct(List<RunResult> runs, String key) {
        return String.join("|", runs.stream().map(r -> String.valueOf(r.value(key))).distinct().toList());
    }

    private boolean has(String key, String server) {
        return !runs(key, server).isEmpty();
    }

    private List<RunResult> runs(String key, String server) {
        return byScenario.getOrDefault(key, List.of()).stream().filter(r -> r.server().equals(server)).toList();
    }

    private Object firstValue(String key, String name) {
        return byScenario.get(key).stream().map(r -> r.value(name)).filter(v -> v != null).findFirst().orElse("?");
    }

    /** The median of a figure over the completed runs, with marks for failed and disturbed runs. */
    private Cell cell(String key, String server, String name) {
        List<RunResult> runs = runs(key, server);
        double[] v = runs.stream().filter(RunResult::ok).mapToDouble(r -> r.get(name)).filter(d -> !Double.isNaN(d)).sorted().toArray();
        int failed = (int) runs.stream().filter(r -> !r.ok()).count();
        boolean disturbed = runs.stream().anyMatch(r -> r.get("other_cores") > OTHER_LOAD_MARK);
        return new Cell(median(v), failed, disturbed);
    }

    static double median(double[] sorted) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double[] s = sorted.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    private static String ratio(Cell a, Cell b) {
        return Double.isNaN(a.value) || Double.isNaN(b.value) || b.value == 0 ? "-"
                : String.format(Locale.ROOT, "%.2f", a.value / b.value);
    }

    private record Cell(double value, int failed, boolean disturbed) {
        boolean empty() {
            return Double.isNaN(value);
        }

        String text(String format) {
            return scaled(1, format);
        }

        String scaled(double factor, String format) {
            String s = Double.isNaN(value) ? "-" : String.format(Locale.ROOT, format, value * factor);
            return s + (failed > 0 ? "!" + failed : "") + (disturbed ? "*" : "");
        }
    }
}
