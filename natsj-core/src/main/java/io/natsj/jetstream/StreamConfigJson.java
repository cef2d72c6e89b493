package io.natsj.jetstream;

import io.natsj.protocol.GoJson;
import io.natsj.protocol.Json;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link StreamConfig} as JSON, the way nats-server 2.9's StreamConfig marshals and unmarshals: keys
 * in its order with its omitempty rules when written; when read, Go's rules ({@link GoJson}) and its
 * enum spellings. The JetStream API answers any decoding failure with "invalid JSON", so a failure
 * here is one exception without detail.
 */
final class StreamConfigJson {
    private StreamConfigJson() {
    }

    /** The body could not be decoded into a StreamConfig (nats-server's JSInvalidJSONErr). */
    static final class InvalidJson extends Exception {
        InvalidJson(String detail) {
            super(detail, null, false, false);
        }
    }

    static StreamConfig decode(String json) throws InvalidJson {
        if (json.isBlank()) {
            throw new InvalidJson("unexpected end of JSON input"); // Go's json.Unmarshal of no input
        }
        try {
            return decode(GoJson.struct("server.StreamConfig", json));
        } catch (GoJson.SyntaxError | GoJson.TypeError e) {
            throw new InvalidJson(e.getMessage());
        }
    }

    private static StreamConfig decode(GoJson.Struct c) throws GoJson.TypeError, InvalidJson {
        StreamConfig.Retention retention = c.has("retention")
                ? enumValue(c.string("retention", "server.RetentionPolicy"), StreamConfig.Retention.values(), false)
                : StreamConfig.Retention.LIMITS;
        StreamConfig.Discard discard = c.has("discard")
                ? enumValue(c.string("discard", "server.DiscardPolicy"), StreamConfig.Discard.values(), true)
                : StreamConfig.Discard.OLD;
        StreamConfig.Storage storage = c.has("storage")
                ? enumValue(c.string("storage", "server.StorageType"), StreamConfig.Storage.values(), false)
                : StreamConfig.Storage.FILE;
        GoJson.Struct p = c.object("placement", "server.Placement");
        StreamConfig.Placement placement = p == null ? null : new StreamConfig.Placement(p.string("cluster"), p.strings("tags"));
        GoJson.Struct m = c.object("mirror", "server.StreamSource");
        List<StreamConfig.Source> sources = new ArrayList<>();
        for (GoJson.Struct s : c.objects("sources", "[]*server.StreamSource", "server.StreamSource")) {
            sources.add(source(s));
        }
        GoJson.Struct r = c.object("republish", "server.RePublish");
        StreamConfig.RePublish republish = r == null ? null
                : new StreamConfig.RePublish(r.string("src"), r.string("dest"), r.bool("headers_only"));
        return new StreamConfig(c.string("name"), c.string("description"), c.strings("subjects"), retention,
                c.integer("max_consumers", "int", 64), c.integer("max_msgs", "int64", 64),
                c.integer("max_bytes", "int64", 64), c.integer("max_age", "time.Duration", 64),
                c.integer("max_msgs_per_subject", "int64", 64), c.integer("max_msg_size", "int32", 32), discard, storage,
                c.integer("num_replicas", "int", 64), c.bool("no_ack"), c.string("template_owner"),
                c.integer("duplicate_window", "time.Duration", 64), placement, m == null ? null : source(m), sources,
                republish, c.bool("allow_direct"), c.bool("mirror_direct"), c.bool("discard_new_per_subject"),
                c.bool("sealed"), c.bool("deny_delete"), c.bool("deny_purge"), c.bool("allow_rollup_hdrs"));
    }

    private static StreamConfig.Source source(GoJson.Struct s) throws GoJson.TypeError, InvalidJson {
        GoJson.Struct e = s.object("external", "server.ExternalStream");
        String start = s.string("opt_start_time", "time.Time");
        return new StreamConfig.Source(s.string("name"), s.unsigned("opt_start_seq", "uint64", 64),
                start.isEmpty() ? null : time(start), s.string("filter_subject"),
                e == null ? null : new StreamConfig.External(e.string("api"), e.string("deliver")));
    }

    /** Go's time.Time from JSON: RFC 3339 with an optional fraction. */
    private static Instant time(String s) throws InvalidJson {
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidJson("bad time " + s);
        }
    }

    /** nats-server's enum UnmarshalJSON: the exact spelling (discard also in any case). */
    private static <E extends StreamConfig.Spelled> E enumValue(String v, E[] values, boolean anyCase) throws InvalidJson {
        for (E e : values) {
            String json = e.json();
            if (anyCase ? json.equalsIgnoreCase(v) : json.equals(v)) {
                return e;
            }
        }
        throw new InvalidJson("can not unmarshal " + v);
    }

    /** json.Marshal of a StreamConfig. */
    static String encode(StreamConfig c) {
        StringBuilder sb = new StringBuilder(512).append('{');
        str(sb, "name", c.name());
        if (!c.description().isEmpty()) {
            str(sb.append(','), "description", c.description());
        }
        if (!c.subjects().isEmpty()) {
            strings(sb.append(','), "subjects", c.subjects());
        }
        str(sb.append(','), "retention", c.retention().json());
        num(sb.append(','), "max_consumers", c.maxConsumers());
        num(sb.append(','), "max_msgs", c.maxMsgs());
        num(sb.append(','), "max_bytes", c.maxBytes());
        num(sb.append(','), "max_age", c.maxAgeNanos());
        num(sb.append(','), "max_msgs_per_subject", c.maxMsgsPerSubject());
        if (c.maxMsgSize() != 0) {
            num(sb.append(','), "max_msg_size", c.maxMsgSize());
        }
        str(sb.append(','), "discard", c.discard().json());
        str(sb.append(','), "storage", c.storage().json());
        num(sb.append(','), "num_replicas", c.replicas());
        if (c.noAck()) {
            bool(sb.append(','), "no_ack", true);
        }
        if (!c.templateOwner().isEmpty()) {
            str(sb.append(','), "template_owner", c.templateOwner());
        }
        if (c.duplicateWindowNanos() != 0) {
            num(sb.append(','), "duplicate_window", c.duplicateWindowNanos());
        }
        if (c.placement() != null) {
            sb.append(",\"placement\":{");
            boolean any = false;
            if (!c.placement().cluster().isEmpty()) {
                str(sb, "cluster", c.placement().cluster());
                any = true;
            }
            if (!c.placement().tags().isEmpty()) {
                strings(any ? sb.append(',') : sb, "tags", c.placement().tags());
            }
            sb.append('}');
        }
        if (c.mirror() != null) {
            source(sb.append(",\"mirror\":"), c.mirror());
        }
        if (!c.sources().isEmpty()) {
            sb.append(",\"sources\":[");
            for (int i = 0; i < c.sources().size(); i++) {
                source(i > 0 ? sb.append(',') : sb, c.sources().get(i));
            }
            sb.append(']');
        }
        if (c.republish() != null) {
            sb.append(",\"republish\":{");
            if (!c.republish().src().isEmpty()) {
                str(sb, "src", c.republish().src()).append(',');
            }
            str(sb, "dest", c.republish().dest());
            if (c.republish().headersOnly()) {
                bool(sb.append(','), "headers_only", true);
            }
            sb.append('}');
        }
        bool(sb.append(','), "allow_direct", c.allowDirect());
        bool(sb.append(','), "mirror_direct", c.mirrorDirect());
        if (c.discardNewPerSubject()) {
            bool(sb.append(','), "discard_new_per_subject", true);
        }
        bool(sb.append(','), "sealed", c.sealed());
        bool(sb.append(','), "deny_delete", c.denyDelete());
        bool(sb.append(','), "deny_purge", c.denyPurge());
        bool(sb.append(','), "allow_rollup_hdrs", c.allowRollup());
        return sb.append('}').toString();
    }

    private static void source(StringBuilder sb, StreamConfig.Source s) {
        sb.append('{');
        str(sb, "name", s.name());
        if (s.optStartSeq() != 0) {
            num(sb.append(','), "opt_start_seq", s.optStartSeq());
        }
        if (s.optStartTime() != null) {
            str(sb.append(','), "opt_start_time", rfc3339(s.optStartTime()));
        }
        if (!s.filterSubject().isEmpty()) {
            str(sb.append(','), "filter_subject", s.filterSubject());
        }
        if (s.external() != null) {
            sb.append(",\"external\":{");
            str(sb, "api", s.external().api());
            str(sb.append(','), "deliver", s.external().deliver());
            sb.append('}');
        }
        sb.append('}');
    }

    /** Go's time.Time JSON in UTC: RFC 3339 with the fraction's trailing zeros cut. */
    static String rfc3339(Instant t) {
        String s = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.atOffset(ZoneOffset.UTC));
        return s.endsWith("+00:00") ? s.substring(0, s.length() - 6) + "Z" : s;
    }

    private static StringBuilder str(StringBuilder sb, String k, String v) {
        Json.quote(sb, k);
        sb.append(':');
        Json.quote(sb, v);
        return sb;
    }

    private static void num(StringBuilder sb, String k, long v) {
        Json.quote(sb, k);
        sb.append(':').append(v);
    }

    private static void bool(StringBuilder sb, String k, boolean v) {
        Json.quote(sb, k);
        sb.append(':').append(v);
    }

    private static void strings(StringBuilder sb, String k, List<String> v) {
        Json.quote(sb, k);
        sb.append(":[");
        for (int i = 0; i < v.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            Json.quote(sb, v.get(i));
        }
        sb.append(']');
    }
}
