package io.natsj.jetstream;

import io.natsj.protocol.GoJson;
import io.natsj.protocol.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Consumer info and the consumer API's answers, as nats-server 2.9.10 marshals them on a single
 * server; and how NAMES, LIST, INFO and DELETE read their request bodies. Pure; any thread.
 *
 * <p>Every answer starts with {@code "type"}. An error answer is {@code {"type":..,"error":{..}}}, and
 * for NAMES and LIST also carries their zero paging and an empty list
 * ({@code ,"total":0,"offset":0,"limit":0,"consumers":[]}: nats-server starts those answers with an
 * empty, non-nil list). nats-server sends every error answer through its error path (counted as an
 * API error); the others are ordinary answers.
 */
final class ConsumerInfoJson {
    /** JSApiNamesLimit: the names one NAMES answer holds at most. */
    static final int NAMES_LIMIT = 1024;
    /** JSApiListLimit: the infos one LIST answer holds at most. */
    static final int LIST_LIMIT = 256;

    private static final String PAGED_ERROR = ",\"total\":0,\"offset\":0,\"limit\":0,\"consumers\":[]";

    private ConsumerInfoJson() {
    }

    /**
     * Delivered or acknowledged position (nats-server's SequenceInfo).
     *
     * @param consumerSeq the consumer's own delivery sequence
     * @param streamSeq the stream sequence
     * @param last when it last moved; null for never (left out, as nats-server omits a zero time)
     */
    record SequenceInfo(long consumerSeq, long streamSeq, Instant last) {
        static final SequenceInfo ZERO = new SequenceInfo(0, 0, null);
    }

    /**
     * nats-server's ConsumerInfo as a single server reports it: no {@code "cluster"} member (nats-server
     * fills it only for a consumer with a raft group, which a server without a cluster never has).
     *
     * @param config the configuration the consumer keeps (defaults applied)
     * @param delivered last delivered: consumer sequence and stream sequence (each one less than the
     *        next to deliver), when
     * @param ackFloor the acknowledgement floor
     * @param numAckPending deliveries awaiting acknowledgement
     * @param numRedelivered messages delivered more than once and still pending (nats-server's len(rdc))
     * @param numWaiting pull requests waiting (0 for push consumers)
     * @param numPending stream messages the consumer has still to deliver
     * @param pushBound a push consumer with interest on its deliver subject (false for pull); written only when true
     */
    record ConsumerInfo(String stream, String name, Instant created, ConsumerConfig config, SequenceInfo delivered,
            SequenceInfo ackFloor, long numAckPending, long numRedelivered, long numWaiting, long numPending,
            boolean pushBound) {
    }

    /** json.Marshal of a ConsumerInfo. */
    static String info(ConsumerInfo i) {
        StringBuilder sb = new StringBuilder(640).append('{');
        members(sb, i);
        return sb.append('}').toString();
    }

    /** The members of a ConsumerInfo, into an open object (no leading comma). */
    static void members(StringBuilder sb, ConsumerInfo i) {
        sb.append("\"stream_name\":");
        Json.quote(sb, i.stream());
        sb.append(",\"name\":");
        Json.quote(sb, i.name());
        sb.append(",\"created\":\"").append(StreamConfigJson.rfc3339(i.created())).append('"');
        if (i.config() != null) {
            ConsumerConfigJson.encode(sb.append(",\"config\":"), i.config());
        }
        sequence(sb.append(",\"delivered\":"), i.delivered());
        sequence(sb.append(",\"ack_floor\":"), i.ackFloor());
        sb.append(",\"num_ack_pending\":").append(i.numAckPending())
                .append(",\"num_redelivered\":").append(i.numRedelivered())
                .append(",\"num_waiting\":").append(i.numWaiting())
                .append(",\"num_pending\":").append(Long.toUnsignedString(i.numPending()));
        if (i.pushBound()) {
            sb.append(",\"push_bound\":true");
        }
    }

    private static void sequence(StringBuilder sb, SequenceInfo s) {
        sb.append("{\"consumer_seq\":").append(Long.toUnsignedString(s.consumerSeq()))
                .append(",\"stream_seq\":").append(Long.toUnsignedString(s.streamSeq()));
        if (s.last() != null) {
            sb.append(",\"last_active\":\"").append(StreamConfigJson.rfc3339(s.last())).append('"');
        }
        sb.append('}');
    }

    /** The answer to a successful CONSUMER.CREATE / CREATE.*.&gt; / DURABLE.CREATE (a new consumer's info, or an updated one's). */
    static String createResponse(ConsumerInfo i) {
        return typed(ApiSubjects.CONSUMER_CREATE_RESPONSE, i);
    }

    /** The answer to CONSUMER.INFO. */
    static String infoResponse(ConsumerInfo i) {
        return typed(ApiSubjects.CONSUMER_INFO_RESPONSE, i);
    }

    private static String typed(String type, ConsumerInfo i) {
        StringBuilder sb = new StringBuilder(704).append("{\"type\":\"").append(type).append("\",");
        members(sb, i);
        return sb.append('}').toString();
    }

    /** A create request's refusal: {@code {"type":"..consumer_create_response","error":{..}}}. */
    static String createError(ApiError e) {
        return ApiAnswer.errorJson(ApiSubjects.CONSUMER_CREATE_RESPONSE, e);
    }

    /** An INFO request's refusal. */
    static String infoError(ApiError e) {
        return ApiAnswer.errorJson(ApiSubjects.CONSUMER_INFO_RESPONSE, e);
    }

    /** The answer to a successful CONSUMER.DELETE. */
    static String deleteResponse() {
        return "{\"type\":\"" + ApiSubjects.CONSUMER_DELETE_RESPONSE + "\",\"success\":true}";
    }

    /** A DELETE request's refusal ("success" false is left out). */
    static String deleteError(ApiError e) {
        return ApiAnswer.errorJson(ApiSubjects.CONSUMER_DELETE_RESPONSE, e);
    }

    /** A NAMES request's refusal, with the zero paging and empty list nats-server always writes. */
    static String namesError(ApiError e) {
        return pagedError(ApiSubjects.CONSUMER_NAMES_RESPONSE, e);
    }

    /** A LIST request's refusal, with the zero paging and empty list nats-server always writes. */
    static String listError(ApiError e) {
        return pagedError(ApiSubjects.CONSUMER_LIST_RESPONSE, e);
    }

    private static String pagedError(String type, ApiError e) {
        String json = ApiAnswer.errorJson(type, e);
        return json.substring(0, json.length() - 1) + PAGED_ERROR + "}";
    }

    /**
     * The slice of a stream's consumers (sorted by name, direct ones left out) one NAMES or LIST answer
     * covers: nats-server caps the offset at the total and takes at most its limit from there.
     *
     * @param offset the first index in the answer (nats-server's "offset": the requested one, capped)
     * @param end one past the last index
     */
    record Page(int offset, int end) {
        /** The page of {@code total} consumers from {@code requested} (already clamped to 0 or more) with {@code limit}. */
        static Page of(int total, long requested, int limit) {
            int offset = (int) Math.min(Math.max(0, requested), total);
            return new Page(offset, (int) Math.min((long) offset + limit, total));
        }
    }

    /**
     * The answer to CONSUMER.NAMES.
     *
     * @param total the stream's consumers, direct ones left out
     * @param offset the page's offset (see {@link Page})
     * @param names the page's names, in order
     */
    static String namesResponse(int total, int offset, List<String> names) {
        StringBuilder sb = new StringBuilder(96 + names.size() * 16).append("{\"type\":\"")
                .append(ApiSubjects.CONSUMER_NAMES_RESPONSE).append("\",\"total\":").append(total).append(",\"offset\":")
                .append(offset).append(",\"limit\":").append(NAMES_LIMIT).append(",\"consumers\":[");
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            Json.quote(sb, names.get(i));
        }
        return sb.append("]}").toString();
    }

    /**
     * The answer to CONSUMER.LIST (nats-server's "missing" member never appears on one server).
     *
     * @param total the stream's consumers, direct ones left out
     * @param offset the page's offset (see {@link Page})
     * @param infos the page's consumers, in name order
     */
    static String listResponse(int total, int offset, List<ConsumerInfo> infos) {
        StringBuilder sb = new StringBuilder(96 + infos.size() * 640).append("{\"type\":\"")
                .append(ApiSubjects.CONSUMER_LIST_RESPONSE).append("\",\"total\":").append(total).append(",\"offset\":")
                .append(offset).append(",\"limit\":").append(LIST_LIMIT).append(",\"consumers\":[");
        for (int i = 0; i < infos.size(); i++) {
            sb.append(i > 0 ? ",{" : "{");
            members(sb, infos.get(i));
            sb.append('}');
        }
        return sb.append("]}").toString();
    }

    /**
     * The offset a NAMES or LIST request asks for (nats-server's JSApiConsumersRequest): 0 for an
     * empty request (see {@link #isEmptyRequest}); otherwise the body as Go decodes it, unknown members
     * ignored, {@code "offset"} matched in any case, and an offset that is not an integer in range
     * (a string, 2.5, 1e3) is invalid JSON. A negative offset is returned as 0: nats-server 2.9.10
     * panics on one and exits (a slice with a negative start), so there is no answer to copy.
     *
     * @throws ConsumerConfigJson.InvalidJson when nats-server answers "invalid JSON"
     */
    static long pageOffset(byte[] body) throws ConsumerConfigJson.InvalidJson {
        if (isEmptyRequest(body)) {
            return 0;
        }
        Object doc;
        try {
            doc = GoJson.parse(new String(body, StandardCharsets.UTF_8));
        } catch (GoJson.SyntaxError e) {
            throw new ConsumerConfigJson.InvalidJson(e.getMessage());
        }
        if (doc == null) {
            return 0; // JSON null: Go leaves the request alone
        }
        if (!(doc instanceof GoJson.Obj o)) {
            throw new ConsumerConfigJson.InvalidJson("json: cannot unmarshal into server.JSApiConsumersRequest");
        }
        long offset = 0;
        for (var m : o.members()) {
            if (!m.getKey().equalsIgnoreCase("offset") || m.getValue() == null) {
                continue;
            }
            if (!(m.getValue() instanceof GoJson.Num n) || n.text().indexOf('.') >= 0 || n.text().indexOf('e') >= 0
                    || n.text().indexOf('E') >= 0) {
                throw new ConsumerConfigJson.InvalidJson("offset: cannot unmarshal " + m.getValue() + " into int");
            }
            try {
                offset = Long.parseLong(n.text());
            } catch (NumberFormatException e) {
                throw new ConsumerConfigJson.InvalidJson("offset: " + n.text() + " out of range for int");
            }
        }
        return Math.max(0, offset);
    }

    /**
     * nats-server's isEmptyRequest, which INFO and DELETE require (else {@link ApiErrors#NOT_EMPTY_REQUEST})
     * and NAMES and LIST test before decoding: no bytes, or a JSON object without members (white space
     * around it allowed). {@code null}, {@code []} and anything that is not JSON are not empty.
     */
    static boolean isEmptyRequest(byte[] body) {
        if (body == null || body.length == 0) {
            return true;
        }
        try {
            return GoJson.parse(new String(body, StandardCharsets.UTF_8)) instanceof GoJson.Obj o && o.members().isEmpty();
        } catch (GoJson.SyntaxError e) {
            return false;
        }
    }
}
