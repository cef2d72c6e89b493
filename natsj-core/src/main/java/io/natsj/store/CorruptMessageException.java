package io.natsj.store;

/** The stored record of a message failed its checksum: the message is lost, never served. */
public final class CorruptMessageException extends StoreException {
    private final long seq;

    CorruptMessageException(long seq, String where) {
        super("message " + seq + " is corrupt (" + where + ")");
        this.seq = seq;
    }

    public long seq() {
        return seq;
    }
}
