package io.natsj.jetstream;

import io.natsj.protocol.GoJsonWriter;
/**
 * One of nats-server's JetStream API errors (its ApiError): the HTTP-like status, the JetStream error
 * code and the description, as they go out in an answer's {@code "error"} member.
 */
public record ApiError(int code, int errCode, String description) {
    /** {@code {"code":..,"err_code":..,"description":..}}, as Go marshals it. */
    void writeTo(GoJsonWriter j) {
        j.object("error").field("code", code).field("err_code", errCode).field("description", description).end();
    }
}
