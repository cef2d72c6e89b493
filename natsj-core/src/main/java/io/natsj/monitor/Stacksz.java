package io.natsj.monitor;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;

/**
 * /stacksz: nats-server dumps its goroutines' stacks as text; natsj dumps the JVM's threads, in the
 * layout of jstack. Taken without any of natsj's locks, so that it works when something is stuck.
 */
final class Stacksz {
    private Stacksz() {
    }

    static String render() {
        StringBuilder sb = new StringBuilder(16 * 1024);
        for (ThreadInfo t : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            sb.append('"').append(t.getThreadName()).append("\" #").append(t.getThreadId());
            if (t.isDaemon()) {
                sb.append(" daemon");
            }
            sb.append(" prio=").append(t.getPriority()).append(' ').append(t.getThreadState());
            if (t.getLockName() != null) {
                sb.append(" on ").append(t.getLockName());
            }
            if (t.getLockOwnerName() != null) {
                sb.append(" owned by \"").append(t.getLockOwnerName()).append('"');
            }
            sb.append('\n');
            for (StackTraceElement e : t.getStackTrace()) {
                sb.append("\tat ").append(e).append('\n');
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
