package io.natsj.loadgen;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/** The command line of {@link BenchMain}. */
final class BenchOptions {
    static final String USAGE = """
            usage: scripts/bench [options]

              --natsj SPEC      natsj: a command line with {port} (started here, stopped at the end),
                                a server URL (nats://host:port, already running), or off
                                (default: "<repo>/bin/natsj -a 127.0.0.1 -p {port}")
              --go SPEC         the Go nats-server, likewise (default: "nats-server -a 127.0.0.1 -p {port}"
                                when nats-server is on the PATH, else off)
              --repeats N       measured runs per scenario and server, alternated (default 3)
              --scale F         multiply every message count by F (default 1; 0.1 for a quick look)
              --only REGEX      only scenarios whose "name size" matches (e.g. 'pubsub|reqrep', ' 16$',
                                'idle|subs|stalled')
              --pin on|off      on: servers on core 0 (taskset), this generator on the other cores
                                (default on with 2 or more cores)
              --no-warmup       skip the unmeasured warm-up pass (keep it for a JVM server)
              --timeout S       bound of one measured run, seconds (default 60)
              --idle-wait S     before each run wait up to S seconds for the machine to be quiet
                                (default 30; 0 = never)
              --idle-busy C     cores busy that still count as quiet (default 0.15)
              --conns N         idle scenario: connections (default 10000)
              --subs N          subs scenarios: subscriptions (default 100000)
              --sub-conns N     subs scenarios: connections holding them (default 1000)
              --js-window N     js-pub-async: unanswered publishes per publisher (default 256)
              --js-pubs N       js-pub-async: publishers, each its own connection (default 1)
              --js-batch N      js-consume-pull-explicit-file: messages asked for and not yet delivered,
                                at most (default 500; the next request goes out at half of it)
              --js-store DIR    js scenarios: where each server's fresh store directory is made
                                (default: under --out); its disk is what file streams measure
              --out DIR         raw results, report and server logs (default /tmp/natsj-bench-DATE)

            Scenarios ("name size"): pub, pubsub, fanout, fanin, queue (16 and 1024; pubsub also 65536),
            reqrep (16, 1024), idle, subs-none 16, subs-some 16, stalled 16 and 1024, and JetStream:
            js-pub-sync-file, js-pub-sync-mem, js-pub-async-file, js-pub-async-mem, and the consumers
            js-consume-ordered-push-file, js-consume-pull-explicit-file (16, 1024; --only js, --only js-pub,
            --only js-consume).
            See BENCHMARKS.md.
            """;

    String natsj;
    String go;
    int repeats = 3;
    double scale = 1;
    Pattern only;
    boolean pin = Runtime.getRuntime().availableProcessors() >= 2;
    boolean warmup = true;
    long timeoutMillis = 60_000;
    long idleWaitMillis = 30_000;
    double idleBusy = 0.15;
    int conns = 10_000;
    int subs = 100_000;
    int subConns = 1_000;
    int jsWindow = 256;
    int jsPubs = 1;
    int jsBatch = 500;
    Path jsStore;
    Path out;

    static BenchOptions parse(String[] args, Path repoRoot) {
        BenchOptions o = new BenchOptions();
        o.natsj = repoRoot.resolve("bin/natsj") + " -a 127.0.0.1 -p {port}";
        o.go = Machine.onPath("nats-server") ? "nats-server -a 127.0.0.1 -p {port}" : "off";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--natsj" -> o.natsj = value(args, ++i, a);
                case "--go" -> o.go = value(args, ++i, a);
                case "--repeats" -> o.repeats = Integer.parseInt(value(args, ++i, a));
                case "--scale" -> o.scale = Double.parseDouble(value(args, ++i, a));
                case "--only" -> o.only = Pattern.compile(value(args, ++i, a));
                case "--pin" -> o.pin = switch (value(args, ++i, a)) {
                    case "on" -> true;
                    case "off" -> false;
                    default -> throw new IllegalArgumentException("--pin on|off");
                };
                case "--no-warmup" -> o.warmup = false;
                case "--timeout" -> o.timeoutMillis = Math.round(Double.parseDouble(value(args, ++i, a)) * 1000);
                case "--idle-wait" -> o.idleWaitMillis = Math.round(Double.parseDouble(value(args, ++i, a)) * 1000);
                case "--idle-busy" -> o.idleBusy = Double.parseDouble(value(args, ++i, a));
                case "--conns" -> o.conns = Integer.parseInt(value(args, ++i, a));
                case "--subs" -> o.subs = Integer.parseInt(value(args, ++i, a));
                case "--sub-conns" -> o.subConns = Integer.parseInt(value(args, ++i, a));
                case "--js-window" -> o.jsWindow = Integer.parseInt(value(args, ++i, a));
                case "--js-pubs" -> o.jsPubs = Integer.parseInt(value(args, ++i, a));
                case "--js-batch" -> o.jsBatch = Integer.parseInt(value(args, ++i, a));
                case "--js-store" -> o.jsStore = Path.of(value(args, ++i, a));
                case "--out" -> o.out = Path.of(value(args, ++i, a));
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (o.repeats < 1 || o.scale <= 0 || o.subConns < 1 || o.subs < o.subConns) {
            throw new IllegalArgumentException("--repeats and --scale must be positive, --subs at least --sub-conns");
        }
        if (o.jsWindow < 1 || o.jsPubs < 1) {
            throw new IllegalArgumentException("--js-window and --js-pubs must be positive");
        }
        if (o.jsBatch < 2) {
            throw new IllegalArgumentException("--js-batch must be at least 2");
        }
        if (o.out == null) {
            o.out = Path.of(System.getProperty("java.io.tmpdir"),
                    "natsj-bench-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        }
        return o;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    boolean selected(Scenario s) {
        return only == null || only.matcher(s.key()).find();
    }
}
