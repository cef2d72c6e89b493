package io.natsj.jetstream;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The machine figures nats-server sizes JetStream's default limits by. */
final class SystemResources {
    /** nats-server's JetStreamMaxMemDefault: when the machine's memory cannot be read. */
    private static final long MAX_MEMORY_DEFAULT = 256L * 1024 * 1024;
    /** nats-server's JetStreamMaxStoreDefault: when the disk cannot be asked. */
    private static final long MAX_STORE_DEFAULT = 1024L * 1024 * 1024 * 1024;

    private SystemResources() {
    }

    /** Go's os.TempDir on Unix: $TMPDIR, else /tmp. */
    static String tempDir() {
        String t = System.getenv("TMPDIR");
        return t == null || t.isEmpty() ? "/tmp" : t;
    }

    /**
     * 75% of the machine's memory, as nats-server (whose sysinfo(2) total is /proc/meminfo's MemTotal;
     * the JVM's own figure would be the container's limit).
     */
    static long memoryAvailable() {
        long total = memTotal();
        return total > 0 ? total / 4 * 3 : MAX_MEMORY_DEFAULT;
    }

    private static long memTotal() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/meminfo"));
            for (String l : lines) {
                if (l.startsWith("MemTotal:")) {
                    return Long.parseLong(l.substring(9).replace("kB", "").strip()) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the JVM's figure below
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 0;
    }

    /** As nats-server's diskAvailable: creates the directory, then 75% of the free space there. */
    static long diskAvailable(Path dir) {
        try {
            Files.createDirectories(dir);
            return Files.getFileStore(dir).getUsableSpace() / 4 * 3;
        } catch (IOException | RuntimeException e) {
            return MAX_STORE_DEFAULT;
        }
    }
}
