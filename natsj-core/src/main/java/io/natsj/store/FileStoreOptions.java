package io.natsj.store;

/**
 * How a {@link FileStore} writes.
 *
 * @param blockSize segment file size at which a new segment starts (a record larger than this gets
 *     a segment to itself); 4 KiB to 1 GiB, 8-64 MiB in practice
 * @param sync when writes are fsynced, and so when messages are acknowledged
 */
public record FileStoreOptions(long blockSize, SyncPolicy sync) {
    public static final long DEFAULT_BLOCK_SIZE = 16L * 1024 * 1024;
    public static final FileStoreOptions DEFAULTS = new FileStoreOptions(DEFAULT_BLOCK_SIZE, SyncPolicy.ALWAYS);

    public FileStoreOptions {
        if (blockSize < 4096 || blockSize > (1L << 30)) {
            throw new IllegalArgumentException("block size must be between 4 KiB and 1 GiB: " + blockSize);
        }
        if (sync == null) {
            throw new IllegalArgumentException("sync policy is required");
        }
    }
}
