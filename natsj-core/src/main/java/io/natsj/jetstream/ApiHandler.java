package io.natsj.jetstream;

/**
 * The handler of one JetStream API subject ({@link JetStreamApi#register}).
 *
 * <p>Threading: called on the API thread, one request at a time, in arrival order; a handler may
 * block that thread only as long as its own work takes (a file sync, say), never waiting on a client.
 */
public interface ApiHandler {
    /** @return the answer, or null to send none (nats-server stays silent in some cases) */
    ApiAnswer handle(ApiRequest request);
}
