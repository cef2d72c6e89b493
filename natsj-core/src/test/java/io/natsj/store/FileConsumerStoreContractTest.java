package io.natsj.store;

import io.natsj.store.ConsumerStore.AckMode;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract on a file store with a small compaction threshold, so logs are rewritten along the way. */
class FileConsumerStoreContractTest extends ConsumerStoreContract {
    @TempDir
    Path dir;
    private int n;

    @Override
    ConsumerStore create(AckMode mode) {
        return FileConsumerStore.open(dir.resolve("c" + n++), mode, SyncPolicy.ALWAYS, 256, Segment.Opener.DEFAULT);
    }

    @Override
    ConsumerStore restart(ConsumerStore s, AckMode mode) {
        Path at = ((FileConsumerStore) s).directory();
        s.close();
        return FileConsumerStore.open(at, mode, SyncPolicy.ALWAYS, 256, Segment.Opener.DEFAULT);
    }
}
