package io.natsj.monitor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON reader for request options (the bodies of system-account requests), failing with the
 * texts of Go's encoding/json syntax errors, which nats-server returns to the requester. Objects read
 * as {@code Map<String, Object>} in key order, arrays as lists, numbers as {@link Double}, JSON null
 * as {@link #NULL}.
 */
public final class GoJsonReader {
    /** JSON's null. */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** A syntax error, with Go's text. */
    public static final class SyntaxError extends Exception {
        SyntaxError(String message) {
            super(message, null, false, false);
        }
    }

    private final String s;
    private int pos;

    private GoJsonReader(String s) {
        this.s = s;
    }

    public static Object read(String json) throws SyntaxError {
        GoJsonReader r = new GoJsonReader(json);
        r.skipWhitespace();
        if (r.pos >= r.s.length()) {
            throw new SyntaxError("unexpected end of JSON input");
        }
        Object v = r.value();
        r.skipWhitespace();
        if (r.pos < r.s.length()) {
            throw r.invalid("after top-level value");
        }
        return v;
    }

    private Object value() throws SyntaxError {
        skipWhitespace();
        if (pos >= s.length()) {
            throw new SyntaxError("unexpected end of JSON input");
        }
        char c = s.charAt(pos);
        switch (c) {
            case '{' -> {
                pos++;
                return object();
            }
            case '[' -> {
                pos++;
                return array();
            }
            case '"' -> {
                pos++;
                return string();
            }
            case 't' -> {
                literal("true");
                return Boolean.TRUE;
            }
            case 'f' -> {
                literal("false");
                return Boolean.FALSE;
            }
            case 'n' -> {
                literal("null");
                return NULL;
            }
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw invalid("looking for beginning of value");
            }
        }
    }

    private Map<String, Object> object() throws SyntaxError {
        Map<String, Object> m = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return m;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw invalid("looking for beginning of object key string");
            }
            pos++;
            String key = string();
            skipWhitespace();
            if (peek() != ':') {
                throw invalid("after object key");
            }
            pos++;
            m.put(key, value());
            skipWhitespace();
            char c = peek();
            if (c == '}') {
                pos++;
                return m;
            }
            if (c != ',') {
                throw invalid("after object key:value pair");
            }
            pos++;
        }
    }

    private List<Object> array() throws SyntaxError {
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return list;
        }
        while (true) {
            list.add(value());
            skipWhitespace();
            char c = peek();
            if (c == ']') {
                pos++;
                return list;
            }
            if (c != ',') {
                throw invalid("after array element");
            }
            pos++;
        }
    }

    private String string() throws SyntaxError {
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= s.length()) {
                throw new SyntaxError("unexpected end of JSON input");
            }
            char c = s.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                pos--;
                throw invalid("in string literal");
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= s.length()) {
                throw new SyntaxError("unexpected end of JSON input");
            }
            char e = s.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    int v = 0;
                    for (int i = 0; i < 4; i++) {
                        if (pos >= s.length()) {
                            throw new SyntaxError("unexpected end of JSON input");
                        }
                        int d = Character.digit(s.charAt(pos), 16);
                        if (d < 0) {
                            throw invalid("in \\u hexadecimal character escape");
                        }
                        v = v * 16 + d;
                        pos++;
                    }
                    sb.append((char) v);
                }
                default -> {
                    pos--;
                    throw invalid("in string escape code");
                }
            }
        }
    }

    private Double number() throws SyntaxError {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            while (isDigit(peek())) {
                pos++;
            }
        } else {
            throw pos >= s.length() ? new SyntaxError("unexpected end of JSON input") : invalid("in numeric literal");
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw pos >= s.length() ? new SyntaxError("unexpected end of JSON input") : invalid("after decimal point in numeric literal");
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw pos >= s.length() ? new SyntaxError("unexpected end of JSON input") : invalid("in exponent of numeric literal");
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        return Double.valueOf(s.substring(start, pos));
    }

    private void literal(String word) throws SyntaxError {
        for (int i = 0; i < word.length(); i++) {
            if (pos >= s.length()) {
                throw new SyntaxError("unexpected end of JSON input");
            }
            if (s.charAt(pos) != word.charAt(i)) {
                throw invalid("in literal " + word + " (expecting " + quoteChar(word.charAt(i)) + ")");
            }
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private char peek() {
        return pos < s.length() ? s.charAt(pos) : '\0';
    }

    private void skipWhitespace() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private SyntaxError invalid(String context) {
        if (pos >= s.length()) {
            return new SyntaxError("unexpected end of JSON input");
        }
        return new SyntaxError("invalid character " + quoteChar(s.charAt(pos)) + " " + context);
    }

    /** Go's quoteChar: 'x', with ' and " escaped and other controls as a Go-quoted string. */
    private static String quoteChar(char c) {
        if (c == '\'') {
            return "'\\''";
        }
        if (c == '"') {
            return "'\"'";
        }
        if (c < 0x20 || c == 0x7f) {
            String q = io.natsj.protocol.GoQuote.quote(String.valueOf(c));
            return "'" + q.substring(1, q.length() - 1) + "'";
        }
        return "'" + c + "'";
    }
}
