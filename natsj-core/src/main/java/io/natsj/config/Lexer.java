package io.natsj.config;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The machinery of nats-server's configuration lexer: input, positions, the state stack and the
 * pending items. The states themselves are in {@link LexerStates}.
 *
 * <p>nats-server's files are read through this state machine and nothing else, so what it accepts
 * (and the odd things it accepts, such as a line {@code a [1, 2]} failing because {@code 2]} is read
 * as a string) is reproduced by keeping the same states and the same cursor arithmetic: positions
 * count bytes, a line's start is the index of its {@code \n} (so columns are 0-based on line 1 and
 * 1-based after), and {@link #backup} undoes exactly one {@link #next}.
 */
final class Lexer {
    static final int EOF = 0;

    @FunctionalInterface
    interface State {
        State run();
    }

    private final byte[] input;
    private final ArrayDeque<Item> items = new ArrayDeque<>();
    private final List<State> stack = new ArrayList<>();
    private final ByteArrayOutputStream parts = new ByteArrayOutputStream();
    private int partCount;
    private State state;

    int start;
    int pos;
    private int width;
    private int line = 1;
    /** Index of the new line that began the current line. */
    private int lineStart;
    /** {@link #lineStart} as it was when the pending item began. */
    private int itemLineStart;
    /** Where a string continues after an escape sequence: quoted or bare. */
    State stringState;

    Lexer(byte[] input) {
        this.input = input;
        this.state = new LexerStates(this).initial();
    }

    Item nextItem() {
        while (items.isEmpty()) {
            if (state == null) {
                throw new IllegalStateException("lexer asked for an item after it finished");
            }
            state = state.run();
        }
        return items.poll();
    }

    void push(State s) {
        stack.add(s);
    }

    State pop() {
        if (stack.isEmpty()) {
            return errorf("BUG in lexer: no states to pop.");
        }
        return stack.remove(stack.size() - 1);
    }

    int next() {
        if (pos >= input.length) {
            width = 0;
            return EOF;
        }
        if (input[pos] == '\n') {
            line++;
            lineStart = pos;
        }
        long decoded = Runes.decode(input, pos);
        width = (int) (decoded >>> 32);
        pos += width;
        return (int) decoded;
    }

    void backup() {
        pos -= width;
        if (pos < input.length && input[pos] == '\n') {
            line--;
        }
    }

    int peek() {
        int r = next();
        backup();
        return r;
    }

    void ignore() {
        start = pos;
        itemLineStart = lineStart;
    }

    /** Emits the pending text; escaped parts stay (as in nats-server, only strings clear them). */
    void emit(Item.Type type) {
        byte[] val = pending();
        items.add(new Item(type, val, line, pos - itemLineStart - val.length));
        start = pos;
        itemLineStart = lineStart;
    }

    void emitString() {
        emit(Item.Type.STRING);
        parts.reset();
        partCount = 0;
    }

    private byte[] pending() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(parts.toByteArray());
        all.write(input, start, pos - start);
        return all.toByteArray();
    }

    /** Keeps the text before an escape sequence, minus the {@code offset} bytes of the backslash. */
    void addCurrentStringPart(int offset) {
        parts.write(input, start, pos - offset - start);
        partCount++;
        start = pos;
    }

    State addStringPart(byte[] part) {
        parts.writeBytes(part);
        partCount++;
        start = pos;
        return stringState;
    }

    boolean hasEscapedParts() {
        return partCount > 0;
    }

    String pendingText() {
        return new String(input, start, pos - start, StandardCharsets.UTF_8);
    }

    byte[] slice(int from, int to) {
        byte[] out = new byte[to - from];
        System.arraycopy(input, from, out, 0, out.length);
        return out;
    }

    boolean isBool() {
        String s = lower(pendingText());
        return s.equals("true") || s.equals("false") || s.equals("on") || s.equals("off")
                || s.equals("yes") || s.equals("no");
    }

    /** Go's strings.ToLower: rune by rune, so that e.g. U+0130 becomes a plain {@code i}. */
    static String lower(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> out.appendCodePoint(Character.toLowerCase(c)));
        return out.toString();
    }

    /** A bare string starting with {@code $}; the {@code $} is dropped from the item. */
    boolean isVariable() {
        if (start >= input.length) {
            return false;
        }
        if (input[start] == '$') {
            start++;
            return true;
        }
        return false;
    }

    /** Stops lexing with an error item; the column (unused by the messages) is from the line start. */
    State errorf(String message) {
        items.add(new Item(Item.Type.ERROR,
                message.getBytes(StandardCharsets.UTF_8), line, pos - lineStart));
        return null;
    }

    /** A state that drops the text read so far, then continues with {@code then}. */
    State skip(State then) {
        return () -> {
            ignore();
            return then;
        };
    }
}
