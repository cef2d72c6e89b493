package io.natsj.loadgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** What Linux's /proc tells about a process, the machine and TCP sockets. Unavailable figures are -1. */
final class ProcStats {
    /** USER_HZ: the unit of the tick counters in /proc/PID/stat and /proc/stat. */
    static final double TICKS_PER_SECOND = 100.0;

    private ProcStats() {}

    /**
     * On-CPU nanoseconds of each thread of pid (first field of /proc/PID/task/TID/schedstat): ns
     * precision, where the tick counters have 10 ms. Threads that exit between two readings take
     * their time with them, so {@link #ticks} is kept as a cross-check.
     */
    static Map<Long, Long> threadCpuNanos(long pid) {
        Map<Long, Long> result = new HashMap<>();
        if (pid <= 0) {
            return result;
        }
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                String s = read(task.resolve("schedstat"));
                if (s == null) {
                    continue;
                }
                int sp = s.indexOf(' ');
                result.put(Long.parseLong(task.getFileName().toString()), Long.parseLong(s.substring(0, sp < 0 ? s.length() : sp).trim()));
            }
        } catch (IOException | RuntimeException e) {
            result.clear();
        }
        return result;
    }

    /**
     * Waits until pid uses less than a tenth of a core over 100 ms, at most maxMillis; without a pid,
     * a fixed second.
     */
    static void awaitIdle(long pid, long maxMillis) throws InterruptedException {
        if (pid <= 0) {
            Thread.sleep(1_000);
            return;
        }
        long deadline = System.nanoTime() + maxMillis * 1_000_000L;
        while (System.nanoTime() < deadline) {
            long before = sum(threadCpuNanos(pid));
            Thread.sleep(100);
            if (sum(threadCpuNanos(pid)) - before < 10_000_000L) {
                return;
            }
        }
    }

    private static long sum(Map<Long, Long> threads) {
        return threads.values().stream().mapToLong(Long::longValue).sum();
    }

    /** utime + stime of pid, in ticks, including threads that have exited. */
    static long ticks(long pid) {
        if (pid <= 0) {
            return -1;
        }
        String s = read(Path.of("/proc", Long.toString(pid), "stat"));
        if (s == null) {
            return -1;
        }
        // The command name may hold spaces and parentheses: fields are counted after the last ')'.
        String[] f = s.substring(s.lastIndexOf(')') + 2).trim().split(" ");
        // f[0] is field 3 (state); utime and stime are fields 14 and 15.
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** Resident set size (VmRSS) of pid in KiB. */
    static long rssKiB(long pid) {
        if (pid <= 0) {
            return -1;
        }
        String s = read(Path.of("/proc", Long.toString(pid), "status"));
        if (s == null) {
            return -1;
        }
        for (String line : s.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).replace("kB", "").trim());
            }
        }
        return -1;
    }

    /**
     * Machine-wide ticks from the first line of /proc/stat: [0] task time (user+nice+system),
     * [1] interrupt time (irq+softirq: on loopback mostly this benchmark's TCP work, charged to no
     * process), [2] steal. Null when unavailable.
     */
    static long[] machineTicks() {
        String s = read(Path.of("/proc/stat"));
        if (s == null || !s.startsWith("cpu ")) {
            return null;
        }
        String[] f = s.substring(0, s.indexOf('\n')).trim().split("\\s+");
        long[] v = new long[f.length];
        for (int i = 1; i < f.length; i++) {
            v[i] = Long.parseLong(f[i]);
        }
        return new long[] {v[1] + v[2] + v[3], v[6] + v[7], v.length > 8 ? v[8] : 0};
    }

    /**
     * Whether the TCP connection between local port clientPort and the server's port is still
     * established on the server's side. A server that cuts a client closes its socket: that side
     * leaves ESTABLISHED at once (FIN_WAIT1, or gone after a reset), even when the client never
     * reads and so never sees the FIN. Looked up in /proc/net/tcp and tcp6 (both sides of a loopback
     * connection are listed there). Null when /proc/net/tcp cannot be read.
     */
    static Boolean serverSideEstablished(int serverPort, int clientPort) {
        String v4 = read(Path.of("/proc/net/tcp"));
        if (v4 == null) {
            return null;
        }
        String v6 = read(Path.of("/proc/net/tcp6"));
        String state = socketState(v4, serverPort, clientPort);
        if (state == null && v6 != null) {
            state = socketState(v6, serverPort, clientPort);
        }
        return "01".equals(state);
    }

    /** The state (two hex digits) of the socket local:localPort -> remote:remotePort, or null. */
    private static String socketState(String table, int localPort, int remotePort) {
        String local = String.format(":%04X ", localPort);
        String remote = String.format(":%04X ", remotePort);
        for (String line : table.split("\n")) {
            // "  sl  local_address rem_address   st ..." : address fields end in ":PORT".
            String[] f = line.trim().split("\\s+");
            if (f.length > 3 && (f[1] + " ").endsWith(local) && (f[2] + " ").endsWith(remote)) {
                return f[3];
            }
        }
        return null;
    }

    /**
     * A block device's counters from /proc/diskstats: {writes completed, sectors (512 B) written,
     * milliseconds with I/O in flight, flushes completed (0 on kernels without them)}, or null.
     */
    static long[] disk(String device) {
        if (device == null) {
            return null;
        }
        String all = read(Path.of("/proc/diskstats"));
        if (all == null) {
            return null;
        }
        for (String line : all.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 14 && f[2].equals(device)) {
                try {
                    return new long[] {Long.parseLong(f[7]), Long.parseLong(f[9]), Long.parseLong(f[12]),
                        f.length >= 19 ? Long.parseLong(f[18]) : 0};
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static String read(Path p) {
        try {
            return new String(Files.readAllBytes(p), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return null;
        }
    }
}
