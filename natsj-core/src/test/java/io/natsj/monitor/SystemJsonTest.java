package io.natsj.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SystemJsonTest {
    private static final SystemJson.Sender SERVER = new SystemJson.Sender("n", "127.0.0.1", "NID", null, null, "2.9.10",
            List.of(), 7, false, Instant.parse("2026-11-26T08:28:08.668953379Z"));

    @Test
    void connectAdvisoryAsNatsServerWritesIt() {
        SystemJson.Client c = new SystemJson.Client(Instant.parse("2026-11-26T08:28:08.668333342Z"), "127.0.0.1", 5, "SYS",
                "sys", "watcher", "py", "1.0", 0, null, "Client", "nats");
        // As captured from nats-server 2.9.10 (ids and times aside).
        assertEquals("{\"type\":\"io.nats.server.advisory.v1.client_connect\",\"id\":\"6hTKIIPGYABWmX7zfskj1W\","
                + "\"timestamp\":\"2026-11-26T08:28:08.6688708Z\",\"server\":{\"name\":\"n\",\"host\":\"127.0.0.1\","
                + "\"id\":\"NID\",\"ver\":\"2.9.10\",\"seq\":7,\"jetstream\":false,\"time\":\"2026-11-26T08:28:08.668953379Z\"},"
                + "\"client\":{\"start\":\"" + GoFormats.time(Instant.parse("2026-11-26T08:28:08.668333342Z"), ZoneId.systemDefault()) + "\",\"host\":\"127.0.0.1\",\"id\":5,\"acc\":\"SYS\","
                + "\"user\":\"sys\",\"name\":\"watcher\",\"lang\":\"py\",\"ver\":\"1.0\",\"kind\":\"Client\",\"client_type\":\"nats\"}}",
                SystemJson.connect("6hTKIIPGYABWmX7zfskj1W", Instant.parse("2026-11-26T08:28:08.6688708Z"), SERVER, c));
    }

    @Test
    void errorEnvelope() {
        assertEquals("{\"server\":{\"name\":\"n\",\"host\":\"127.0.0.1\",\"id\":\"NID\",\"ver\":\"2.9.10\",\"seq\":7,"
                + "\"jetstream\":false,\"time\":\"2026-11-26T08:28:08.668953379Z\"},\"error\":{\"code\":400,"
                + "\"description\":\"unexpected end of JSON input\"}}", SystemJson.error(SERVER, 400, "unexpected end of JSON input"));
    }

    @Test
    void compactDropsOnlyWhitespaceOutsideStrings() {
        assertEquals("{\"a b\":\"x \\\" y\",\"n\":[1,2],\"o\":{}}",
                SystemJson.compact("{\n  \"a b\": \"x \\\" y\",\n  \"n\": [\n    1,\n    2\n  ],\n  \"o\": {}\n}"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{bad|invalid character 'b' looking for beginning of object key string",
        "{\"a\" 1}|invalid character '1' after object key",
        "{\"a\":1 \"b\"|invalid character '\"' after object key:value pair",
        "[1 2]|invalid character '2' after array element",
        "{\"a\":tru}|invalid character '}' in literal true (expecting 'e')",
        "{}x|invalid character 'x' after top-level value",
        "{\"a\":|unexpected end of JSON input",
        "'|invalid character '\\'' looking for beginning of value",
        "{\"a\":-}|invalid character '}' in numeric literal",
    })
    void syntaxErrorsWithGosTexts(String json, String error) {
        GoJsonReader.SyntaxError e = assertThrows(GoJsonReader.SyntaxError.class, () -> GoJsonReader.read(json));
        assertEquals(error, e.getMessage());
    }

    @Test
    void readsValues() throws Exception {
        assertEquals(Map.of("a", List.of("x", 1.5, true), "b", Map.of()), GoJsonReader.read(" {\"a\":[\"x\",1.5,true],\"b\":{}} "));
        assertEquals(GoJsonReader.NULL, GoJsonReader.read("null"));
        assertEquals("é\n", GoJsonReader.read("\"\\u00e9\\n\""));
    }
}
