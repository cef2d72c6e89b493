package io.natsj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.config.ConfigValue.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each construct of the format and the value nats-server 2.9.10's conf package gives it (checked
 * against that package while writing these), positions included.
 */
class ConfigParserSyntaxTest {

    private static final Path FILE = Path.of("test.conf");

    private static Map<String, ConfigValue> parse(String text) throws ConfigException {
        return ConfigParser.parse(text, FILE, Map.<String, String>of()::get);
    }

    private static Object value(String text, String key) throws ConfigException {
        ConfigValue v = parse(text).get(key);
        return v == null ? null : plain(v);
    }

    /** A value tree without positions, for comparisons. */
    private static Object plain(ConfigValue v) {
        return switch (v.kind()) {
            case MAP -> {
                Map<String, Object> m = new java.util.LinkedHashMap<>();
                v.asMap().forEach((k, c) -> m.put(k, plain(c)));
                yield m;
            }
            case ARRAY -> v.asList().stream().map(ConfigParserSyntaxTest::plain).toList();
            default -> v.value();
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"port: 4222", "port = 4222", "port 4222", "port:4222", "port=4222",
        "port\t4222", "  port  :  4222  ", "port: 4222;", "port: 4222,", "{ port: 4222 }", "port: 4222 # c",
        "port: 4222 // c", "\"port\": 4222", "'port' = 4222", "port: 4222 /"})
    void keyValueForms(String text) throws Exception {
        assertEquals(4222L, value(text, "port"));
    }

    @Test
    void keysKeepCaseAndQuotedKeysKeepEverything() throws Exception {
        Map<String, ConfigValue> m = parse("Port: 1\n\"my key: = x\": 2\n'a b' 3\nk.e-y_$z: 4\n");
        assertEquals(List.of("Port", "my key: = x", "a b", "k.e-y_$z"), List.copyOf(m.keySet()));
    }

    @Test
    void nestedMapsWithEverySeparator() throws Exception {
        Object m = value("a {\n b: 1, c = 2; d 3\n e { f: x }\n 'g': {}\n}\n", "a");
        assertEquals(Map.of("b", 1L, "c", 2L, "d", 3L, "e", Map.of("f", "x"), "g", Map.of()), m);
        assertEquals(Map.of("x", 1L), value("a: {x: 1}", "a"));
        assertEquals(Map.of("x", 1L), value("a={x=1,}", "a"));
    }

    @Test
    void arraysWithCommasNewlinesTrailingCommasAndComments() throws Exception {
        assertEquals(List.of(1L, 2L, 3L), value("a [1, 2, 3 ]", "a"));
        assertEquals(List.of(1L, 2L, 3L), value("a: [\n 1\n 2, # two\n 3, // three\n]", "a"));
        assertEquals(List.of("x", List.of("y"), Map.of("z", true)), value("a = [x, [y ], {z: on}, ]", "a"));
        assertEquals(List.of(), value("a: []", "a"));
    }

    @Test
    void aNumberRightBeforeTheClosingBracketIsAString() throws Exception {
        // "2]" is read as a string that swallows the bracket, so the array never closes.
        ConfigException e = assertThrows(ConfigException.class, () -> parse("a [1, 2]\n"));
        assertTrue(e.getMessage().startsWith("Parse error on line 2:"), e.getMessage());
        assertEquals(List.of("x", "y"), value("a [x, y]", "a"));
    }

    @Test
    void doubleQuotedStringsTakeGoEscapesSingleQuotedTakeNone() throws Exception {
        assertEquals("a\tb\nc\rd\"e\\fAé", value("s: \"a\\tb\\nc\\rd\\\"e\\\\f\\x41\\xc3\\xa9\"", "s"));
        assertEquals("a\\tb", value("s: 'a\\tb'", "s"));
        assertEquals("", value("s: \"\"", "s"));
        assertEquals("# not a comment", value("s: \"# not a comment\"", "s"));
    }

    @Test
    void bareStrings() throws Exception {
        assertEquals("nats://localhost:4222", value("s: nats://localhost:4222", "s"));
        assertEquals("foo#bar", value("s: foo#bar", "s"));
        assertEquals("a\tb", value("s: a\\tb", "s"));
        assertEquals("foo", value("s: foo'\n", "s")); // a single quote ends a bare string
        assertEquals("true", value("s: \"true\"", "s"));
        assertEquals("", value("s:", "s"));
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "-1, -1", "007, 7", "1k, 1000", "1K, 1000", "1kb, 1024", "1KB, 1024", "1ki, 1024",
        "1KiB, 1024", "2m, 2000000", "2mb, 2097152", "1g, 1000000000", "1gb, 1073741824", "1t, 1000000000000",
        "1tib, 1099511627776", "1p, 1000000000000000", "1pb, 1125899906842624", "1e, 1000000000000000000",
        "1eb, 1152921504606846976", "-2k, -2000", "9223372036854775807, 9223372036854775807",
        "-9223372036854775808, -9223372036854775808", "10e, -8446744073709551616"})
    void integersAndSizeSuffixes(String written, long expected) throws Exception {
        assertEquals(expected, value("n: " + written, "n"));
    }

    @Test
    void anUnknownSuffixStoresNothing() throws Exception {
        // "1kbi" lexes as an integer whose suffix nats-server does not know: the key gets no value.
        Map<String, ConfigValue> m = parse("a: 1kbi\nb: 2\n");
        assertEquals(List.of("b"), List.copyOf(m.keySet()));
    }

    @ParameterizedTest
    @CsvSource({"10s, 10s", "1h30m, 1h30m", "500ms, 500ms", "1kx, 1kx", "4222:1, 4222:1", "1.2.3.4, 1.2.3.4",
        "127.0.0.1:-1, 127.0.0.1:-1", "0.0.0.0:4222, 0.0.0.0:4222", "1.2.3, 1.2.3", "12ab, 12ab"})
    void durationsAndAddressesAreStrings(String written, String expected) throws Exception {
        assertEquals(expected, value("d: " + written, "d"));
    }

    @Test
    void floats() throws Exception {
        assertEquals(1.5, value("f: 1.5", "f"));
        assertEquals(-0.25, value("f: -0.25", "f"));
    }

    @ParameterizedTest
    @CsvSource({"true, true", "TRUE, true", "yes, true", "Yes, true", "on, true", "ON, true", "false, false",
        "False, false", "no, false", "NO, false", "off, false", "Off, false"})
    void booleans(String written, boolean expected) throws Exception {
        assertEquals(expected, value("b: " + written, "b"));
    }

    @Test
    void datetimes() throws Exception {
        ConfigValue v = parse("t: 2016-05-04T18:53:41Z").get("t");
        assertEquals(Kind.DATETIME, v.kind());
        assertEquals(Instant.parse("2016-05-04T18:53:41Z"), v.value());
    }

    @Test
    void blocks() throws Exception {
        assertEquals("\n  line one\n  (two)\n", value("b: (\n  line one\n  (two)\n)\nc: 1", "b"));
        // At the very end of the file the closing parenthesis is kept, as nats-server keeps it.
        assertEquals("\nx\n)", value("b: (\nx\n)", "b"));
    }

    @Test
    void commentsEverywhere() throws Exception {
        Map<String, ConfigValue> m = parse("# top\n// top\na: 1 # end\nb { # open\n c: 2 // end\n # inside\n}\n");
        assertEquals(1L, plain(m.get("a")));
        assertEquals(Map.of("c", 2L), plain(m.get("b")));
    }

    @Test
    void keysWithoutValues() throws Exception {
        assertTrue(parse("a").isEmpty());
        assertTrue(parse("a\n").isEmpty());
        assertTrue(parse("a: '").isEmpty());
        // A key with nothing after it inside a map stays on nats-server's key stack and takes the
        // map's own value: here "foo" ends up at the top holding {}.
        assertEquals(Map.of("foo", Map.of()), plain(new ConfigValue(Kind.MAP, parse("m { foo }"), null, 0, 0, false)));
    }

    @Test
    void variablesFromEnclosingScopesThenTheEnvironment() throws Exception {
        Map<String, ConfigValue> m = ConfigParser.parse(
                "a: 1\nb { c: $a, a: 2, d: $a, e: [$a ] }\nf: $HOST\ng: $LIMITS\nh: $2a$11$abc\n",
                FILE, Map.of("HOST", "example.com", "LIMITS", "{max: 1k}", "a", "env")::get);
        assertEquals(Map.of("c", 1L, "a", 2L, "d", 2L, "e", List.of(2L)), plain(m.get("b")));
        assertEquals("example.com", plain(m.get("f")));
        assertEquals(Map.of("max", 1000L), plain(m.get("g")));
        assertEquals("$2a$11$abc", plain(m.get("h")));
        assertTrue(m.get("a").usedVariable(), "a definition found by a reference is marked used");
        assertFalse(m.get("f").usedVariable());
        assertEquals(List.of(true, false, true, false), List.of(m.get("b").asMap().get("a").usedVariable(),
                m.get("b").asMap().get("c").usedVariable(), m.get("a").usedVariable(), m.get("g").usedVariable()));
    }

    @Test
    void environmentValuesTakeThePositionOfTheirReference() throws Exception {
        ConfigValue g = ConfigParser.parse("a: 1\n  g: $LIMITS\n", FILE, Map.of("LIMITS", "{max: 1}")::get).get("g");
        ConfigValue max = g.asMap().get("max");
        assertEquals(List.of(2, 3, 2, 3), List.of(g.line(), g.column(), max.line(), max.column()));
    }

    @Test
    void variablesAreNotSeenInsideQuotesAndUndefinedOnesAreErrors() throws Exception {
        assertEquals("$a", value("a: 1\nb: \"$a\"", "b"));
        ConfigException e = assertThrows(ConfigException.class, () -> parse("b: $a\na: 1"));
        assertEquals("variable reference for 'a' on line 1 can not be found", e.getMessage());
    }

    @Test
    void includesAreRelativeToTheIncludingFile(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("conf/more"));
        Files.writeString(dir.resolve("conf/main.conf"),
                "include more/one.conf\nm { include 'more/two.conf'; y: $x }\nINCLUDE \"/more/two.conf\"\n");
        Files.writeString(dir.resolve("conf/more/one.conf"), "a: 1\ninclude ../three.conf\n");
        Files.writeString(dir.resolve("conf/more/two.conf"), "x: two\n");
        Files.writeString(dir.resolve("conf/three.conf"), "b: 3\n");
        Map<String, ConfigValue> m = ConfigParser.parseFile(dir.resolve("conf/main.conf"));
        assertEquals(1L, plain(m.get("a")));
        assertEquals(3L, plain(m.get("b")));
        // An absolute include path is still joined to the including file's directory.
        assertEquals("two", plain(m.get("x")));
        assertEquals(Map.of("x", "two", "y", "two"), plain(m.get("m")));
        assertEquals(dir.resolve("conf/three.conf"), m.get("b").file());
        assertEquals(dir.resolve("conf/main.conf"), m.get("m").file());
        assertTrue(m.get("m").asMap().get("x").usedVariable());
    }

    @Test
    void includeIsAKeywordOnlyBeforeABlank() throws Exception {
        assertEquals("x", value("include: x", "include"));
        assertEquals("x", value("include=x", "include"));
    }

    @Test
    void positionsAreNatsServersLinesAndColumns() throws Exception {
        Map<String, ConfigValue> m = parse("a: 1\n  b = [\n  1\n  \"x\"\n  ]\n\t\tc: {d: e}\n");
        // First line counts from 0, later lines from 1; a value sits at its key.
        assertEquals("test.conf:1:0", m.get("a").source());
        assertEquals("test.conf:2:3", m.get("b").source());
        assertEquals("test.conf:3:3", m.get("b").asList().get(0).source());
        assertEquals("test.conf:4:4", m.get("b").asList().get(1).source()); // after the quote
        assertEquals("test.conf:6:3", m.get("c").source());
        assertEquals("test.conf:6:7", m.get("c").asMap().get("d").source());
    }

    /** Positions nats-server printed for these texts, e.g. "2:3: interface conversion ..." for max_payload. */
    @Test
    void positionsMatchNatsServersOptionErrors() throws Exception {
        Map<String, ConfigValue> m = parse("a: 1\n  max_payload: \"x\"\nbogus: 2\n");
        assertEquals(List.of("test.conf:1:0", "test.conf:2:3", "test.conf:3:1"),
                List.of(m.get("a").source(), m.get("max_payload").source(), m.get("bogus").source()));
        assertEquals("test.conf:3:3", parse("#\ncluster {\n  bogus: true\n}").get("cluster").asMap().get("bogus").source());
        // The value-less key takes the map (nats-server: 'unknown field "foo"' at 2:11).
        assertEquals("test.conf:2:11", parse("#\ncluster { foo }").get("foo").source());
        assertEquals("test.conf:2:17", parse("#\nauthorization { timeout: 1kbi }").get("timeout").source());
    }

    @Test
    void columnsCountBytes() throws Exception {
        Map<String, ConfigValue> m = parse("x: 1\nk: [é, z ]\n");
        List<ConfigValue> a = m.get("k").asList();
        assertEquals(List.of(5, 9), List.of(a.get(0).column(), a.get(1).column()));
    }

    @Test
    void crlfLineEnds() throws Exception {
        assertEquals(Map.of("d", 2L), value("a: 1\r\nc {\r\n d: 2\r\n}\r\n", "c"));
    }

    @Test
    void laterDefinitionsReplaceEarlierOnes() throws Exception {
        assertEquals(2L, value("a: 1\na: 2", "a"));
    }

    @Test
    void theResultCannotBeChanged() throws Exception {
        Map<String, ConfigValue> m = parse("a { b: [1 ] }");
        assertThrows(UnsupportedOperationException.class, () -> m.put("x", null));
        assertThrows(UnsupportedOperationException.class, () -> m.get("a").asMap().clear());
        assertThrows(UnsupportedOperationException.class, () -> m.get("a").asMap().get("b").asList().clear());
    }

    @Test
    void textWithoutAFileHasNoFileAndIncludesFromTheWorkingDirectory() throws Exception {
        ConfigValue v = ConfigParser.parse("a: 1", null).get("a");
        assertEquals(null, v.file());
        assertEquals(":1:0", v.source());
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigParser.parse("include no-such-natsj.conf", null));
        assertEquals("error parsing include file 'no-such-natsj.conf', open no-such-natsj.conf: "
                + "no such file or directory", e.getMessage());
    }

    @Test
    void aMissingFile(@TempDir Path dir) {
        Path missing = dir.resolve("nope.conf");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parseFile(missing));
        assertEquals("open " + missing + ": no such file or directory", e.getMessage());
    }

    @Test
    void includeCyclesAreRefusedNotOverflowed(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.conf"), "include a.conf\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parseFile(dir.resolve("a.conf")));
        assertTrue(e.getMessage().endsWith("configuration nested too deeply (include or variable cycle?)"));
    }
}
