package io.natsj.store;

/**
 * Messages matching a subject filter: their count and first and last sequence (nats-server's
 * SimpleState; zeros when there are none).
 */
public record SimpleState(long msgs, long first, long last) {
    static final SimpleState EMPTY = new SimpleState(0, 0, 0);
}
