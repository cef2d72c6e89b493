package io.natsj.jetstream;

import io.natsj.protocol.GoJsonWriter;
/**
 * A handler's answer: the JSON to send and whether it counts as an API error (nats-server's
 * sendAPIErrResponse rather than sendAPIResponse).
 */
public record ApiAnswer(String json, boolean error) {
    public static ApiAnswer ok(String json) {
        return new ApiAnswer(json, false);
    }

    public static ApiAnswer error(String json) {
        return new ApiAnswer(json, true);
    }

    /** {@code {"type":..,"error":{..}}}: nats-server's answer carrying only an error, counted as one. */
    public static ApiAnswer error(String type, ApiError e) {
        return error(errorJson(type, e));
    }

    static String errorJson(String type, ApiError e) {
        GoJsonWriter j = new GoJsonWriter(false).begin().field("type", type);
        e.writeTo(j);
        return j.end().toString();
    }
}
