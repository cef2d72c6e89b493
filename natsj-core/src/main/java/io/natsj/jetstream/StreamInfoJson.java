package io.natsj.jetstream;

import io.natsj.protocol.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Stream info and the API answers that carry it, as nats-server 2.9 marshals them: StreamInfo
 * (config, created, state, domain), and the create and info responses with their "type".
 */
final class StreamInfoJson {
    static final String CREATE_TYPE = "io.nats.jetstream.api.v1.stream_create_response";
    static final String INFO_TYPE = "io.nats.jetstream.api.v1.stream_info_response";
    /** Go's zero time.Time, which nats-server writes for "no message yet". */
    static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private StreamInfoJson() {
    }

    static String createResponse(StreamConfig c, Instant created, StreamState s, String domain, boolean didCreate) {
        StringBuilder sb = new StringBuilder(1024).append("{\"type\":\"").append(CREATE_TYPE).append("\",");
        info(sb, c, created, s, domain);
        if (didCreate) {
            sb.append(",\"did_create\":true");
        }
        return sb.append('}').toString();
    }

    static String infoResponse(StreamConfig c, Instant created, StreamState s, String domain, int total, int offset,
            int limit, List<Sourcing.Feed> feeds) {
        StringBuilder sb = new StringBuilder(1024).append("{\"type\":\"").append(INFO_TYPE).append("\",\"total\":")
                .append(total).append(",\"offset\":").append(offset).append(",\"limit\":").append(limit).append(',');
        info(sb, c, created, s, domain, feeds);
        return sb.append('}').toString();
    }

    /** The members of a StreamInfo with its mirror and sources (INFO, LIST and UPDATE answers), into an open object. */
    static void info(StringBuilder sb, StreamConfig c, Instant created, StreamState s, String domain,
            List<Sourcing.Feed> feeds) {
        info(sb, c, created, s, domain);
        feeds(sb, feeds);
    }

    /** A stream's "mirror" and "sources" members, when it has them. */
    static void feeds(StringBuilder sb, List<Sourcing.Feed> feeds) {
        boolean first = true;
        for (Sourcing.Feed f : feeds) {
            if (f.mirror) {
                sb.append(",\"mirror\":");
            } else {
                sb.append(first ? ",\"sources\":[" : ",");
                first = false;
            }
            feed(sb, f);
        }
        if (!first) {
            sb.append(']');
        }
    }

    /** nats-server's StreamSourceInfo: name, external, lag, active (nanoseconds since it last ran; -1 for never), error. */
    private static void feed(StringBuilder sb, Sourcing.Feed f) {
        sb.append("{\"name\":");
        Json.quote(sb, f.source.name());
        StreamConfig.External ext = f.source.external();
        if (ext != null) {
            sb.append(",\"external\":{\"api\":");
            Json.quote(sb, ext.api() == null ? "" : ext.api());
            sb.append(",\"deliver\":");
            Json.quote(sb, ext.deliver() == null ? "" : ext.deliver());
            sb.append('}');
        }
        long last = f.lastActive;
        sb.append(",\"lag\":").append(Long.toUnsignedString(f.lag)).append(",\"active\":")
                .append(last == 0 ? -1 : Math.max(0, System.nanoTime() - last));
        ApiError e = f.error;
        if (e != null) {
            sb.append(",\"error\":{\"code\":").append(e.code()).append(",\"err_code\":").append(e.errCode())
                    .append(",\"description\":");
            Json.quote(sb, e.description());
            sb.append('}');
        }
        sb.append('}');
    }

    /** The members of a StreamInfo, into an open object. */
    static void info(StringBuilder sb, StreamConfig c, Instant created, StreamState s, String domain) {
        sb.append("\"config\":").append(StreamConfigJson.encode(c));
        sb.append(",\"created\":\"").append(StreamConfigJson.rfc3339(created)).append('"');
        sb.append(",\"state\":");
        state(sb, s);
        if (domain != null && !domain.isEmpty()) {
            sb.append(",\"domain\":");
            Json.quote(sb, domain);
        }
    }

    static void state(StringBuilder sb, StreamState s) {
        sb.append("{\"messages\":").append(Long.toUnsignedString(s.messages()))
                .append(",\"bytes\":").append(Long.toUnsignedString(s.bytes()))
                .append(",\"first_seq\":").append(Long.toUnsignedString(s.firstSeq()))
                .append(",\"first_ts\":\"").append(time(s.firstTime())).append('"')
                .append(",\"last_seq\":").append(Long.toUnsignedString(s.lastSeq()))
                .append(",\"last_ts\":\"").append(time(s.lastTime())).append('"');
        if (s.numSubjects() != 0) {
            sb.append(",\"num_subjects\":").append(s.numSubjects());
        }
        if (!s.subjects().isEmpty()) {
            sb.append(",\"subjects\":{");
            boolean first = true;
            for (Map.Entry<String, Long> e : s.subjects().entrySet()) { // sorted, as Go writes maps
                if (!first) {
                    sb.append(',');
                }
                first = false;
                Json.quote(sb, e.getKey());
                sb.append(':').append(Long.toUnsignedString(e.getValue()));
            }
            sb.append('}');
        }
        if (s.numDeleted() != 0) {
            sb.append(",\"num_deleted\":").append(s.numDeleted());
        }
        if (!s.deleted().isEmpty()) {
            sequences(sb.append(",\"deleted\":"), s.deleted());
        }
        if (s.lost() != null) {
            sequences(sb.append(",\"lost\":{\"msgs\":"), s.lost().msgs());
            sb.append(",\"bytes\":").append(Long.toUnsignedString(s.lost().bytes())).append('}');
        }
        sb.append(",\"consumer_count\":").append(s.consumers()).append('}');
    }

    private static void sequences(StringBuilder sb, List<Long> seqs) {
        if (seqs.isEmpty()) {
            sb.append("null"); // a nil slice, as Go writes it
            return;
        }
        sb.append('[');
        for (int i = 0; i < seqs.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(Long.toUnsignedString(seqs.get(i)));
        }
        sb.append(']');
    }

    private static String time(Instant t) {
        return t == null ? ZERO_TIME : StreamConfigJson.rfc3339(t);
    }
}
