package io.natsj.jetstream;

import io.natsj.protocol.GoJsonWriter;
import java.util.List;

/**
 * A handler's answer: the JSON to send, whether it counts as an API error (nats-server's
 * sendAPIErrResponse rather than sendAPIResponse), and the stream actions it took, which are
 * announced on {@code $JS.EVENT.ADVISORY.STREAM.<action>.<stream>} after the answer. A quiet answer is
 * sent but neither counted nor audited (nats-server's sendInternalAccountMsg past the API layer).
 */
public record ApiAnswer(String json, boolean error, List<StreamAction> actions, boolean quiet) {
    /**
     * A stream (or, with a consumer name, one of its consumers) created, deleted or modified
     * (nats-server's ActionAdvisoryType: create, delete, modify).
     */
    public record StreamAction(String stream, String consumer, String action) {
    }

    public static ApiAnswer ok(String json) {
        return new ApiAnswer(json, false, List.of(), false);
    }

    /** Sent, not counted, not audited: nats-server answers a found STREAM.MSG.GET so. */
    static ApiAnswer quiet(String json) {
        return new ApiAnswer(json, false, List.of(), true);
    }

    public static ApiAnswer error(String json) {
        return new ApiAnswer(json, true, List.of(), false);
    }

    /** {@code {"type":..,"error":{..}}}: nats-server's answer carrying only an error, counted as one. */
    public static ApiAnswer error(String type, ApiError e) {
        return error(errorJson(type, e));
    }

    /**
     * As {@link #error(String, ApiError)}, with members the answer's type always carries after its error
     * (a paged answer's {@code "total":0,"offset":0,"limit":0}: Go writes zero values it does not omit).
     */
    static ApiAnswer error(String type, ApiError e, String members) {
        String json = errorJson(type, e);
        return error(json.substring(0, json.length() - 1) + members + "}");
    }

    /** This answer, announcing that {@code stream} was acted on. */
    ApiAnswer with(String stream, String action) {
        return new ApiAnswer(json, error, List.of(new StreamAction(stream, null, action)), quiet);
    }

    /** This answer, announcing that {@code consumer} of {@code stream} was acted on. */
    ApiAnswer withConsumer(String stream, String consumer, String action) {
        return new ApiAnswer(json, error, List.of(new StreamAction(stream, consumer, action)), quiet);
    }

    static String errorJson(String type, ApiError e) {
        GoJsonWriter j = new GoJsonWriter(false).begin().field("type", type);
        e.writeTo(j);
        return j.end().toString();
    }
}
