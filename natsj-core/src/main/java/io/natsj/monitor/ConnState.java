package io.natsj.monitor;

/**
 * nats-server's ConnState: which connections /connz lists; the ordinal is its JSON value. NONE stands
 * for any other number a JSON request may carry, which nats-server accepts and matches nothing with.
 */
enum ConnState {
    OPEN, CLOSED, ALL, NONE;

    static ConnState of(long json) {
        return json >= 0 && json < NONE.ordinal() ? values()[(int) json] : NONE;
    }

    boolean open() {
        return this == OPEN || this == ALL;
    }

    boolean closed() {
        return this == CLOSED || this == ALL;
    }
}
