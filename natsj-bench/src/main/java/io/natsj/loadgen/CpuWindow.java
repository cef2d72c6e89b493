package io.natsj.loadgen;

import java.util.Map;

/**
 * CPU used during a measured phase: by the server (per-thread schedstat nanoseconds, falling back to
 * the 10 ms tick counters), by this load generator, and by everything else on the machine (so a run
 * disturbed by other work can be spotted). Take one with {@link #start}, finish it with {@link #stop}.
 */
final class CpuWindow {
    private static final long SELF = ProcessHandle.current().pid();
    private final long pid;
    private final long wallStart;
    private final Map<Long, Long> serverThreads;
    private final long serverTicks;
    private final Map<Long, Long> selfThreads;
    private final long selfTicks;
    private final long[] machine;

    private CpuWindow(long pid) {
        this.pid = pid;
        this.serverThreads = ProcStats.threadCpuNanos(pid);
        this.serverTicks = ProcStats.ticks(pid);
        this.selfThreads = ProcStats.threadCpuNanos(SELF);
        this.selfTicks = ProcStats.ticks(SELF);
        this.machine = ProcStats.machineTicks();
        this.wallStart = System.nanoTime();
    }

    static CpuWindow start(Target target) {
        return new CpuWindow(target.pid());
    }

    /** Wall time of the window and the CPU figures, as of now. */
    Usage stop() {
        long wall = System.nanoTime() - wallStart;
        long serverNanos = cpuSince(ProcStats.threadCpuNanos(pid), serverThreads, ProcStats.ticks(pid), serverTicks);
        long self = Math.max(0, cpuSince(ProcStats.threadCpuNanos(SELF), selfThreads, ProcStats.ticks(SELF), selfTicks));
        long[] machineNow = ProcStats.machineTicks();
        double secs = wall / 1e9;
        double other = -1;
        double irq = -1;
        if (machine != null && machineNow != null) {
            double task = (machineNow[0] - machine[0]) / ProcStats.TICKS_PER_SECOND / secs;
            irq = (machineNow[1] - machine[1]) / ProcStats.TICKS_PER_SECOND / secs;
            other = Math.max(0, task - Math.max(0, serverNanos) / 1e9 / secs - self / 1e9 / secs);
        }
        return new Usage(wall, serverNanos, self, other, irq);
    }

    /**
     * CPU time since the first reading: the threads' schedstat nanoseconds (threads started since
     * count from zero), unless the tick counters say more by over two ticks, which means a thread
     * exited in between and took its schedstat time with it. -1 if unknown.
     */
    private static long cpuSince(Map<Long, Long> now, Map<Long, Long> start, long ticksNow, long ticksStart) {
        long nanos = -1;
        if (!now.isEmpty() && !start.isEmpty()) {
            nanos = 0;
            for (Map.Entry<Long, Long> e : now.entrySet()) {
                nanos += e.getValue() - start.getOrDefault(e.getKey(), 0L);
            }
        }
        long tickNanos = ticksNow >= 0 && ticksStart >= 0
                ? (long) ((ticksNow - ticksStart) * 1e9 / ProcStats.TICKS_PER_SECOND) : -1;
        return nanos < 0 || tickNanos > nanos + 20_000_000L ? tickNanos : nanos;
    }

    /**
     * wallNanos: length of the window; serverNanos: server CPU (-1 unknown); clientNanos: this
     * process; otherCores / irqCores: average cores used by other processes / interrupts (-1 unknown).
     */
    record Usage(long wallNanos, long serverNanos, long clientNanos, double otherCores, double irqCores) {
        double serverCores() {
            return serverNanos < 0 ? -1 : serverNanos / (double) wallNanos;
        }

        double clientCores() {
            return clientNanos / (double) wallNanos;
        }

        /** Server CPU nanoseconds per counted message (-1 unknown). */
        double nanosPer(long messages) {
            return serverNanos < 0 || messages <= 0 ? -1 : serverNanos / (double) messages;
        }
    }
}
