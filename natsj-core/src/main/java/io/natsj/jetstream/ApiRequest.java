package io.natsj.jetstream;

/**
 * A JetStream API request as a handler sees it.
 *
 * @param account the requester's JetStream account; null when JetStream is not enabled for it
 * @param accountName the requester's account
 * @param reply where the answer goes; null when the request has none (the answer is then dropped,
 *        but still counted, as nats-server does)
 * @param body the request's payload without headers
 */
public record ApiRequest(JsAccount account, String accountName, String subject, String reply, byte[] body) {
    /** The subject's token at {@code index} (0-based), e.g. the stream name of STREAM.CREATE at 4; null if absent. */
    public String token(int index) {
        String[] t = subject.split("\\.", -1);
        return index < t.length ? t[index] : null;
    }
}
