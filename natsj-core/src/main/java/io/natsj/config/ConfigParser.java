package io.natsj.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads nats-server configuration files: the same syntax nats-server 2.9.10 accepts (in the strict
 * mode the server itself uses), the same values, positions and error messages.
 *
 * <p>What the format does that surprises people, all as nats-server does it: {@code 1k} is 1000
 * and {@code 1kb} 1024; {@code 2m} is the integer 2000000 while {@code 10s} is a string; a value
 * takes the line and column of its key; columns count bytes from 0 on the first line and from 1
 * after; {@code $NAME} looks in the enclosing maps, then the environment; an include path is always
 * relative to the including file.
 */
public final class ConfigParser {

    private ConfigParser() {
    }

    /** Parses a file; included files are found relative to it. */
    public static Map<String, ConfigValue> parseFile(Path file) throws ConfigException {
        return parseFile(file, System::getenv);
    }

    /**
     * Parses configuration text as if it were the content of {@code nominalFile} (null: no file, and
     * includes are relative to the working directory).
     */
    public static Map<String, ConfigValue> parse(String text, Path nominalFile) throws ConfigException {
        return parse(text, nominalFile, System::getenv);
    }

    static Map<String, ConfigValue> parseFile(Path file, Function<String, String> environment)
            throws ConfigException {
        return run(Sources.read(file), file, environment);
    }

    static Map<String, ConfigValue> parse(String text, Path nominalFile, Function<String, String> environment)
            throws ConfigException {
        return run(text.getBytes(StandardCharsets.UTF_8), nominalFile, environment);
    }

    private static Map<String, ConfigValue> run(byte[] content, Path file, Function<String, String> environment)
            throws ConfigException {
        Map<String, Node> top = new Parser(content, file, Sources.directoryOf(file), true, environment, 0).parse();
        Map<String, ConfigValue> out = new LinkedHashMap<>();
        top.forEach((key, node) -> out.put(key, node.toConfigValue()));
        return Collections.unmodifiableMap(out);
    }
}
