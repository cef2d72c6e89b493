package io.natsj.config;

import io.natsj.config.ConfigValue.Kind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds the value tree from the lexer's items the way nats-server's parser does: a stack of
 * contexts (maps and arrays being filled), a stack of keys waiting for their value and, in pedantic
 * mode, a stack of the key items whose position each stored value takes.
 *
 * <p>The two stacks are kept as nats-server keeps them even where that misbehaves, because the
 * result is observable: a key with no value ({@code m { foo }}) leaves its key on the stack, and the
 * next value stored in that scope goes to the wrong key.
 */
final class Parser {
    /** nats-server recurses without limit (and crashes); natsj refuses instead. */
    private static final int MAX_DEPTH = 64;
    private static final String ENV_KEY = "pk";
    private static final String BCRYPT_PREFIX = "2a$";

    private final Lexer lexer;
    private final Path file;
    private final Path directory;
    private final boolean pedantic;
    private final Function<String, String> environment;
    private final int depth;

    private final List<Object> contexts = new ArrayList<>();
    private final List<String> keys = new ArrayList<>();
    private final List<Item> keyItems = new ArrayList<>();

    /**
     * @param file the file as named by the caller (values carry it), or null for text
     * @param directory where includes are resolved from; null for the working directory
     * @param pedantic false only for environment variable text, which nats-server parses plainly
     */
    Parser(byte[] input, Path file, Path directory, boolean pedantic,
            Function<String, String> environment, int depth) {
        this.lexer = new Lexer(input);
        this.file = file;
        this.directory = directory;
        this.pedantic = pedantic;
        this.environment = environment;
        this.depth = depth;
    }

    Map<String, Node> parse() throws ConfigException {
        if (depth > MAX_DEPTH) {
            throw new ConfigException("configuration nested too deeply (include or variable cycle?)");
        }
        Map<String, Node> top = new LinkedHashMap<>();
        contexts.add(top);
        for (Item item = lexer.nextItem(); item.type() != Item.Type.EOF; item = lexer.nextItem()) {
            process(item);
        }
        return top;
    }

    private void process(Item it) throws ConfigException {
        switch (it.type()) {
            case ERROR -> throw new ConfigException("Parse error on line " + it.line() + ": '" + it.text() + "'");
            case KEY -> {
                keys.add(it.text());
                if (pedantic) {
                    keyItems.add(it);
                }
            }
            case MAP_START -> contexts.add(new LinkedHashMap<String, Node>());
            case MAP_END -> setValue(node(it, Kind.MAP, popContext()));
            case ARRAY_START -> contexts.add(new ArrayList<Node>());
            case ARRAY_END -> setValue(node(it, Kind.ARRAY, popContext()));
            case STRING -> setValue(node(it, Kind.STRING, it.text()));
            case INTEGER -> {
                Object num = Scalars.integer(it.text());
                if (num != Scalars.NO_VALUE) {
                    setValue(node(it, Kind.INTEGER, num));
                }
            }
            case FLOAT -> setValue(node(it, Kind.FLOAT, Scalars.floating(it.text())));
            case BOOL -> setValue(node(it, Kind.BOOLEAN, Scalars.bool(it.text())));
            case DATETIME -> setValue(node(it, Kind.DATETIME, Scalars.datetime(it.text())));
            case VARIABLE -> variable(it);
            case INCLUDE -> include(it);
            default -> {
                // Comments carry nothing.
            }
        }
    }

    private Node node(Item it, Kind kind, Object value) {
        return new Node(kind, value, file, it.line(), it.pos(), false);
    }

    private Object popContext() {
        Object last = contexts.remove(contexts.size() - 1);
        if (contexts.isEmpty()) {
            throw new IllegalStateException("BUG in parser, context stack empty");
        }
        return last;
    }

    @SuppressWarnings("unchecked")
    private void setValue(Node value) {
        Object ctx = contexts.get(contexts.size() - 1);
        if (ctx instanceof List<?> list) {
            ((List<Node>) list).add(value);
            return;
        }
        String key = pop(keys);
        if (pedantic) {
            // nats-server reports a value at its key, the more useful place for a person.
            Item keyItem = pop(keyItems);
            value.line = keyItem.line();
            value.column = keyItem.pos();
        }
        ((Map<String, Node>) ctx).put(key, value);
    }

    private static <T> T pop(List<T> stack) {
        if (stack.isEmpty()) {
            throw new IllegalStateException("BUG in parser, keys stack empty");
        }
        return stack.remove(stack.size() - 1);
    }

    private void variable(Item it) throws ConfigException {
        String name = it.text();
        Node found = lookup(name, it);
        if (found == null) {
            throw new ConfigException("variable reference for '" + name + "' on line " + it.line()
                    + " can not be found");
        }
        if (!found.anonymous) {
            found.usedVariable = true;
        }
        if (!pedantic) {
            setValue(found);
            return;
        }
        setValue(new Node(found.kind, found.value, file, it.line(), it.pos(), false));
    }

    /**
     * Innermost enclosing map first (arrays are skipped), then the environment. An unquoted bcrypt
     * hash ({@code $2a$...}) is not a reference at all but the string itself.
     */
    @SuppressWarnings("unchecked")
    private Node lookup(String name, Item it) throws ConfigException {
        if (name.startsWith(BCRYPT_PREFIX)) {
            return new Node(Kind.STRING, "$" + name, null, 0, 0, true);
        }
        for (int i = contexts.size() - 1; i >= 0; i--) {
            if (contexts.get(i) instanceof Map<?, ?> map && map.containsKey(name)) {
                return ((Map<String, Node>) map).get(name);
            }
        }
        String text = environment.apply(name);
        if (text == null) {
            return null;
        }
        // The variable's text is parsed as the value of a one-line file, as nats-server does.
        Parser sub = new Parser((ENV_KEY + "=" + text).getBytes(StandardCharsets.UTF_8),
                null, null, false, environment, depth + 1);
        Map<String, Node> parsed;
        try {
            parsed = sub.parse();
        } catch (ConfigException e) {
            throw new ConfigException("variable reference for '" + name + "' on line " + it.line()
                    + " could not be parsed: " + e.getMessage());
        }
        Node value = parsed.get(ENV_KEY);
        return value == null ? null : value.anonymized();
    }

    private void include(Item it) throws ConfigException {
        String name = it.text();
        Path path = Sources.join(directory, name);
        Map<String, Node> included;
        try {
            byte[] content;
            try {
                content = Sources.read(path);
            } catch (ConfigException unreadable) {
                // Only the plain (non-pedantic) reader of nats-server says what it was doing.
                throw pedantic ? unreadable
                        : new ConfigException("error opening config file: " + unreadable.getMessage());
            }
            included = new Parser(content, path, Sources.directoryOf(path), pedantic, environment, depth + 1)
                    .parse();
        } catch (ConfigException e) {
            throw new ConfigException("error parsing include file '" + name + "', " + e.getMessage());
        }
        for (Map.Entry<String, Node> e : included.entrySet()) {
            keys.add(e.getKey());
            if (pedantic) {
                Node v = e.getValue();
                keyItems.add(new Item(Item.Type.KEY, new byte[0], v.line, v.column));
            }
            setValue(e.getValue());
        }
    }
}
