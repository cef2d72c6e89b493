package io.natsj.store;

/**
 * One message as a store returns it. The arrays belong to the caller (a fresh copy per load for
 * the file store; the memory store hands out its own immutable copy, which callers must not
 * modify). {@code headers} is empty, never null, when the message has none.
 *
 * @param seq stream sequence, from 1
 * @param subject the subject it was stored under
 * @param headers the NATS header block (NATS/1.0 line and headers), or empty
 * @param payload the message body
 * @param timestamp nanoseconds since the epoch, as given to {@link StreamStore#store}
 */
public record StoredMessage(long seq, String subject, byte[] headers, byte[] payload, long timestamp) {
}
