package io.natsj.loadgen;

import java.nio.file.Path;

/**
 * The end-to-end benchmark (scripts/bench): natsj and, when installed, the Go nats-server under the
 * same load from this generator, which speaks the raw NATS protocol. See BENCHMARKS.md.
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        for (String a : args) {
            if (a.equals("-h") || a.equals("--help")) {
                System.out.print(BenchOptions.USAGE);
                return;
            }
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args, Path.of(System.getProperty("natsj.home", ".")).toAbsolutePath().normalize());
        } catch (IllegalArgumentException e) {
            System.err.println("natsj-bench: " + e.getMessage());
            System.err.print(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        int failed = new Suite(options).run();
        System.exit(failed == 0 ? 0 : 1);
    }
}
