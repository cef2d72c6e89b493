package io.natsj.jetstream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.natsj.protocol.GoJson;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Stream create and info answers rebuilt from their parts equal nats-server 2.9.10's bytes (pub-acks-2.9.10.jsonl). */
class StreamInfoJsonTest {
    private static List<String> answers(String step) throws Exception {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                StreamInfoJsonTest.class.getResourceAsStream("pub-acks-2.9.10.jsonl")), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null;) {
                GoJson.Struct row = GoJson.struct("row", line);
                if (row.string("step").equals(step)) {
                    out.add(row.string("answer"));
                }
            }
        }
        return out;
    }

    /** The raw JSON of a member of {@code doc} (an object or string value), as written. */
    private static String raw(String doc, String key) {
        int i = doc.indexOf("\"" + key + "\":") + key.length() + 3;
        if (doc.charAt(i) == '"') {
            return doc.substring(i + 1, doc.indexOf('"', i + 1));
        }
        int depth = 0;
        for (int j = i;; j++) {
            char c = doc.charAt(j);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return doc.substring(i, j + 1);
            }
        }
    }

    @Test
    void createResponseAsNatsServer() throws Exception {
        String go = answers("create").get(0);
        StreamConfig c = StreamConfigJson.decode(raw(go, "config"));
        Instant created = Instant.parse(raw(go, "created"));
        StreamState empty = new StreamState(0, 0, 0, null, 0, null, 0, new TreeMap<>(), 0, List.of(), null, 0);
        assertEquals(go, StreamInfoJson.createResponse(c, created, empty, null, true));
    }

    @Test
    void infoResponseAsNatsServer() throws Exception {
        String go = answers("info").get(0);
        StreamConfig c = StreamConfigJson.decode(raw(go, "config"));
        Instant created = Instant.parse(raw(go, "created"));
        String state = raw(go, "state");
        Instant ts = Instant.parse(raw(state, "first_ts"));
        // After "Nats-Rollup: all" only that message is left: 80 bytes as nats-server counts a stored record.
        StreamState s = new StreamState(1, 80, 4, ts, 4, ts, 1, new TreeMap<>(), 0, List.of(), null, 0);
        assertEquals(go, StreamInfoJson.infoResponse(c, created, s, null, 0, 0, 0, java.util.List.of()));
    }
}
