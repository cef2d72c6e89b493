package io.natsj.jetstream;

import io.natsj.JetStreamOptions;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The JetStream settings the server runs with (nats-server's JetStreamConfig): the options with
 * nats-server's defaults filled in.
 *
 * @param storeDir where JetStream keeps its files: the configured directory plus "jetstream"
 * @param syncInterval null: sync before every acknowledgement (natsj's "always")
 * @param compressOk nats-server's compress_ok, shown by /jsz and /varz: its start-up sets it, but the
 *        defaults path builds a new configuration without it, so it is true only when both limits are set
 */
public record JetStreamConfig(long maxMemory, long maxStore, String storeDir, String domain, String uniqueTag,
        Duration syncInterval, boolean compressOk) {
    /** nats-server's JetStreamStoreDir: the directory JetStream puts under the store_dir it is given. */
    static final String STORE_DIR_NAME = "jetstream";

    /**
     * As nats-server's EnableJetStream: unless both limits are set above zero, the ones not set become
     * 75% of the machine's memory and of the store directory's free disk space (which creates the
     * directory), and the default directory is {@code <temp>/nats/jetstream}; with both set, the
     * default directory is {@code <temp>/jetstream}.
     */
    public static JetStreamConfig resolve(JetStreamOptions o) {
        long maxMemory = o.maxMemory();
        long maxStore = o.maxStore();
        String dir;
        boolean defaults = maxMemory <= 0 || maxStore <= 0;
        if (defaults) {
            dir = o.storeDir() != null ? join(o.storeDir()) : Path.of(SystemResources.tempDir(), "nats", STORE_DIR_NAME).toString();
            if (maxStore < 0) {
                maxStore = SystemResources.diskAvailable(Path.of(dir));
            }
            if (maxMemory < 0) {
                maxMemory = SystemResources.memoryAvailable();
            }
        } else {
            dir = o.storeDir() != null ? join(o.storeDir()) : Path.of(SystemResources.tempDir(), STORE_DIR_NAME).toString();
        }
        return new JetStreamConfig(maxMemory, maxStore, dir, o.domain(), o.uniqueTag(), o.syncInterval(), !defaults);
    }

    /** Go's filepath.Join(dir, "jetstream"): cleaned, relative stays relative. */
    private static String join(String dir) {
        return Path.of(dir).resolve(STORE_DIR_NAME).normalize().toString();
    }
}
