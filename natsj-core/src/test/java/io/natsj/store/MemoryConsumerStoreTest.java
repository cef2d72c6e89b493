package io.natsj.store;

import io.natsj.store.ConsumerStore.AckMode;

class MemoryConsumerStoreTest extends ConsumerStoreContract {
    @Override
    ConsumerStore create(AckMode mode) {
        return MemoryConsumerStore.create(mode);
    }

    @Override
    ConsumerStore restart(ConsumerStore s, AckMode mode) {
        return s;
    }
}
