package io.natsj.jetstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.natsj.protocol.GoJson;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replays consumer-api-2.9.10.jsonl (recorded from the real nats-server 2.9.10 by
 * scripts/capture-consumer-api.py) through natsj's consumer JSON layer, the way a handler would use
 * it, and checks every answer byte for byte: refusals exactly (code, err_code, description, and the
 * shape of the answer), successes with natsj's configuration, created time and name bookkeeping, and
 * nats-server's own delivery state (delivered, ack floor, pending counts, push bound: the engine's
 * business, taken from the recording). Consumer advisories are rebuilt from their fields.
 *
 * <p>The known differences, both from ConsumerConfig keeping opt_start_time as an Instant where
 * nats-server keeps the offset it was sent with: nats-server writes the time back with that offset,
 * natsj in UTC (those values are put in UTC in the recorded answer before comparing, and counted);
 * and nats-server refuses to update a consumer to the same start instant written with another offset
 * ("start time can not be updated"), which natsj takes as no change (counted, and skipped).
 */
class ConsumerApiGoldenTest {
    private static final List<GoJson.Obj> ROWS = new ArrayList<>();

    @BeforeAll
    static void load() throws Exception {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                ConsumerApiGoldenTest.class.getResourceAsStream("consumer-api-2.9.10.jsonl")), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null;) {
                ROWS.add((GoJson.Obj) GoJson.parse(line));
            }
        }
    }

    /** One server's streams and consumers as natsj's layer keeps track of them. */
    private static final class Model {
        final ConsumerConfigCheck.Limits limits;
        final Map<String, StreamConfig> streams = new HashMap<>();
        final Map<String, TreeMap<String, Consumer>> consumers = new HashMap<>();
        final Set<String> subscribed = new HashSet<>();

        Model(ConsumerConfigCheck.Limits limits) {
            this.limits = limits;
        }

        TreeMap<String, Consumer> of(String stream) {
            return consumers.computeIfAbsent(stream, s -> new TreeMap<>());
        }
    }

    private record Consumer(ConsumerConfig config, Instant created) {
    }

    private final Map<String, Model> models = Map.of(
            "plain", new Model(ConsumerConfigCheck.Limits.NONE),
            "limits", new Model(new ConsumerConfigCheck.Limits(100, 10, 50, 4)));
    private int compared;
    private int offsetTimes;
    private int offsetUpdates;
    private final Map<String, Integer> kinds = new TreeMap<>();

    @Test
    void everyRecordedAnswerAndAdvisory() throws Exception {
        for (GoJson.Obj row : ROWS) {
            Model m = models.get((String) row.get("server"));
            String kind = (String) row.get("kind");
            switch (kind) {
                case "api" -> api(m, (String) row.get("subject"), (String) row.get("body"), (String) row.get("response"));
                case "sub" -> m.subscribed.add((String) row.get("subject"));
                case "unsub" -> m.subscribed.remove((String) row.get("subject"));
                case "event" -> event(m, (String) row.get("subject"), (String) row.get("data"));
                case "ack" -> {
                }
                default -> fail(kind);
            }
        }
        // Every kind of answer was met, and the recording is the one this test was written for.
        assertEquals("{advisory=130, create=113, create-refused=152, delete=27, delete-refused=6, info=21, "
                + "info-refused=4, list=6, list-refused=2, names=13, names-refused=9, stream=12}", kinds.toString());
        assertEquals(484, compared);
        assertEquals(11, offsetTimes, "answers holding an opt_start_time nats-server writes with its offset");
        assertEquals(1, offsetUpdates, "updates nats-server refuses for an opt_start_time sent with another offset");
    }

    private void count(String kind) {
        kinds.merge(kind, 1, Integer::sum);
    }

    private void api(Model m, String subject, String body, String response) throws Exception {
        assertNotNull(response, subject);
        String[] t = subject.split("\\.", -1);
        if (subject.startsWith("$JS.API.STREAM.CREATE.")) {
            if (!response.contains("\"error\"")) {
                m.streams.put(t[4], StreamCreate.validate(t[4], body, m.streams::get, false, 0, 0));
            }
            count("stream");
            return;
        }
        if (!subject.startsWith("$JS.API.CONSUMER.")) {
            fail(subject);
        }
        String expected = utcOffsets(response);
        String actual = switch (t[3]) {
            case "CREATE", "DURABLE" -> create(m, subject, body, response);
            case "INFO" -> info(m, t[4], t[5], body, response);
            case "NAMES" -> names(m, t[4], body);
            case "LIST" -> list(m, t[4], body, response);
            case "DELETE" -> delete(m, t[4], t[5], body);
            default -> throw new AssertionError(subject);
        };
        assertEquals(expected, actual, subject + " " + body);
        compared++;
    }

    /** The create pipeline in nats-server's order (see ConsumerConfigCheck). */
    private String create(Model m, String subject, String body, String response) throws Exception {
        ConsumerConfigJson.CreateRequest req;
        try {
            req = ConsumerConfigJson.decodeCreateRequest(body);
        } catch (ConsumerConfigJson.InvalidJson e) {
            return refused(ApiErrors.INVALID_JSON);
        }
        try {
            ConsumerConfigCheck.CreateSubject s = ConsumerConfigCheck.parseCreateSubject(subject);
            ConsumerConfig c = ConsumerConfigCheck.checkCreateRequest(s, req);
            StreamConfig stream = m.streams.get(s.stream());
            if (stream == null) {
                return refused(ApiErrors.STREAM_NOT_FOUND);
            }
            c = ConsumerConfigCheck.check(c, stream, m.streams::get, m.limits);
            TreeMap<String, Consumer> consumers = m.of(s.stream());
            String existing = ConsumerConfigCheck.existingName(c);
            Consumer old = existing == null ? null : consumers.get(existing);
            GoJson.Obj go = (GoJson.Obj) GoJson.parse(response);
            boolean storeFailure = response.contains("\"description\":\"error creating store for consumer\"");
            if (old != null) {
                ConsumerConfig kept = ConsumerConfigCheck.checkUpdate(old.config(), c,
                        m.subscribed.contains(old.config().deliverSubject()));
                if (response.contains("start time can not be updated") && OFFSET_TIME.matcher(body.replace(" ", "")).find()) {
                    // The same instant with another offset: nats-server's time.Time values differ, natsj's Instants do not.
                    offsetUpdates++;
                    return ConsumerInfoJson.createError(ApiErrors.consumerCreate("start time can not be updated"));
                }
                accepted(go, subject, body, response);
                consumers.put(existing, new Consumer(kept, old.created()));
                count("create");
                return ConsumerInfoJson.createResponse(info(s.stream(), existing, consumers.get(existing), go));
            }
            int pub = (int) consumers.values().stream().filter(x -> !x.config().direct()).count();
            List<String> filters = consumers.values().stream().map(x -> x.config().filterSubject()).collect(Collectors.toList());
            ConsumerConfigCheck.checkNew(c, stream, pub, filters, m.limits);
            if (!storeFailure) {
                accepted(go, subject, body, response);
            }
            if (storeFailure) {
                // A file name too long for the file system: the store's refusal, past this layer.
                assertEquals(256, c.name().length());
                return refused(ApiErrors.consumerCreate("error creating store for consumer"));
            }
            ConsumerConfig kept = ConsumerConfigCheck.forNewConsumer(c);
            String name = c.isDurable() ? c.durable() : c.name();
            if (name.isEmpty()) {
                name = (String) go.get("name");
                assertTrue(name.matches("[0-9A-Za-z]{8}"), name);
            }
            Consumer made = new Consumer(kept, Instant.parse((String) go.get("created")));
            consumers.put(name, made);
            count("create");
            return ConsumerInfoJson.createResponse(info(s.stream(), name, made, go));
        } catch (ConsumerConfigCheck.Invalid e) {
            return refused(e.error);
        }
    }

    private static void accepted(GoJson.Obj go, String subject, String body, String response) {
        if (go.get("error") != null) {
            fail("natsj accepts what nats-server refused: " + subject + " " + body + " -> " + response);
        }
    }

    private String refused(ApiError e) {
        count("create-refused");
        return ConsumerInfoJson.createError(e);
    }

    private String info(Model m, String stream, String name, String body, String response) throws Exception {
        if (!ConsumerInfoJson.isEmptyRequest(body.getBytes(StandardCharsets.UTF_8))) {
            count("info-refused");
            return ConsumerInfoJson.infoError(ApiErrors.NOT_EMPTY_REQUEST);
        }
        if (!m.streams.containsKey(stream)) {
            count("info-refused");
            return ConsumerInfoJson.infoError(ApiErrors.STREAM_NOT_FOUND);
        }
        Consumer c = m.of(stream).get(name);
        if (c == null) {
            count("info-refused");
            return ConsumerInfoJson.infoError(ApiErrors.CONSUMER_NOT_FOUND);
        }
        count("info");
        return ConsumerInfoJson.infoResponse(info(stream, name, c, (GoJson.Obj) GoJson.parse(response)));
    }

    private String names(Model m, String stream, String body) {
        long offset;
        try {
            offset = ConsumerInfoJson.pageOffset(body.getBytes(StandardCharsets.UTF_8));
        } catch (ConsumerConfigJson.InvalidJson e) {
            count("names-refused");
            return ConsumerInfoJson.namesError(ApiErrors.INVALID_JSON);
        }
        if (!m.streams.containsKey(stream)) {
            count("names-refused");
            return ConsumerInfoJson.namesError(ApiErrors.STREAM_NOT_FOUND);
        }
        List<String> all = publicNames(m, stream);
        ConsumerInfoJson.Page p = ConsumerInfoJson.Page.of(all.size(), offset, ConsumerInfoJson.NAMES_LIMIT);
        count("names");
        return ConsumerInfoJson.namesResponse(all.size(), p.offset(), all.subList(p.offset(), p.end()));
    }

    private String list(Model m, String stream, String body, String response) throws Exception {
        long offset;
        try {
            offset = ConsumerInfoJson.pageOffset(body.getBytes(StandardCharsets.UTF_8));
        } catch (ConsumerConfigJson.InvalidJson e) {
            count("list-refused");
            return ConsumerInfoJson.listError(ApiErrors.INVALID_JSON);
        }
        if (!m.streams.containsKey(stream)) {
            count("list-refused");
            return ConsumerInfoJson.listError(ApiErrors.STREAM_NOT_FOUND);
        }
        List<String> all = publicNames(m, stream);
        ConsumerInfoJson.Page p = ConsumerInfoJson.Page.of(all.size(), offset, ConsumerInfoJson.LIST_LIMIT);
        @SuppressWarnings("unchecked")
        List<Object> recorded = (List<Object>) ((GoJson.Obj) GoJson.parse(response)).get("consumers");
        List<ConsumerInfoJson.ConsumerInfo> infos = new ArrayList<>();
        for (int i = p.offset(); i < p.end(); i++) {
            String name = all.get(i);
            infos.add(info(stream, name, m.of(stream).get(name), (GoJson.Obj) recorded.get(i - p.offset())));
        }
        count("list");
        return ConsumerInfoJson.listResponse(all.size(), p.offset(), infos);
    }

    private String delete(Model m, String stream, String name, String body) {
        if (!ConsumerInfoJson.isEmptyRequest(body.getBytes(StandardCharsets.UTF_8))) {
            count("delete-refused");
            return ConsumerInfoJson.deleteError(ApiErrors.NOT_EMPTY_REQUEST);
        }
        if (!m.streams.containsKey(stream)) {
            count("delete-refused");
            return ConsumerInfoJson.deleteError(ApiErrors.STREAM_NOT_FOUND);
        }
        if (m.of(stream).remove(name) == null) {
            count("delete-refused");
            return ConsumerInfoJson.deleteError(ApiErrors.CONSUMER_NOT_FOUND);
        }
        count("delete");
        return ConsumerInfoJson.deleteResponse();
    }

    private static List<String> publicNames(Model m, String stream) {
        return m.of(stream).entrySet().stream().filter(e -> !e.getValue().config().direct()).map(Map.Entry::getKey)
                .collect(Collectors.toList()); // a TreeMap: sorted as nats-server sorts (byte order for these names)
    }

    /** natsj's info: its own name, created time and configuration; the delivery state nats-server reported. */
    private static ConsumerInfoJson.ConsumerInfo info(String stream, String name, Consumer c, GoJson.Obj go) {
        assertEquals(stream, go.get("stream_name"));
        assertEquals(name, go.get("name"));
        assertEquals(c.created(), Instant.parse((String) go.get("created")), "created time of " + name);
        return new ConsumerInfoJson.ConsumerInfo(stream, name, c.created(), c.config(), sequence(go.get("delivered")),
                sequence(go.get("ack_floor")), number(go, "num_ack_pending"), number(go, "num_redelivered"),
                number(go, "num_waiting"), number(go, "num_pending"), Boolean.TRUE.equals(go.get("push_bound")));
    }

    private static ConsumerInfoJson.SequenceInfo sequence(Object o) {
        GoJson.Obj s = (GoJson.Obj) o;
        String last = (String) s.get("last_active");
        return new ConsumerInfoJson.SequenceInfo(number(s, "consumer_seq"), number(s, "stream_seq"),
                last == null ? null : Instant.parse(last));
    }

    private static long number(GoJson.Obj o, String key) {
        return Long.parseUnsignedLong(((GoJson.Num) o.get(key)).text());
    }

    private static final Pattern OFFSET_TIME = Pattern.compile("\"opt_start_time\":\"([^\"]*)([+-])(\\d+):(\\d\\d)\"");

    /** The recorded answer with every opt_start_time written with an offset put in UTC, as natsj writes it. */
    private String utcOffsets(String response) throws Exception {
        Matcher mt = OFFSET_TIME.matcher(response);
        StringBuilder sb = new StringBuilder();
        while (mt.find()) {
            offsetTimes++;
            // Go writes the offset as hours:minutes, the hours unbounded ("+100:39" for a "+99:99" it was sent)
            int seconds = (Integer.parseInt(mt.group(3)) * 3600 + Integer.parseInt(mt.group(4)) * 60)
                    * (mt.group(2).equals("-") ? -1 : 1);
            Instant t = ConsumerConfigJson.rfc3339(mt.group(1) + "Z").minusSeconds(seconds);
            mt.appendReplacement(sb, Matcher.quoteReplacement("\"opt_start_time\":\"" + StreamConfigJson.rfc3339(t) + "\""));
        }
        mt.appendTail(sb);
        return sb.toString();
    }

    /** A consumer advisory or metric: its subject and JSON rebuilt from its fields. */
    private void event(Model m, String subject, String data) throws Exception {
        GoJson.Obj e = (GoJson.Obj) GoJson.parse(data);
        String id = (String) e.get("id");
        Instant ts = Instant.parse((String) e.get("timestamp"));
        String stream = (String) e.get("stream");
        String consumer = (String) e.get("consumer");
        String domain = (String) e.get("domain");
        String expectedSubject;
        String actual;
        switch ((String) e.get("type")) {
            case Advisories.CONSUMER_ACTION_TYPE -> {
                String action = (String) e.get("action");
                expectedSubject = Advisories.consumerActionSubject(stream, consumer, action);
                actual = Advisories.consumerAction(id, ts, stream, consumer, action, domain);
                if (action.equals(Advisories.DELETE)) {
                    m.of(stream).remove(consumer); // also the ones nats-server deletes for inactivity
                }
            }
            case Advisories.MAX_DELIVER_TYPE -> {
                expectedSubject = Advisories.maxDeliveriesSubject(stream, consumer);
                actual = Advisories.maxDeliveries(id, ts, stream, consumer, number(e, "stream_seq"), number(e, "deliveries"), domain);
            }
            case Advisories.TERMINATED_TYPE -> {
                expectedSubject = Advisories.msgTerminatedSubject(stream, consumer);
                actual = Advisories.msgTerminated(id, ts, stream, consumer, number(e, "consumer_seq"), number(e, "stream_seq"),
                        number(e, "deliveries"), domain);
            }
            case Advisories.NAK_TYPE -> {
                expectedSubject = Advisories.msgNakedSubject(stream, consumer);
                actual = Advisories.msgNaked(id, ts, stream, consumer, number(e, "consumer_seq"), number(e, "stream_seq"),
                        number(e, "deliveries"), domain);
            }
            case Advisories.CONSUMER_ACK_METRIC_TYPE -> {
                expectedSubject = Advisories.ackMetricSubject(stream, consumer);
                actual = Advisories.ackMetric(id, ts, stream, consumer, number(e, "consumer_seq"), number(e, "stream_seq"),
                        Long.parseLong(((GoJson.Num) e.get("ack_time")).text()), number(e, "deliveries"), domain);
            }
            default -> throw new AssertionError(data);
        }
        assertEquals(subject, expectedSubject);
        assertEquals(data, actual);
        count("advisory");
        compared++;
    }

    @Test
    void theRecordingHasNoUnansweredRequest() {
        for (GoJson.Obj row : ROWS) {
            if ("api".equals(row.get("kind"))) {
                assertNotNull(row.get("response"), (String) row.get("subject"));
            } else {
                assertNull(row.get("response"));
            }
        }
    }
}
