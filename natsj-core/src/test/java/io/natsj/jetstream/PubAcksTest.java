package io.natsj.jetstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.natsj.protocol.GoJson;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Publish answers and JetStream headers as nats-server 2.9.10 gives and reads them: pub-acks-2.9.10.jsonl
 * holds its answers to a sequence of publishes (scripts/capture-pub-acks.py).
 */
class PubAcksTest {
    private static List<String> answers() throws Exception {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                PubAcksTest.class.getResourceAsStream("pub-acks-2.9.10.jsonl")), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null;) {
                GoJson.Struct row = GoJson.struct("row", line);
                if (row.string("step").equals("pub")) {
                    out.add(row.string("answer"));
                }
            }
        }
        return out;
    }

    @Test
    void answersAreNatsServersBytes() throws Exception {
        List<String> a = answers();
        String orders = PubAcks.template("ORDERS", null);
        assertEquals(PubAcks.stored(orders, 1), a.get(0));
        assertEquals(PubAcks.duplicate(orders, 2), a.get(2));
        assertEquals(PubAcks.error("ORDERS", ApiErrors.STREAM_NOT_MATCH), a.get(5));
        assertEquals(PubAcks.error("ORDERS", ApiErrors.streamWrongLastSequence(5)), a.get(7));
        assertEquals(PubAcks.error("ORDERS", ApiErrors.streamWrongLastMsgId("")), a.get(14));
        assertEquals(PubAcks.error("ORDERS", ApiErrors.STREAM_MESSAGE_EXCEEDS_MAXIMUM), a.get(17));
        assertEquals(PubAcks.error("ORDERS", ApiErrors.streamRollupFailed("rollup not permitted")), a.get(18));
        assertEquals("", a.get(23), "an unknown rollup value gets no answer");
        assertEquals(PubAcks.stored(PubAcks.template("HUB", null), 1), a.get(24));
        assertEquals("{\"stream\":\"HUB\", \"domain\":\"hub\", \"seq\":1}", PubAcks.stored(PubAcks.template("HUB", "hub"), 1));
    }

    private static byte[] headers(String... nameValues) {
        StringBuilder sb = new StringBuilder("NATS/1.0\r\n");
        for (int i = 0; i < nameValues.length; i += 2) {
            sb.append(nameValues[i]).append(": ").append(nameValues[i + 1]).append("\r\n");
        }
        return sb.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String get(byte[] h, String key) {
        return JsHeaders.get(h, 0, h.length, key);
    }

    @Test
    void headersAreReadAsNatsServerReadsThem() {
        // The cases of the captured publishes, whose answers show what nats-server made of them.
        assertEquals("id-2  ", get(headers("Nats-Msg-Id", "  id-2  "), JsHeaders.MSG_ID), "leading spaces go, trailing stay");
        assertNull(get(headers("nats-msg-id", "lower"), JsHeaders.MSG_ID), "names are case-sensitive (stored, not deduplicated)");
        assertNull(get(headers("X-Note", "Nats-Msg-Id: inside", "Nats-Msg-Id", "id-4"), JsHeaders.MSG_ID),
                "only the first occurrence counts, and it must start a line");
        byte[] h = headers("Nats-Expected-Last-Sequence", "x1");
        assertEquals(-1L, JsHeaders.sequence(h, 0, h.length, JsHeaders.EXPECTED_LAST_SEQ), "not decimal: matches no sequence");
        h = headers("Nats-Expected-Last-Subject-Sequence", "0");
        assertEquals(0L, JsHeaders.sequence(h, 0, h.length, JsHeaders.EXPECTED_LAST_SUBJECT_SEQ));
        assertNull(JsHeaders.sequence(h, 0, h.length, JsHeaders.EXPECTED_LAST_SEQ));
        byte[] framed = ("xx" + new String(headers("Nats-Rollup", "SUB"), StandardCharsets.UTF_8) + "yy").getBytes(StandardCharsets.UTF_8);
        assertEquals("SUB", JsHeaders.get(framed, 2, framed.length - 4, JsHeaders.ROLLUP), "a region of a larger buffer");
    }
}
