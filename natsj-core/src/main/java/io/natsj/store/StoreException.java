package io.natsj.store;

/**
 * A store operation that failed. Subclasses say why; the base class alone is an I/O failure
 * (disk full, read-only file system, a failed sync) whose message names the cause, and the store
 * stays open and readable after it.
 */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
