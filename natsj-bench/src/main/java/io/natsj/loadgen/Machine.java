package io.natsj.loadgen;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The machine: what it is (for the report's first line), CPU pinning, and waiting for it to be quiet. */
final class Machine {
    private Machine() {}

    /** Online CPUs of the machine (not just those this process may run on). */
    static int cores() {
        try {
            String online = Files.readString(Path.of("/sys/devices/system/cpu/online")).trim();
            int n = 0;
            for (String range : online.split(",")) {
                String[] ends = range.split("-");
                n += ends.length == 1 ? 1 : Integer.parseInt(ends[1]) - Integer.parseInt(ends[0]) + 1;
            }
            return n;
        } catch (IOException | RuntimeException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    /** cores, CPU model, kernel and the JVM that runs this generator (and, via the PATH, natsj). */
    static String describe() {
        return "cores=" + cores() + " cpu=\"" + cpuModel() + "\" kernel=" + System.getProperty("os.version")
                + " java=\"" + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + "\"";
    }

    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** First line of a command's output (e.g. a server's version), or "?" if it fails. */
    static String firstLine(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(60, TimeUnit.SECONDS);
            int nl = out.lastIndexOf('\n');
            return out.isEmpty() ? "?" : out.substring(nl + 1).trim();
        } catch (IOException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    /**
     * Moves every thread of this JVM to the cores other than 0 (threads started later inherit it), so
     * that servers pinned to core 0 do not share theirs with the load. False if taskset failed.
     */
    static boolean pinSelfAwayFromCore0() {
        int cores = cores();
        if (cores < 2) {
            return false;
        }
        List<String> cmd = new ArrayList<>(List.of("taskset", "-a", "-p", "-c",
                cores == 2 ? "1" : "1-" + (cores - 1), Long.toString(ProcessHandle.current().pid())));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Waits until the machine is quiet: busy cores (task and interrupt time of everything) below
     * maxBusy over half a second, or maxWaitMillis passed. Other work on a small machine skews a run
     * more than anything else. Returns how long it waited (ms), negative if it gave up.
     */
    static long awaitQuiet(long maxWaitMillis, double maxBusy) throws InterruptedException {
        if (maxWaitMillis <= 0) {
            return 0;
        }
        long start = System.nanoTime();
        while (true) {
            long[] a = ProcStats.machineTicks();
            long t = System.nanoTime();
            Thread.sleep(500);
            long[] b = ProcStats.machineTicks();
            if (a == null || b == null) {
                return 0;
            }
            double secs = (System.nanoTime() - t) / 1e9;
            double busy = (b[0] + b[1] - a[0] - a[1]) / ProcStats.TICKS_PER_SECOND / secs;
            long waited = (System.nanoTime() - start) / 1_000_000L;
            if (busy < maxBusy) {
                return waited;
            }
            if (waited > maxWaitMillis) {
                return -waited;
            }
        }
    }

    /** The file system holding path, as /proc/mounts names it: "ext4 /dev/vda on /", or "?". */
    static String filesystem(Path path) {
        try {
            Path p = path.toAbsolutePath().normalize();
            String best = null;
            int bestLen = -1;
            for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
                String[] f = line.split(" ");
                if (f.length < 3) {
                    continue;
                }
                String mount = f[1].replace("\\040", " ");
                if (p.startsWith(mount) && mount.length() > bestLen) {
                    best = f[2] + " " + f[0] + " on " + mount;
                    bestLen = mount.length();
                }
            }
            return best == null ? "?" : best;
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** The block device (as /proc/diskstats names it, e.g. "vda") holding path, or null. */
    static String blockDevice(Path path) {
        String fs = filesystem(path);
        String[] f = fs.split(" ");
        if (f.length < 2 || !f[1].startsWith("/dev/")) {
            return null;
        }
        try {
            Path dev = Path.of(f[1]).toRealPath();
            String name = dev.getFileName().toString();
            return Files.exists(Path.of("/sys/class/block", name)) ? name : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
