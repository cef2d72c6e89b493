package io.natsj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.JetStreamOptions;
import io.natsj.NatsServerOptions;
import io.natsj.auth.JetStreamLimits;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The jetstream keys as nats-server 2.9.10 reads them; the expected texts are nats-server's own (-t). */
class JetStreamConfigTest {
    private static final Path FILE = Path.of("c.conf");

    private static NatsServerOptions options(String text) throws ConfigException {
        NatsServerOptions.Builder b = NatsServerOptions.builder();
        ConfigOptions.apply(ConfigParser.parse(text, FILE), b);
        return b.build();
    }

    private static String problem(String text) {
        return assertThrows(ConfigException.class, () -> options(text)).getMessage();
    }

    @Test
    void offByDefault() throws Exception {
        assertFalse(options("port: 1").jetStream().enabled());
        assertEquals(JetStreamOptions.DISABLED, NatsServerOptions.builder().build().jetStream());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "jetstream: true|true", "jetstream: enabled|true", "jetstream: Enable|true", "jetstream: false|false",
        "jetstream: disabled|false", "jetstream: DISABLE|false", "jetstream {}|true",
        "jetstream { enabled: false }|false", "jetstream { enable: true }|true"})
    void enabledAsNatsServerReadsIt(String config, boolean enabled) throws Exception {
        assertEquals(enabled, options(config).jetStream().enabled());
    }

    @Test
    void everyKeyAndAlias() throws Exception {
        JetStreamOptions js = options("jetstream { store_dir: /data, max_memory_store: 1G, max_file_store: \"2G\","
                + " domain: hub, unique_tag: \" AZ: \", max_outstanding_catchup: 64MB, extension_hint: will_extend }")
                .jetStream();
        assertTrue(js.enabled());
        assertEquals("/data", js.storeDir());
        assertEquals(1_000_000_000L, js.maxMemory());
        assertEquals(2L << 30, js.maxStore());
        assertEquals("hub", js.domain());
        assertEquals("az:", js.uniqueTag());
        assertTrue(js.syncAlways());
        js = options("jetstream { store: /a, max_mem_store: 5, max_file: \"3K\" }").jetStream();
        assertEquals("/a", js.storeDir());
        assertEquals(5, js.maxMemory());
        assertEquals(3072, js.maxStore());
        js = options("jetstream { storedir: /b, max_mem: \"\", max_file: 7M }").jetStream();
        assertEquals("/b", js.storeDir());
        assertEquals(0, js.maxMemory());
        assertEquals(7_000_000, js.maxStore());
        assertEquals(-1, options("jetstream: enabled").jetStream().maxMemory());
    }

    @Test
    void topLevelStoreDir() throws Exception {
        JetStreamOptions js = options("store_dir: /x\njetstream: enabled").jetStream();
        assertEquals("/x", js.storeDir());
        assertTrue(js.enabled());
        assertFalse(options("storedir: /y").jetStream().enabled());
    }

    @Test
    void syncIntervalIsNatsjsExtension() throws Exception {
        assertTrue(options("jetstream { sync_interval: always }").jetStream().syncAlways());
        assertTrue(options("jetstream { sync_interval: ALWAYS }").jetStream().syncAlways());
        assertEquals(Duration.ofMinutes(2), options("jetstream { sync_interval: \"2m\" }").jetStream().syncInterval());
        assertEquals("c.conf:1:12: error parsing sync_interval: time: invalid duration \"soon\"",
                problem("jetstream { sync_interval: soon }"));
        assertEquals("c.conf:1:12: sync_interval must be \"always\" or a positive duration, got 0s",
                problem("jetstream { sync_interval: \"0s\" }"));
        assertEquals("c.conf:1:12: sync_interval must be \"always\" or a duration, got 5",
                problem("jetstream { sync_interval: 5 }"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "jetstream { domain: 1 }|c.conf:1:0: interface conversion: interface {} is int64, not string",
        "jetstream: maybe|c.conf:1:0: Expected 'enabled' or 'disabled' for string value, got 'maybe'",
        "jetstream: 5|c.conf:1:0: Expected map, bool or string to define JetStream, got int64",
        "jetstream { max_mem: 1X }|c.conf:1:12: max_mem_store sizes defined as strings must end in K, M, G, T",
        "jetstream { max_mem: \"abcM\" }|c.conf:1:12: max_mem_store strconv.ParseInt: parsing \"abc\": invalid syntax",
        "jetstream { max_file: true }|c.conf:1:12: max_file_store must be int64 or string",
        "jetstream { max_file: \"99999999999999999999G\" }|c.conf:1:12: max_file_store strconv.ParseInt: parsing \"99999999999999999999\": value out of range",
        "jetstream { foo: 1 }|c.conf:1:12: unknown field \"foo\"",
        "jetstream { cipher: foo }|c.conf:1:12: Unknown cipher type: \"foo\"",
        "jetstream { enabled: 1 }|c.conf:1:0: interface conversion: interface {} is int64, not bool",
        "store_dir: 5|c.conf:1:0: interface conversion: interface {} is int64, not string",
        "accounts { A { jetstream: maybe } }|Expected 'enabled' or 'disabled' for string value, got 'maybe'",
        "accounts { A { jetstream: 5 } }|Expected map, bool or string to define JetStream, got int64",
        "accounts { A { jetstream: { max_mem: \"1G\" } } }|c.conf:1:28: Expected a parseable size for \"max_mem\", got 1G",
        "accounts { A { jetstream: { max_mem: 1G, foo: 1 } } }|c.conf:1:41: unknown field \"foo\"",
        "accounts { A { jetstream: { max_streams: x } } }|c.conf:1:28: Expected a parseable size for \"max_streams\", got x",
        "accounts { A { jetstream: { max_bytes: 1 } } }|c.conf:1:28: Expected a parseable bool for \"max_bytes\", got 1"})
    void refusedWithNatsServersTexts(String config, String expected) {
        assertEquals(expected, problem(config));
    }

    @Test
    void duplicateStoreDirAtTheSecondOne() {
        assertEquals("c.conf:2:13: Duplicate 'store_dir' configuration", problem("store_dir: /a\njetstream { store_dir: /b }"));
        assertEquals("c.conf:2:1: Duplicate 'store_dir' configuration", problem("jetstream { store_dir: /b }\nstore_dir: /a"));
    }

    @Test
    void accountLimits() throws Exception {
        NatsServerOptions o = options("jetstream: enabled\naccounts {\n"
                + "  A { jetstream: enabled }\n"
                + "  B { jetstream { max_mem: 1M, max_file: 2G, max_streams: 10, max_consumers: 7, max_ack_pending: 3,"
                + " mem_max_stream_bytes: 4, store_max_stream_bytes: 5, max_bytes_required: true } }\n"
                + "  C { jetstream: disabled }\n"
                + "  D { jetstream { memory: 1, disk: 2, streams: 3, consumers: 4 } }\n"
                + "  E { }\n}");
        var accounts = o.auth().accounts();
        assertEquals(JetStreamLimits.DYNAMIC, accounts.get("A").jetStream());
        assertEquals(new JetStreamLimits(1_000_000, 2_000_000_000, 10, 7, 3, 4, 5, true), accounts.get("B").jetStream());
        assertNull(accounts.get("C").jetStream());
        assertEquals(new JetStreamLimits(1, 2, 3, 4, -1, -1, -1, false), accounts.get("D").jetStream());
        assertNull(accounts.get("E").jetStream());
    }
}
