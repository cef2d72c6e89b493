package io.natsj.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract on a file store with small segments, so messages spread over many files. */
class FileStoreContractTest extends StreamStoreContract {
    @TempDir
    Path dir;
    private int n;

    @Override
    StreamStore create(StreamLimits limits) {
        return FileStore.open(dir.resolve("s" + n++), "test", new FileStoreOptions(4096, SyncPolicy.ALWAYS), limits);
    }
}
