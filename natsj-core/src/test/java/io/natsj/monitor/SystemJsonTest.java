package io.natsj.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
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

}
