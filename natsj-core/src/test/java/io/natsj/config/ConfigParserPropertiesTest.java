package io.natsj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Round trips: a generated tree of maps, arrays, strings, integers and booleans, written out in a
 * random mix of the format's spellings (separators, quoting, size suffixes, boolean words, layout),
 * parses back to the same tree. And no input, however broken, gets anything but a ConfigException.
 */
class ConfigParserPropertiesTest {

    private static final Set<String> BOOL_WORDS = Set.of("true", "false", "yes", "no", "on", "off");

    @Property(tries = 200)
    void writtenTreesParseBack(@ForAll("configs") Map<String, Object> tree, @ForAll long seed) throws Exception {
        String text = new Writer(new Random(seed)).top(tree);
        Map<String, ConfigValue> parsed = ConfigParser.parse(text, null, Map.<String, String>of()::get);
        assertEquals(tree, plain(parsed), text);
    }

    @Property(tries = 500)
    void anyInputIsParsedOrRefusedWithAConfigException(@ForAll("noise") String text) {
        try {
            ConfigParser.parse(text, null, Map.<String, String>of()::get);
        } catch (ConfigException refused) {
            // The only acceptable failure.
        }
    }

    @Provide
    Arbitrary<Map<String, Object>> configs() {
        return Arbitraries.maps(keys(), value(3)).ofMaxSize(6);
    }

    @Provide
    Arbitrary<String> noise() {
        Arbitrary<String> pieces = Arbitraries.of("a", "b: ", " = ", "{", "}", "[", "]", "(", ")", "\n)", "\n", "\r\n",
                " ", "\t", ",", ";", "\"", "'", "\\", "\\x4", "#", "//", "/", "$", "$a", "include ", "1", "-", ".",
                "1k", "kb", "2016-01-02T03:04:05Z", "é", "\u00a0", "true", ":");
        return pieces.list().ofMaxSize(40).map(l -> String.join("", l));
    }

    private Arbitrary<String> keys() {
        return Arbitraries.strings().withCharRange('a', 'z').withChars('_', 'A', 'Z').ofMinLength(1).ofMaxLength(8)
                .filter(k -> !Lexer.lower(k).equals("include"));
    }

    private Arbitrary<Object> value(int depth) {
        Arbitrary<Object> strings = Arbitraries.strings().ofMaxLength(12)
                .withChars("abcXYZ019 _-.:/\t\n\r\"\\'#{}[]()$é").map(s -> (Object) s);
        Arbitrary<Object> longs = Arbitraries.oneOf(Arbitraries.longs(),
                Arbitraries.longs().between(-5000, 5000)).map(l -> (Object) l);
        Arbitrary<Object> sizes = Arbitraries.of(1000L, 1024L, 5L * 1024 * 1024, 3_000_000L, 1L << 30, -2000L)
                .map(l -> (Object) l);
        Arbitrary<Object> bools = Arbitraries.of(true, false).map(b -> (Object) b);
        Arbitrary<Object> scalar = Arbitraries.oneOf(strings, longs, sizes, bools);
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<Object> maps = Arbitraries.maps(keys(), value(depth - 1)).ofMaxSize(4).map(m -> (Object) m);
        Arbitrary<Object> lists = value(depth - 1).list().ofMaxSize(4).map(l -> (Object) l);
        return Arbitraries.frequencyOf(Tuple.of(6, scalar), Tuple.of(1, maps), Tuple.of(1, lists));
    }

    private static Object plain(Map<String, ConfigValue> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, plain(v)));
        return out;
    }

    private static Object plain(ConfigValue v) {
        return switch (v.kind()) {
            case MAP -> plain(v.asMap());
            case ARRAY -> v.asList().stream().map(ConfigParserPropertiesTest::plain).toList();
            default -> v.value();
        };
    }

    /** Writes a tree choosing, at every point, one of the spellings nats-server reads the same way. */
    private static final class Writer {
        private final Random random;

        Writer(Random random) {
            this.random = random;
        }

        private String pick(String... options) {
            return options[random.nextInt(options.length)];
        }

        String top(Map<String, Object> tree) {
            List<String> entries = new ArrayList<>();
            tree.forEach((k, v) -> entries.add(entry(k, v)));
            String body = String.join(pick("\n", "\n\n", "\n# comment\n", ";\n", "; ", ", "), entries);
            return pick("", "{ ") + body + pick("", "\n", " // trailing comment\n");
        }

        private String entry(String key, Object value) {
            String k = pick(key, '"' + key + '"', "'" + key + "'");
            return k + pick(": ", " = ", " ", ":", "=", "\t:\t") + value(value);
        }

        @SuppressWarnings("unchecked")
        private String value(Object value) {
            if (value instanceof Map<?, ?> map) {
                List<String> entries = new ArrayList<>();
                ((Map<String, Object>) map).forEach((k, v) -> entries.add(entry(k, v)));
                // A separator with no entry before it would start a key: only after an entry.
                return "{" + pick("", " ", "\n") + String.join(pick(", ", "\n", "; ", " ,\n"), entries)
                        + (entries.isEmpty() ? "" : pick("", " ", "\n", ",\n")) + "}";
            }
            if (value instanceof List<?> list) {
                List<String> items = new ArrayList<>();
                list.forEach(item -> items.add(value(item)));
                // A value followed directly by ']' can be read as a string: always leave a gap.
                return "[" + pick("", " ", "\n") + String.join(pick(", ", ",\n", "\n", " , "), items)
                        + (items.isEmpty() ? "" : pick(" ", ",\n", "\n", ", ")) + "]";
            }
            if (value instanceof Long n) {
                return integer(n);
            }
            if (value instanceof Boolean b) {
                String word = b ? pick("true", "yes", "on") : pick("false", "no", "off");
                return random.nextBoolean() ? word : word.toUpperCase();
            }
            return string((String) value);
        }

        private String integer(long n) {
            if (n != 0 && n % (1024L * 1024) == 0 && random.nextBoolean()) {
                return n / (1024L * 1024) + pick("mb", "MB", "mi", "MiB");
            }
            if (n != 0 && n % 1024 == 0 && random.nextBoolean()) {
                return n / 1024 + pick("kb", "KB", "ki", "kib");
            }
            if (n != 0 && n % 1_000_000 == 0 && random.nextBoolean()) {
                return n / 1_000_000 + pick("m", "M");
            }
            if (n != 0 && n % 1000 == 0 && random.nextBoolean()) {
                return n / 1000 + pick("k", "K");
            }
            return Long.toString(n);
        }

        private String string(String s) {
            boolean bareSafe = s.matches("[a-zA-Z][a-zA-Z0-9_.:/-]*") && !BOOL_WORDS.contains(s.toLowerCase());
            int form = random.nextInt(3);
            if (form == 0 && bareSafe) {
                return s;
            }
            if (form == 1 && !s.contains("'")) {
                return "'" + s + "'";
            }
            StringBuilder out = new StringBuilder("\"");
            for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
                char c = (char) (b & 0xFF);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\t' -> out.append(pick("\\t", "\t"));
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    default -> {
                        if (c < 0x80 && random.nextInt(4) > 0) {
                            out.append(c);
                        } else {
                            out.append(String.format("\\x%02x", (int) c));
                        }
                    }
                }
            }
            return out.append('"').toString();
        }
    }
}
