package io.natsj.monitor;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's memory and CPU as nats-server reports them ("mem", "cpu"). */
final class ProcessUsage {
    private ProcessUsage() {
    }

    /** The resident set size, as nats-server's "mem"; the JVM's heap in use where /proc is missing. */
    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    String kb = line.substring(6).trim().split("\\s+")[0];
                    return Long.parseLong(kb) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: fall through.
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    /** Per-core CPU percent (100 is one core busy), as nats-server's "cpu"; rounded to 0.1. */
    static double cpuPercent(int cores) {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            double load = os.getProcessCpuLoad();
            if (load >= 0) {
                return Math.round(load * cores * 1000) / 10.0;
            }
        }
        return 0;
    }
}
