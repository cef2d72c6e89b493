package io.natsj.jetstream;

import io.natsj.protocol.GoJson;
import io.natsj.protocol.Json;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@link ConsumerConfig} as JSON, the way nats-server 2.9.10 unmarshals a CreateConsumerRequest and
 * marshals a ConsumerConfig. Pure; any thread.
 *
 * <p>Reading follows Go's encoding/json into nats-server's structs: keys match their field without
 * regard to case, unknown keys are ignored, repeated keys (and repeated {@code "config"} objects) are
 * applied in order so the last wins, a JSON null leaves a plain field alone but clears a pointer or
 * slice ({@code opt_start_time}, {@code backoff}); integers must be written as integers (Go's
 * ParseInt: {@code 2.0} and {@code 1e1} are refused), in range for their Go type. The three policies
 * decode as nats-server's UnmarshalJSON methods do: only the exact lower-case spellings (and
 * {@code "undefined"} for deliver_policy, which means all), compared as raw JSON text (so an escaped
 * spelling fails too); anything else, JSON null included, fails.
 * {@code opt_start_time} is Go 1.19's RFC 3339 parse (what nats-server 2.9.10 is built with). The
 * JetStream API answers every failure with "invalid JSON", so a failure is one exception whose text
 * is for logs only.
 *
 * <p>Writing is json.Marshal of nats-server's ConsumerConfig: its field order and omitempty rules,
 * durations as nanosecond integers, unsigned fields as unsigned.
 *
 * <p>Known difference: nats-server keeps the offset an {@code opt_start_time} was sent with and writes
 * it back ({@code "2024-01-02T03:04:05.1-07:30"}); {@link ConsumerConfig#optStartTime()} is an
 * {@link Instant}, so natsj writes the same instant in UTC ({@code "2024-01-02T10:34:05.1Z"}).
 */
final class ConsumerConfigJson {
    private ConsumerConfigJson() {
    }

    /** The body could not be decoded (nats-server answers JSInvalidJSONErr); the message says why, for logs. */
    static final class InvalidJson extends Exception {
        InvalidJson(String detail) {
            super(detail, null, false, false);
        }
    }

    /**
     * nats-server's CreateConsumerRequest: the stream the body names ({@code "stream_name"}, "" when
     * absent) and the consumer's configuration exactly as sent (no defaults; an absent or null
     * {@code "config"} is every field at its zero value).
     */
    record CreateRequest(String stream, ConsumerConfig config) {
    }

    /** Every field at Go's zero value: what an empty {@code "config":{}} decodes to. */
    static final ConsumerConfig EMPTY = new ConsumerConfig("", "", "", ConsumerConfig.DeliverPolicy.ALL, 0, null,
            ConsumerConfig.AckPolicy.NONE, 0, 0, List.of(), "", ConsumerConfig.ReplayPolicy.INSTANT, 0, "", 0, 0, 0,
            false, false, 0, 0, 0, "", "", 0, 0, false, false);

    /**
     * A CONSUMER.CREATE / DURABLE.CREATE request body, as nats-server's {@code json.Unmarshal(msg, &req)}
     * reads it. An empty body fails (Go: "unexpected end of JSON input"); {@code null} is an empty
     * request (stream "", every field zero), which nats-server then refuses as a stream mismatch.
     *
     * @throws InvalidJson when nats-server answers "invalid JSON"
     */
    static CreateRequest decodeCreateRequest(String body) throws InvalidJson {
        Object doc = parse(body);
        new RawPolicies(body).scan(false);
        if (doc == null) {
            return new CreateRequest("", EMPTY);
        }
        if (!(doc instanceof GoJson.Obj top)) {
            throw new InvalidJson("json: cannot unmarshal " + kind(doc) + " into Go value of type server.CreateConsumerRequest");
        }
        String stream = string(top.members(), "stream_name");
        List<Map.Entry<String, Object>> config = new ArrayList<>();
        for (Object c : values(top.members(), "config")) {
            if (c == null) {
                continue; // a struct value: null leaves it alone
            }
            if (!(c instanceof GoJson.Obj o)) {
                throw new InvalidJson("config: cannot unmarshal " + kind(c) + " into server.ConsumerConfig");
            }
            config.addAll(o.members()); // decoded into the same struct, in order
        }
        return new CreateRequest(stream, config(config));
    }

    /**
     * A ConsumerConfig object alone (as nats-server's consumer store keeps it), by the same rules;
     * {@code null} gives {@link #EMPTY}.
     */
    static ConsumerConfig decode(String json) throws InvalidJson {
        Object doc = parse(json);
        new RawPolicies(json).scan(true);
        if (doc == null) {
            return EMPTY;
        }
        if (!(doc instanceof GoJson.Obj o)) {
            throw new InvalidJson("json: cannot unmarshal " + kind(doc) + " into Go value of type server.ConsumerConfig");
        }
        return config(o.members());
    }

    private static Object parse(String json) throws InvalidJson {
        try {
            return GoJson.parse(json == null ? "" : json);
        } catch (GoJson.SyntaxError e) {
            throw new InvalidJson(e.getMessage());
        }
    }

    private static ConsumerConfig config(List<Map.Entry<String, Object>> m) throws InvalidJson {
        ConsumerConfig.DeliverPolicy deliver = policy(m, "deliver_policy", ConsumerConfig.DeliverPolicy.values(),
                ConsumerConfig.DeliverPolicy.ALL, "undefined");
        ConsumerConfig.AckPolicy ack = policy(m, "ack_policy", ConsumerConfig.AckPolicy.values(),
                ConsumerConfig.AckPolicy.NONE, null);
        ConsumerConfig.ReplayPolicy replay = policy(m, "replay_policy", ConsumerConfig.ReplayPolicy.values(),
                ConsumerConfig.ReplayPolicy.INSTANT, null);
        return new ConsumerConfig(string(m, "durable_name"), string(m, "name"), string(m, "description"), deliver,
                unsigned(m, "opt_start_seq"), time(m, "opt_start_time"), ack, signed(m, "ack_wait"),
                signed(m, "max_deliver"), durations(m, "backoff"), string(m, "filter_subject"), replay,
                unsigned(m, "rate_limit_bps"), string(m, "sample_freq"), signed(m, "max_waiting"),
                signed(m, "max_ack_pending"), signed(m, "idle_heartbeat"), bool(m, "flow_control"),
                bool(m, "headers_only"), signed(m, "max_batch"), signed(m, "max_expires"), signed(m, "max_bytes"),
                string(m, "deliver_subject"), string(m, "deliver_group"), signed(m, "inactive_threshold"),
                signed(m, "num_replicas"), bool(m, "mem_storage"), bool(m, "direct"));
    }

    private static final List<String> POLICIES = List.of("deliver_policy", "ack_policy", "replay_policy");

    /**
     * nats-server's policy UnmarshalJSON methods compare the raw JSON text, so a policy spelled with
     * an escape ("&#92;u0065xplicit") fails although it decodes to a valid spelling. This scan of
     * an already valid document finds such a value in the consumer configuration object(s).
     */
    private static final class RawPolicies {
        private final String s;
        private int pos;

        RawPolicies(String s) {
            this.s = s;
        }

        /** @param configAtTop the document is the configuration itself, not a CreateConsumerRequest */
        void scan(boolean configAtTop) throws InvalidJson {
            if (s == null || s.indexOf('\\') < 0) {
                return; // nothing escaped anywhere
            }
            ws();
            if (pos < s.length() && s.charAt(pos) == '{') {
                object(configAtTop ? 1 : 0);
            }
        }

        /** @param level 0 the request, 1 a configuration, 2 anything else */
        private void object(int level) throws InvalidJson {
            pos++; // '{'
            ws();
            if (s.charAt(pos) == '}') {
                pos++;
                return;
            }
            while (true) {
                ws();
                int start = pos;
                skipString();
                String key;
                try {
                    key = (String) GoJson.parse(s.substring(start, pos));
                } catch (GoJson.SyntaxError e) {
                    throw new InvalidJson(e.getMessage());
                }
                ws();
                pos++; // ':'
                ws();
                char c = s.charAt(pos);
                if (level == 0 && key.equalsIgnoreCase("config") && c == '{') {
                    object(1);
                } else if (level == 1 && c == '"' && POLICIES.stream().anyMatch(key::equalsIgnoreCase)) {
                    int v = pos;
                    skipString();
                    if (s.substring(v, pos).indexOf('\\') >= 0) {
                        throw new InvalidJson(key + ": can not unmarshal " + s.substring(v, pos));
                    }
                } else {
                    skipValue();
                }
                ws();
                if (s.charAt(pos++) == '}') {
                    return;
                }
            }
        }

        private void skipValue() throws InvalidJson {
            char c = s.charAt(pos);
            if (c == '"') {
                skipString();
            } else if (c == '{') {
                object(2);
            } else if (c == '[') {
                pos++;
                ws();
                if (s.charAt(pos) == ']') {
                    pos++;
                    return;
                }
                while (true) {
                    ws();
                    skipValue();
                    ws();
                    if (s.charAt(pos++) == ']') {
                        return;
                    }
                }
            } else {
                while (pos < s.length() && ",}] \t\r\n".indexOf(s.charAt(pos)) < 0) {
                    pos++; // a number or a literal
                }
            }
        }

        private void skipString() {
            pos++; // opening quote
            while (s.charAt(pos) != '"') {
                pos += s.charAt(pos) == '\\' ? 2 : 1;
            }
            pos++;
        }

        private void ws() {
            while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
        }
    }

    /** The values of every member Go would apply to the field tagged {@code tag}, in order, nulls included. */
    private static List<Object> values(List<Map.Entry<String, Object>> members, String tag) {
        List<Object> out = new ArrayList<>(1);
        for (Map.Entry<String, Object> e : members) {
            if (e.getKey().equalsIgnoreCase(tag)) {
                out.add(e.getValue());
            }
        }
        return out;
    }

    private static String string(List<Map.Entry<String, Object>> m, String tag) throws InvalidJson {
        String v = "";
        for (Object o : values(m, tag)) {
            if (o instanceof String s) {
                v = s;
            } else if (o != null) {
                throw mismatch(o, tag, "string");
            }
        }
        return v;
    }

    private static boolean bool(List<Map.Entry<String, Object>> m, String tag) throws InvalidJson {
        boolean v = false;
        for (Object o : values(m, tag)) {
            if (o instanceof Boolean b) {
                v = b;
            } else if (o != null) {
                throw mismatch(o, tag, "bool");
            }
        }
        return v;
    }

    /** An int, int64 or time.Duration field (all 64 bits wide in nats-server's build). */
    private static long signed(List<Map.Entry<String, Object>> m, String tag) throws InvalidJson {
        long v = 0;
        for (Object o : values(m, tag)) {
            if (o != null) {
                v = signed(o, tag);
            }
        }
        return v;
    }

    /** Go's strconv.ParseInt(text, 10, 64) on a JSON number: plain integers only. */
    private static long signed(Object o, String tag) throws InvalidJson {
        if (o instanceof GoJson.Num n && isInteger(n.text())) {
            try {
                return Long.parseLong(n.text());
            } catch (NumberFormatException e) {
                // out of range, below
            }
        }
        throw mismatch(o, tag, "int64");
    }

    /** A uint64 field, its bits in a long: Go's strconv.ParseUint (no sign at all). */
    private static long unsigned(List<Map.Entry<String, Object>> m, String tag) throws InvalidJson {
        long v = 0;
        for (Object o : values(m, tag)) {
            if (o == null) {
                continue;
            }
            if (o instanceof GoJson.Num n && isInteger(n.text()) && n.text().charAt(0) != '-') {
                try {
                    v = Long.parseUnsignedLong(n.text());
                    continue;
                } catch (NumberFormatException e) {
                    // out of range, below
                }
            }
            throw mismatch(o, tag, "uint64");
        }
        return v;
    }

    private static boolean isInteger(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.' || c == 'e' || c == 'E') {
                return false;
            }
        }
        return true;
    }

    /** A []time.Duration: null clears it, a null element is 0. */
    private static List<Long> durations(List<Map.Entry<String, Object>> m, String tag) throws InvalidJson {
        List<Long> v = List.of();
        for (Object o : values(m, tag)) {
            if (o == null) {
                v = List.of();
            } else if (o instanceof List<?> list) {
                List<Long> d = new ArrayList<>(list.size());
                for (Object e : list) {
                    d.add(e == null ? 0L : signed(e, tag));
                }
                v = d;
            } else {
                throw mismatch(o, tag, "[]time.Duration");
            }
        }
        return v;
    }

    /** A *time.Time: null clears it; a string must be RFC 3339 as Go 1.19 parses it. */
    private static Instant time(List<Map.Entry<String, Object>> m, String tag) throws InvalidJson {
        Instant v = null;
        for (Object o : values(m, tag)) {
            if (o == null) {
                v = null;
            } else if (o instanceof String s) {
                v = rfc3339(s);
            } else {
                throw new InvalidJson("Time.UnmarshalJSON: input is not a JSON string");
            }
        }
        return v;
    }

    /**
     * nats-server's policy UnmarshalJSON: the raw JSON must be one of the quoted spellings (or
     * {@code alias}, read as the zero value); null fails too.
     */
    private static <E extends StreamConfig.Spelled> E policy(List<Map.Entry<String, Object>> m, String tag, E[] values,
            E zero, String alias) throws InvalidJson {
        E v = zero;
        for (Object o : values(m, tag)) {
            v = spelled(o, values, zero, alias, tag);
        }
        return v;
    }

    private static <E extends StreamConfig.Spelled> E spelled(Object o, E[] values, E zero, String alias, String tag)
            throws InvalidJson {
        if (o instanceof String s) {
            for (E e : values) {
                if (e.json().equals(s)) {
                    return e;
                }
            }
            if (s.equals(alias)) {
                return zero;
            }
        }
        throw new InvalidJson(tag + ": can not unmarshal " + o);
    }

    /**
     * Go 1.19's time.Parse(RFC3339) as time.Time's UnmarshalJSON applies it: a four-digit year,
     * two-digit month, day, minute and second, an hour of one or two digits, an optional fraction
     * after '.' or ',' (digits past the ninth ignored), then 'Z' or ±hh:mm with any two digits each
     * (Go 1.19 does not range-check the offset). Days are checked against the month.
     */
    static Instant rfc3339(String s) throws InvalidJson {
        InvalidJson bad = new InvalidJson("parsing time " + s + " as RFC 3339");
        int[] pos = {0};
        int year = digits(s, pos, 4, 4, bad);
        expect(s, pos, '-', bad);
        int month = digits(s, pos, 2, 2, bad);
        expect(s, pos, '-', bad);
        int day = digits(s, pos, 2, 2, bad);
        expect(s, pos, 'T', bad);
        int hour = digits(s, pos, 1, 2, bad);
        expect(s, pos, ':', bad);
        int minute = digits(s, pos, 2, 2, bad);
        expect(s, pos, ':', bad);
        int second = digits(s, pos, 2, 2, bad);
        int nanos = 0;
        int i = pos[0];
        if (i + 1 < s.length() && (s.charAt(i) == '.' || s.charAt(i) == ',') && isDigit(s.charAt(i + 1))) {
            int j = i + 1;
            int scale = 100_000_000;
            while (j < s.length() && isDigit(s.charAt(j))) {
                if (scale > 0) {
                    nanos += (s.charAt(j) - '0') * scale;
                    scale /= 10;
                }
                j++;
            }
            pos[0] = j;
        }
        int offsetSeconds;
        if (pos[0] < s.length() && s.charAt(pos[0]) == 'Z') {
            pos[0]++;
            offsetSeconds = 0;
        } else {
            if (pos[0] + 6 > s.length() || s.charAt(pos[0] + 3) != ':') {
                throw bad;
            }
            char sign = s.charAt(pos[0]);
            if (sign != '+' && sign != '-') {
                throw bad;
            }
            pos[0]++;
            int oh = digits(s, pos, 2, 2, bad);
            pos[0]++;
            int om = digits(s, pos, 2, 2, bad); // Go 1.19 takes any two digits here: +25:00 and +01:60 parse
            offsetSeconds = (sign == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        }
        if (pos[0] != s.length() || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) {
            throw bad;
        }
        try {
            LocalDateTime t = LocalDateTime.of(year, month, day, hour, minute, second, nanos);
            return t.toInstant(ZoneOffset.UTC).minusSeconds(offsetSeconds);
        } catch (DateTimeException e) {
            throw bad; // day out of range for the month
        }
    }

    private static int digits(String s, int[] pos, int min, int max, InvalidJson bad) throws InvalidJson {
        int i = pos[0];
        int v = 0;
        int n = 0;
        while (n < max && i < s.length() && isDigit(s.charAt(i))) {
            v = v * 10 + s.charAt(i) - '0';
            i++;
            n++;
        }
        if (n < min) {
            throw bad;
        }
        pos[0] = i;
        return v;
    }

    private static void expect(String s, int[] pos, char c, InvalidJson bad) throws InvalidJson {
        if (pos[0] >= s.length() || s.charAt(pos[0]) != c) {
            throw bad;
        }
        pos[0]++;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static InvalidJson mismatch(Object v, String tag, String goType) {
        return new InvalidJson("json: cannot unmarshal " + kind(v) + " into Go struct field " + tag + " of type " + goType);
    }

    private static String kind(Object v) {
        if (v instanceof String) {
            return "string";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (v instanceof GoJson.Num n) {
            return "number " + n.text();
        }
        return v instanceof List ? "array" : "object";
    }

    /** Go's zero string: "" (null is taken as "" everywhere in this layer). */
    static boolean empty(String s) {
        return s == null || s.isEmpty();
    }

    /** json.Marshal of a ConsumerConfig: nats-server's field order, omitempty as tagged. */
    static String encode(ConsumerConfig c) {
        StringBuilder sb = new StringBuilder(384);
        encode(sb, c);
        return sb.toString();
    }

    /** As {@link #encode(ConsumerConfig)}, appended to {@code sb}. */
    static void encode(StringBuilder sb, ConsumerConfig c) {
        sb.append('{');
        boolean first = true;
        if (!empty(c.durable())) {
            str(sb, "durable_name", c.durable());
            first = false;
        }
        if (!empty(c.name())) {
            str(first ? sb : sb.append(','), "name", c.name());
            first = false;
        }
        if (!empty(c.description())) {
            str(first ? sb : sb.append(','), "description", c.description());
            first = false;
        }
        str(first ? sb : sb.append(','), "deliver_policy", c.deliverPolicy().json());
        if (c.optStartSeq() != 0) {
            sb.append(",\"opt_start_seq\":").append(Long.toUnsignedString(c.optStartSeq()));
        }
        if (c.optStartTime() != null) {
            str(sb.append(','), "opt_start_time", StreamConfigJson.rfc3339(c.optStartTime()));
        }
        str(sb.append(','), "ack_policy", c.ackPolicy().json());
        num(sb, "ack_wait", c.ackWaitNanos());
        num(sb, "max_deliver", c.maxDeliver());
        if (!c.backoffNanos().isEmpty()) {
            sb.append(",\"backoff\":[");
            for (int i = 0; i < c.backoffNanos().size(); i++) {
                (i > 0 ? sb.append(',') : sb).append(c.backoffNanos().get(i).longValue());
            }
            sb.append(']');
        }
        if (!empty(c.filterSubject())) {
            str(sb.append(','), "filter_subject", c.filterSubject());
        }
        str(sb.append(','), "replay_policy", c.replayPolicy().json());
        if (c.rateLimitBps() != 0) {
            sb.append(",\"rate_limit_bps\":").append(Long.toUnsignedString(c.rateLimitBps()));
        }
        if (!empty(c.sampleFrequency())) {
            str(sb.append(','), "sample_freq", c.sampleFrequency());
        }
        num(sb, "max_waiting", c.maxWaiting());
        num(sb, "max_ack_pending", c.maxAckPending());
        num(sb, "idle_heartbeat", c.idleHeartbeatNanos());
        if (c.flowControl()) {
            sb.append(",\"flow_control\":true");
        }
        if (c.headersOnly()) {
            sb.append(",\"headers_only\":true");
        }
        num(sb, "max_batch", c.maxBatch());
        num(sb, "max_expires", c.maxExpiresNanos());
        num(sb, "max_bytes", c.maxBytes());
        if (!empty(c.deliverSubject())) {
            str(sb.append(','), "deliver_subject", c.deliverSubject());
        }
        if (!empty(c.deliverGroup())) {
            str(sb.append(','), "deliver_group", c.deliverGroup());
        }
        num(sb, "inactive_threshold", c.inactiveThresholdNanos());
        sb.append(",\"num_replicas\":").append(c.replicas());
        if (c.memStorage()) {
            sb.append(",\"mem_storage\":true");
        }
        if (c.direct()) {
            sb.append(",\"direct\":true");
        }
        sb.append('}');
    }

    private static StringBuilder str(StringBuilder sb, String k, String v) {
        Json.quote(sb, k);
        sb.append(':');
        Json.quote(sb, v);
        return sb;
    }

    /** An omitempty integer member after another member. */
    private static void num(StringBuilder sb, String k, long v) {
        if (v != 0) {
            sb.append(",\"").append(k).append("\":").append(v);
        }
    }
}
