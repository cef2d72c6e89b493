package io.natsj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.NatsServerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Configuration keys to options, with nats-server's aliases, types and messages. */
class ConfigOptionsTest {
    private static final Path FILE = Path.of("t.conf");

    private static NatsServerOptions options(String text) throws ConfigException {
        NatsServerOptions.Builder b = NatsServerOptions.builder();
        ConfigOptions.apply(ConfigParser.parse(text, FILE), b);
        return b.build();
    }

    private static String problem(String text) {
        return assertThrows(ConfigException.class, () -> options(text)).getMessage();
    }

    @Test
    void everySupportedKeyAndAlias() throws Exception {
        NatsServerOptions o = options(String.join("\n",
                "net: 127.0.0.2", "port: 4333", "server_name: srv", "client_advertise: \"h:1\"",
                "debug: true", "trace: true", "logtime: false", "log_file: /tmp/x.log", "log_size_limit: 1MB",
                "pid_file: /tmp/p", "ports_file_dir: /tmp", "max_control_line: 512", "max_payload: 2KB",
                "max_pending: 10MB", "max_conn: 7", "max_subs: 9", "max_traced_msg_len: 5",
                "ping_interval: \"30s\"", "ping_max: 4", "write_deadline: \"3s\"", "lame_duck_duration: \"45s\"",
                "lame_duck_grace_period: \"2s\"", "no_header_support: true", "connect_error_reports: 5",
                "reconnect_error_reports: 6", "server_tags: [a, b]"));
        assertEquals("127.0.0.2", o.host());
        assertEquals(4333, o.port());
        assertEquals("srv", o.serverName());
        assertEquals("h:1", o.clientAdvertise());
        assertTrue(o.debug());
        assertTrue(o.trace());
        assertFalse(o.logtime());
        assertEquals("/tmp/x.log", o.logFile());
        assertEquals(1024 * 1024, o.logSizeLimit());
        assertEquals("/tmp/p", o.pidFile());
        assertEquals("/tmp", o.portsFileDir());
        assertEquals(512, o.maxControlLine());
        assertEquals(2048, o.maxPayload());
        assertEquals(10L * 1024 * 1024, o.maxPending());
        assertEquals(7, o.maxConnections());
        assertEquals(9, o.maxSubscriptions());
        assertEquals(5, o.maxTracedMsgLen());
        assertEquals(Duration.ofSeconds(30), o.pingInterval());
        assertEquals(4, o.maxPingsOut());
        assertEquals(Duration.ofSeconds(3), o.writeDeadline());
        assertEquals(Duration.ofSeconds(45), o.lameDuckDuration());
        assertEquals(Duration.ofSeconds(2), o.lameDuckGracePeriod());
        assertFalse(o.headers());
        assertEquals(5, o.connectErrorReports());
        assertEquals(6, o.reconnectErrorReports());
        assertEquals(List.of("a", "b"), o.serverTags());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "port: 0|0.0.0.0|4222",
        "port: -1|0.0.0.0|0",
        "listen: \"127.0.0.1:-1\"|127.0.0.1|0",
        "listen: 4555|0.0.0.0|4555",
        "listen: \"[::1]:4556\"|::1|4556",
        "listen: \":4557\"||4557"})
    void portZeroIsTheDefaultAndMinusOneAnyFreePort(String line, String host, int port) throws Exception {
        NatsServerOptions o = options(line);
        assertEquals(host == null ? "" : host, o.host());
        assertEquals(port, o.port());
    }

    @Test
    void wrongTypesGetGosRuntimeText() {
        assertEquals("t.conf:1:0: interface conversion: interface {} is string, not int64", problem("max_payload: \"x\""));
        assertEquals("t.conf:1:0: interface conversion: interface {} is int64, not bool", problem("debug: 1"));
        assertEquals("t.conf:1:0: interface conversion: interface {} is bool, not string", problem("server_name: true"));
    }

    @Test
    void unknownKeysAreRefusedUnlessUsedAsVariables() throws Exception {
        assertEquals("t.conf:1:0: unknown field \"colour\"", problem("colour: blue"));
        assertEquals(2000, options("LIMIT: 2000\nmax_payload: $LIMIT").maxPayload());
    }

    @Test
    void featuresNotBuiltYetAreRefusedByNameButOffValuesPass() throws Exception {
        assertEquals("t.conf:1:0: option \"operator\" is not supported by natsj yet (operator mode and JWT authentication)",
                problem("operator: \"op.jwt\""));
        assertTrue(problem("jetstream { key: s3cr3t }").contains("option \"key\" is not supported by natsj yet (JetStream encryption)"));
        assertTrue(problem("cluster { listen: 127.0.0.1:6222 }").contains("(clustering)"));
        assertTrue(problem("websocket { port: 8080 }").contains("(websocket)"));
        options("syslog: false\nhttp_port: 0\nno_sublist_cache: false");
    }

    @Test
    void monitoringOptionsAreRead() throws Exception {
        NatsServerOptions o = options("http: 127.0.0.1:8333\nhttp_base_path: /nats");
        assertEquals("127.0.0.1", o.httpHost());
        assertEquals(8333, o.httpPort());
        assertEquals("/nats", o.httpBasePath());
        assertEquals(8222, options("http_port: 8222").httpPort());
        assertEquals(-1, options("monitor_port: -1").httpPort());
        assertEquals(null, options("http: 8444").httpHost());
        assertEquals(8444, options("http: 8444").httpPort());
        assertEquals(0, options("port: 4222").httpPort());
        assertEquals("", options("port: 4222").httpBasePath());
        assertTrue(problem("http: \"nohost\"").contains("could not parse address string"));
    }

    @Test
    void durationsAsSecondsWarnAsNatsServerDoes() throws Exception {
        NatsServerOptions.Builder b = NatsServerOptions.builder();
        List<String> warnings = ConfigOptions.apply(ConfigParser.parse("ping_interval: 5", FILE), b);
        assertEquals(List.of("t.conf:1:0: invalid use of field \"ping_interval\": ping_interval should be converted to a duration"), warnings);
        assertEquals(Duration.ofSeconds(5), b.build().pingInterval());
        assertEquals("t.conf:1:0: error parsing write_deadline: time: invalid duration \"soon\"", problem("write_deadline: soon"));
    }

    @Test
    void lameDuckLimits() {
        assertEquals("t.conf:1:0: invalid lame_duck_duration of 10s, minimum is 30 seconds", problem("lame_duck_duration: \"10s\""));
        assertEquals("t.conf:1:0: error parsing lame_duck_grace_period: time: missing unit in duration \"5\"",
                problem("lame_duck_grace_period: \"5\""));
    }

    @Test
    void tooBigLimitsAndBadListen() {
        assertEquals("t.conf:1:0: max_payload value is too big", problem("max_payload: 4GB"));
        assertEquals("t.conf:1:0: could not parse address string \"nohost\"", problem("listen: nohost"));
        assertEquals("t.conf:1:0: could not parse port \"x\"", problem("listen: \"h:x\""));
    }

    @Test
    void everyProblemIsReportedNotJustTheFirst() {
        String p = problem("a: 1\nmax_payload: x\nb: 2");
        assertEquals(3, p.split("\n").length, p);
    }
}
