package io.natsj.jetstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.natsj.protocol.GoJson;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Stream creation checks against nats-server 2.9.10's own answers: each row of
 * stream-create-2.9.10.jsonl (made by scripts/capture-stream-configs.py against the real server) is
 * a request body and either the configuration nats-server stored, byte for byte as it marshals it,
 * or its error (status, error code, text).
 */
class StreamCreateTest {
    record Row(String streamName, String body, String config, long code, long errCode, String description) {
        @Override
        public String toString() {
            return streamName + " " + body;
        }
    }

    static Stream<Row> rows() throws Exception {
        List<Row> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                StreamCreateTest.class.getResourceAsStream("stream-create-2.9.10.jsonl")), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null;) {
                GoJson.Struct row = GoJson.struct("row", line);
                GoJson.Struct error = row.object("error", "error");
                rows.add(new Row(row.string("subject_name"), row.string("request_json"), row.string("config_json"),
                        error == null ? 0 : error.integer("code"), error == null ? 0 : error.integer("err_code"),
                        error == null ? "" : error.string("description")));
            }
        }
        return rows.stream();
    }

    @ParameterizedTest
    @MethodSource("rows")
    void answersAsNatsServer(Row row) throws Exception {
        String name = row.streamName().equals("EMPTY") ? "EMPTY" : row.streamName();
        if (row.config().isEmpty()) {
            StreamConfigCheck.Invalid e = assertThrows(StreamConfigCheck.Invalid.class,
                    () -> StreamCreate.validate(name, row.body(), s -> null, false, 0, 0));
            assertEquals(row.code() + " " + row.errCode() + " " + row.description(), e.error.code() + " " + e.error.errCode() + " " + e.error.description());
        } else {
            assertEquals(row.config(), StreamConfigJson.encode(StreamCreate.validate(name, row.body(), s -> null, false, 0, 0)));
        }
    }

    @Test
    void checksAgainstExistingStreams() throws Exception {
        StreamConfig origin = StreamCreate.validate("O", "{\"name\":\"O\",\"subjects\":[\"o.>\"],\"max_msg_size\":100,"
                + "\"allow_direct\":true}", s -> null, false, 0, 0);
        assertEquals("400 10030 stream mirror must have max message size >= source", refusal("{\"name\":\"M\",\"mirror\":"
                + "{\"name\":\"O\"},\"max_msg_size\":10}", origin));
        assertEquals("500 10052 mirror 'O' filter subject 'x' does not overlap with any origin stream subject",
                refusal("{\"name\":\"M\",\"mirror\":{\"name\":\"O\",\"filter_subject\":\"x\"}}", origin));
        assertEquals(true, StreamCreate.validate("M", "{\"name\":\"M\",\"mirror\":{\"name\":\"O\"}}",
                s -> s.equals("O") ? origin : null, false, 0, 0).mirrorDirect(), "mirror direct follows the origin's allow_direct");
        StreamConfig cyclic = StreamCreate.validate("A", "{\"name\":\"A\",\"sources\":[{\"name\":\"B\"}]}", s -> null, false, 0, 0);
        assertEquals("500 10052 detected cycle", refusal("{\"name\":\"B\",\"sources\":[{\"name\":\"A\"}]}", cyclic));
        assertEquals("400 10113 account requires a stream config to have max bytes set", refusalWithLimits("{\"name\":\"L\"}", true, 0));
        assertEquals("400 10122 stream max bytes exceeds account limit max stream bytes",
                refusalWithLimits("{\"name\":\"L\",\"max_bytes\":2048}", false, 1024));
    }

    @Test
    void maxStreamBytesIsTheLimitOfTheStreamsStorage() throws Exception {
        String memory = "{\"name\":\"M\",\"storage\":\"memory\",\"max_bytes\":2048}";
        String file = "{\"name\":\"M\",\"max_bytes\":2048}";
        StreamConfigCheck.Invalid e = assertThrows(StreamConfigCheck.Invalid.class,
                () -> StreamCreate.validate("M", memory, s -> null, false, 1024, 0));
        assertEquals(10122, e.error.errCode());
        assertEquals(2048, StreamCreate.validate("M", file, s -> null, false, 1024, 0).maxBytes(),
                "a file stream is held to the file limit (none here)");
        assertEquals(10122, assertThrows(StreamConfigCheck.Invalid.class,
                () -> StreamCreate.validate("M", file, s -> null, false, 0, 1024)).error.errCode());
    }

    private static String refusal(String body, StreamConfig existing) {
        String name = body.substring(9, body.indexOf('"', 9));
        StreamConfigCheck.Invalid e = assertThrows(StreamConfigCheck.Invalid.class,
                () -> StreamCreate.validate(name, body, s -> s.equals(existing.name()) ? existing : null, false, 0, 0));
        return e.error.code() + " " + e.error.errCode() + " " + e.error.description();
    }

    private static String refusalWithLimits(String body, boolean required, long max) {
        StreamConfigCheck.Invalid e = assertThrows(StreamConfigCheck.Invalid.class,
                () -> StreamCreate.validate("L", body, s -> null, required, max, max));
        return e.error.code() + " " + e.error.errCode() + " " + e.error.description();
    }
}
