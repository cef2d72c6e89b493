package io.natsj.store;

class MemoryStoreTest extends StreamStoreContract {
    @Override
    StreamStore create(StreamLimits limits) {
        return new MemoryStore("test", limits);
    }
}
