package io.natsj.loadgen;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The whole benchmark: the scenario table, the servers, the warm-up pass, the measured runs
 * alternated between the servers (go,natsj / natsj,go / ...), the raw file and the report.
 */
final class Suite {
    private static final double WARMUP_SCALE = 0.1;
    private static final int MAX_WARMUP_ROUNDS = 12;
    private static final long WARMUP_SECONDS = 5;
    private final BenchOptions o;
    private final Map<String, String> specs = new LinkedHashMap<>();
    private final Report report = new Report();
    /** Servers started and JetStream store directories made, for the shutdown hook (an interrupted run). */
    private final List<ServerProcess> live = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Path> liveStores = new java.util.concurrent.CopyOnWriteArrayList<>();
    private PrintWriter raw;

    Suite(BenchOptions o) {
        this.o = o;
        if (!"off".equals(o.go)) {
            specs.put(Report.GO, o.go);
        }
        if (!"off".equals(o.natsj)) {
            specs.put(Report.NATSJ, o.natsj);
        }
    }

    /** Message counts at --scale 1: each run takes a few seconds against the Go server on 2 cores. */
    static List<Scenario> scenarios(BenchOptions o) {
        List<Scenario> s = new ArrayList<>();
        s.add(new Throughput("pub", 1, 0, false, 16, 8_000_000));
        s.add(new Throughput("pub", 1, 0, false, 1024, 3_000_000));
        s.add(new Throughput("pubsub", 1, 1, false, 16, 3_000_000));
        s.add(new Throughput("pubsub", 1, 1, false, 1024, 1_000_000));
        s.add(new Throughput("pubsub", 1, 1, false, 65536, 15_000));
        s.add(new Throughput("fanout", 1, 4, false, 16, 1_000_000));
        s.add(new Throughput("fanout", 1, 4, false, 1024, 400_000));
        s.add(new Throughput("fanin", 4, 1, false, 16, 3_000_000));
        s.add(new Throughput("fanin", 4, 1, false, 1024, 500_000));
        s.add(new Throughput("queue", 1, 4, true, 16, 2_000_000));
        s.add(new Throughput("queue", 1, 4, true, 1024, 800_000));
        s.add(new ReqRep(16, 20_000, 1_000));
        s.add(new ReqRep(1024, 20_000, 1_000));
        s.add(new IdleConns(o.conns, 2_000));
        s.add(new ManySubs(false, o.subConns, o.subs, 16, 8_000_000));
        s.add(new ManySubs(true, o.subConns, o.subs, 16, 2_000_000));
        s.add(new Stalled(16, 3_000_000));
        s.add(new Stalled(1024, 300_000));
        String disk = Machine.blockDevice(o.jsStore != null ? o.jsStore : o.out);
        // JetStream. About 3-5 s a run on the 2-core test machine; the sync file counts are small
        // because natsj's file stream fsyncs before each PubAck (about 1,000 a second there).
        s.add(new JsPublish(false, "file", 16, 5_000, 1, 1, disk));
        s.add(new JsPublish(false, "file", 1024, 5_000, 1, 1, disk));
        s.add(new JsPublish(false, "memory", 16, 25_000, 1, 1, disk));
        s.add(new JsPublish(false, "memory", 1024, 25_000, 1, 1, disk));
        s.add(new JsPublish(true, "file", 16, 600_000, o.jsWindow, o.jsPubs, disk));
        s.add(new JsPublish(true, "file", 1024, 400_000, o.jsWindow, o.jsPubs, disk));
        s.add(new JsPublish(true, "memory", 16, 600_000, o.jsWindow, o.jsPubs, disk));
        s.add(new JsPublish(true, "memory", 1024, 600_000, o.jsWindow, o.jsPubs, disk));
        // Consumers of a file stream filled beforehand (the fill is not measured but takes time: the
        // counts are smaller than the reads alone would allow).
        s.add(new JsConsume(false, 16, 1_000_000, o.jsBatch, disk));
        s.add(new JsConsume(false, 1024, 500_000, o.jsBatch, disk));
        s.add(new JsConsume(true, 16, 400_000, o.jsBatch, disk));
        s.add(new JsConsume(true, 1024, 300_000, o.jsBatch, disk));
        return s;
    }

    /** Runs everything; returns the number of runs that did not complete. */
    int run() throws Exception {
        Files.createDirectories(o.out);
        // Stopped with a signal (Ctrl-C), stop the servers too and remove the stores.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            live.forEach(ServerProcess::close);
            liveStores.forEach(Suite::deleteTree);
        }, "stop-servers"));
        raw = new PrintWriter(Files.newBufferedWriter(o.out.resolve("raw.txt"), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING), true);
        boolean pinned = o.pin && Machine.pinSelfAwayFromCore0();
        List<Scenario> chosen = scenarios(o).stream().filter(o::selected).toList();
        header(pinned, chosen.stream().anyMatch(Scenario::jetStream));
        int failed = 0;
        try {
            for (Scenario s : chosen) {
                if (s.freshServer()) {
                    failed += measureOnFreshServers(s, pinned);
                }
            }
            List<Scenario> shared = chosen.stream().filter(s -> !s.freshServer() && !s.jetStream()).toList();
            if (!shared.isEmpty()) {
                failed += measureOnSharedServers(shared, pinned, false);
            }
            List<Scenario> js = chosen.stream().filter(s -> !s.freshServer() && s.jetStream()).toList();
            if (!js.isEmpty()) {
                failed += measureOnSharedServers(js, pinned, true);
            }
        } finally {
            String text = report.render();
            Files.writeString(o.out.resolve("report.txt"), text);
            System.out.println();
            System.out.print(text);
            System.out.println("raw runs and server logs: " + o.out);
            raw.close();
        }
        return failed;
    }

    private void header(boolean pinned, boolean jetStream) {
        List<String> lines = new ArrayList<>();
        lines.add("# natsj-bench " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + Machine.describe());
        for (Map.Entry<String, String> e : specs.entrySet()) {
            lines.add("# " + e.getKey() + ": " + e.getValue() + " (" + version(e.getValue()) + ")");
        }
        if (!specs.containsKey(Report.GO)) {
            lines.add("# go: no nats-server on the PATH (or --go off): natsj alone, no ratios");
        }
        lines.add(String.format(Locale.ROOT, "# pin=%s repeats=%d scale=%s only=%s warmup=%s timeout=%ds idle_wait=%ds",
                pinned ? "on" : "off", o.repeats, o.scale, o.only == null ? "-" : "'" + o.only + "'", o.warmup ? "on" : "off",
                o.timeoutMillis / 1000, o.idleWaitMillis / 1000));
        if (o.pin && !pinned) {
            lines.add("# (pinning asked for but not possible: fewer than 2 cores or no taskset)");
        }
        if (jetStream) {
            Path store = o.jsStore != null ? o.jsStore : o.out;
            lines.add("# js: servers started with -js -sd <a fresh directory under " + store + "> ("
                    + Machine.filesystem(store) + "); each run publishes into a stream of its own, deleted after it");
            lines.add("# js: natsj at its default: a file stream's PubAck waits for an fsync covering the message (group"
                    + " commit); go at its default: no fsync before the PubAck (nats-server 2.9.10 fsyncs every 60 s)");
            lines.add(String.format(Locale.ROOT, "# js: async window=%d publishers=%d; consumers: pull batch=%d, the stream"
                    + " filled beforehand (not measured)", o.jsWindow, o.jsPubs, o.jsBatch));
        }
        for (String l : lines) {
            System.out.println(l);
            raw.println(l);
        }
    }

    private static String version(String spec) {
        if (ServerProcess.isUrl(spec)) {
            return "running at " + spec;
        }
        String program = spec.trim().split("\\s+")[0];
        return Machine.firstLine(List.of(program, "--version"));
    }

    private int measureOnFreshServers(Scenario s, boolean pinned) throws Exception {
        int failed = 0;
        for (int rep = 1; rep <= o.repeats; rep++) {
            for (String name : order(rep)) {
                awaitQuiet();
                try (ServerProcess server = start(name, pinned, null)) {
                    failed += record(s, server.target(), "measure", rep, 1, pinned).ok() ? 0 : 1;
                } finally {
                    live.removeIf(p -> p.target().name().equals(name));
                }
            }
        }
        return failed;
    }

    /**
     * The scenarios on one server of each kind, started for them; with jetStream, each server gets
     * -js and a store directory of its own, made here and removed when the server has stopped.
     */
    private int measureOnSharedServers(List<Scenario> chosen, boolean pinned, boolean jetStream) throws Exception {
        Map<String, ServerProcess> servers = new LinkedHashMap<>();
        List<Path> stores = new ArrayList<>();
        int failed = 0;
        try {
            for (String name : specs.keySet()) {
                if (jetStream) {
                    Path store = Files.createTempDirectory(Files.createDirectories(o.jsStore != null ? o.jsStore : o.out),
                            name + "-js-");
                    stores.add(store);
                    liveStores.add(store);
                    servers.put(name, start(name, pinned, store));
                } else {
                    servers.put(name, start(name, pinned, null));
                }
            }
            if (o.warmup) {
                log("warm-up (not counted): rounds of each scenario until the server's CPU per message settles");
                for (Scenario s : chosen) {
                    for (String name : specs.keySet()) {
                        warmUp(s, servers.get(name).target(), pinned);
                    }
                }
            }
            log("measuring, " + o.repeats + " repeats");
            for (Scenario s : chosen) {
                for (int rep = 1; rep <= o.repeats; rep++) {
                    for (String name : order(rep)) {
                        awaitQuiet();
                        failed += record(s, servers.get(name).target(), "measure", rep, 1, pinned).ok() ? 0 : 1;
                    }
                }
            }
        } finally {
            servers.values().forEach(ServerProcess::close);
            live.removeAll(servers.values());
            stores.forEach(Suite::deleteTree);
            liveStores.removeAll(stores);
        }
        return failed;
    }

    private static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log("could not remove " + dir + ": " + e);
        }
    }

    /**
     * Runs the scenario for at least {@value #WARMUP_SECONDS} s and until the server's CPU per message
     * stops improving (a round no better than nine tenths of the best before it), at most
     * {@value #MAX_WARMUP_ROUNDS} rounds, each as large as a measured run and at least a tenth of the
     * full counts. A JIT needs an amount of work, not a share of the measured size, and settles in
     * steps: natsj pinned to one core took about 1.3 million pubsub 1 KiB messages (4 s) to go from 5.5
     * to 0.85-1.1 us of CPU per message, resting at 2.2 on the way; the Go server settles at once. The
     * figure itself is bimodal in some scenarios (how deliveries batch up), so "two rounds agree" is no
     * test of having settled. A round that fails ends the warm-up.
     */
    private void warmUp(Scenario s, Target target, boolean pinned) {
        String metric = s.warmupMetric();
        double factor = Math.max(1, WARMUP_SCALE / o.scale);
        long start = System.nanoTime();
        double best = Double.POSITIVE_INFINITY;
        for (int round = 1; round <= MAX_WARMUP_ROUNDS; round++) {
            RunResult r = record(s, target, "warmup", round, factor, pinned);
            if (!r.ok()) {
                return; // it would fail again: the measured runs will say why
            }
            double v = metric == null ? Double.NaN : r.get(metric);
            boolean longEnough = System.nanoTime() - start >= WARMUP_SECONDS * 1_000_000_000L;
            if (Double.isNaN(v) || longEnough && v > best * 0.9) {
                return;
            }
            best = Math.min(best, v);
        }
    }

    /** Odd repeats go first, even ones natsj first, so neither always runs on the warmer machine. */
    private List<String> order(int rep) {
        List<String> names = new ArrayList<>(specs.keySet());
        if (rep % 2 == 0) {
            Collections.reverse(names);
        }
        return names;
    }

    /** Starts (or attaches to) a server; with a store directory, JetStream on (-js -sd dir) unless it runs already. */
    private ServerProcess start(String name, boolean pinned, Path jsStore) throws IOException {
        String spec = specs.get(name);
        if (jsStore != null && !ServerProcess.isUrl(spec)) {
            spec = spec + " -js -sd " + jsStore;
        }
        ServerProcess p = ServerProcess.start(name, spec, pinned, o.out.resolve(name + "-server.log"));
        live.add(p);
        log("started " + p.target());
        return p;
    }

    /** One run, written to the raw file and, if measured, to the report. */
    private RunResult record(Scenario s, Target target, String phase, int rep, double factor, boolean pinned) {
        RunResult r;
        try {
            r = s.run(target, o.scale * factor, o.timeoutMillis);
        } catch (Exception e) {
            r = new RunResult(s.key(), target.name()).fail("error", e.toString());
        }
        raw.println(r.rawLine("phase=" + phase + " rep=" + rep + " pin=" + (pinned ? "on" : "off")));
        if (phase.equals("measure")) {
            report.add(r);
        }
        System.err.printf(Locale.ROOT, "  %-7s %-5s %-14s r%d %-10s %s%n", phase, target.name(), s.key(), rep, r.status(),
                summary(r));
        return r;
    }

    private static String summary(RunResult r) {
        StringBuilder b = new StringBuilder();
        for (String k : List.of("msgs_per_s", "p50_us", "p99_us", "rss_kib", "with_msgs_per_s", "without_msgs_per_s",
                "ratio", "cut_after_s", "server_ns_per_msg", "server_cores", "client_cores", "other_cores", "disk_util")) {
            double v = r.get(k);
            if (!Double.isNaN(v)) {
                b.append(k).append('=').append(String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.2f", v)).append(' ');
            }
        }
        if (r.why() != null) {
            b.append("(").append(r.why()).append(")");
        }
        return b.toString();
    }

    private void awaitQuiet() throws InterruptedException {
        long waited = Machine.awaitQuiet(o.idleWaitMillis, o.idleBusy);
        if (waited < 0) {
            log("machine still busy after " + (-waited / 1000) + " s; running anyway");
        } else if (waited >= 2000) {
            log("waited " + waited / 1000 + " s for the machine to be quiet");
        }
    }

    private static void log(String s) {
        System.err.println("natsj-bench: " + s);
    }
}
