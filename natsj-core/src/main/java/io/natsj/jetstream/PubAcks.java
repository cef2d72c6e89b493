package io.natsj.jetstream;

import io.natsj.protocol.GoQuote;
import io.natsj.protocol.Json;

/**
 * The answers to a publish into a stream, byte for byte as nats-server 2.9 writes them: from a
 * per-stream template ({@code {"stream":"ORDERS", "seq":}}, with the domain when there is one), a
 * sequence and a closing brace; a duplicate adds {@code ,"duplicate": true}; a refusal is an API
 * error object followed by the stream's name and a zero sequence. Some refusals (an unknown rollup
 * value) get no answer at all in nats-server.
 */
final class PubAcks {
    private PubAcks() {
    }

    /** nats-server's pubAck template for a stream. */
    static String template(String stream, String domain) {
        if (domain == null || domain.isEmpty()) {
            return "{\"stream\":" + GoQuote.quote(stream) + ", \"seq\":";
        }
        return "{\"stream\":" + GoQuote.quote(stream) + ", \"domain\":" + GoQuote.quote(domain) + ", \"seq\":";
    }

    static String stored(String template, long seq) {
        return template + Long.toUnsignedString(seq) + "}";
    }

    /** A message id seen within the duplicate window: the sequence it was stored at. */
    static String duplicate(String template, long seq) {
        return template + Long.toUnsignedString(seq) + ",\"duplicate\": true}";
    }

    /**
     * A refused publish: the API error ({"code":..,"err_code":..,"description":..}, err_code and
     * description left out when empty), then, as nats-server marshals its response, the stream's name
     * and a zero sequence.
     */
    static String error(String stream, ApiError e) {
        StringBuilder sb = new StringBuilder(128).append("{\"error\":{\"code\":").append(e.code());
        if (e.errCode() != 0) {
            sb.append(",\"err_code\":").append(e.errCode());
        }
        if (e.description() != null && !e.description().isEmpty()) {
            sb.append(",\"description\":");
            Json.quote(sb, e.description());
        }
        sb.append("},\"stream\":");
        Json.quote(sb, stream);
        return sb.append(",\"seq\":0}").toString();
    }
}
