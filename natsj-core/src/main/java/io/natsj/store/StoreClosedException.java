package io.natsj.store;

/** The store was closed or deleted (nats-server's "store is closed"). */
public final class StoreClosedException extends StoreException {
    StoreClosedException() {
        super("store is closed");
    }
}
