package io.natsj.jetstream;

import io.natsj.protocol.Json;
import java.time.Instant;
import java.util.List;

/** PROVISIONAL: replaced by the encoders checked against nats-server's captured answers. */
final class ConsumerInfoJson {
    static final String CREATE_TYPE = "io.nats.jetstream.api.v1.consumer_create_response";
    static final String INFO_TYPE = "io.nats.jetstream.api.v1.consumer_info_response";
    static final String DELETE_TYPE = "io.nats.jetstream.api.v1.consumer_delete_response";
    static final String NAMES_TYPE = "io.nats.jetstream.api.v1.consumer_names_response";
    static final String LIST_TYPE = "io.nats.jetstream.api.v1.consumer_list_response";
    static final String NAMES_ERROR_MEMBERS = ",\"total\":0,\"offset\":0,\"limit\":0,\"consumers\":null";
    static final String LIST_ERROR_MEMBERS = ",\"total\":0,\"offset\":0,\"limit\":0,\"consumers\":[]";

    record Named(String name, Consumer.Info info) {
    }

    private ConsumerInfoJson() {
    }

    static int offset(byte[] body, String goType) throws ConsumerConfigJson.InvalidJson {
        if (body.length == 0) {
            return 0;
        }
        try {
            return (int) io.natsj.protocol.GoJson.struct(goType, new String(body, java.nio.charset.StandardCharsets.UTF_8)).integer("offset");
        } catch (io.natsj.protocol.GoJson.SyntaxError | io.natsj.protocol.GoJson.TypeError e) {
            throw new ConsumerConfigJson.InvalidJson(e.getMessage());
        }
    }

    static String createAnswer(String stream, String name, Consumer.Info i) {
        StringBuilder sb = new StringBuilder("{\"type\":\"").append(CREATE_TYPE).append("\",");
        info(sb, stream, name, i);
        return sb.append('}').toString();
    }

    static String infoAnswer(String stream, String name, Consumer.Info i) {
        StringBuilder sb = new StringBuilder("{\"type\":\"").append(INFO_TYPE).append("\",");
        info(sb, stream, name, i);
        return sb.append('}').toString();
    }

    static String deleteAnswer() {
        return "{\"type\":\"" + DELETE_TYPE + "\",\"success\":true}";
    }

    static String namesAnswer(List<String> names, int offset) {
        offset = Math.min(Math.max(0, offset), names.size());
        StringBuilder sb = new StringBuilder("{\"type\":\"").append(NAMES_TYPE).append("\",\"total\":").append(names.size())
                .append(",\"offset\":").append(offset).append(",\"limit\":1024,\"consumers\":[");
        for (int i = offset; i < names.size() && i < offset + 1024; i++) {
            if (i > offset) {
                sb.append(',');
            }
            Json.quote(sb, names.get(i));
        }
        return sb.append("]}").toString();
    }

    static String listAnswer(String stream, List<Named> all, int offset) {
        offset = Math.min(Math.max(0, offset), all.size());
        StringBuilder sb = new StringBuilder("{\"type\":\"").append(LIST_TYPE).append("\",\"total\":").append(all.size())
                .append(",\"offset\":").append(offset).append(",\"limit\":256,\"consumers\":[");
        for (int i = offset; i < all.size() && i < offset + 256; i++) {
            if (i > offset) {
                sb.append(',');
            }
            sb.append('{');
            info(sb, stream, all.get(i).name(), all.get(i).info());
            sb.append('}');
        }
        return sb.append("]}").toString();
    }

    private static void info(StringBuilder sb, String stream, String name, Consumer.Info i) {
        sb.append("\"stream_name\":");
        Json.quote(sb, stream);
        sb.append(",\"name\":");
        Json.quote(sb, name);
        sb.append(",\"created\":\"").append(StreamConfigJson.rfc3339(i.created())).append("\",\"config\":");
        ConsumerConfigJson.encode(sb, i.config());
        seq(sb.append(",\"delivered\":"), i.deliveredConsumer(), i.deliveredStream(), i.lastDelivered());
        seq(sb.append(",\"ack_floor\":"), i.ackFloorConsumer(), i.ackFloorStream(), i.lastAcked());
        sb.append(",\"num_ack_pending\":").append(i.numAckPending()).append(",\"num_redelivered\":").append(i.numRedelivered())
                .append(",\"num_waiting\":").append(i.numWaiting()).append(",\"num_pending\":").append(i.numPending());
        if (i.pushBound()) {
            sb.append(",\"push_bound\":true");
        }
    }

    private static void seq(StringBuilder sb, long c, long s, Instant last) {
        sb.append("{\"consumer_seq\":").append(c).append(",\"stream_seq\":").append(s);
        if (last != null) {
            sb.append(",\"last_active\":\"").append(StreamConfigJson.rfc3339(last)).append('"');
        }
        sb.append('}');
    }
}
