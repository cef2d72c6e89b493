package io.natsj.protocol;

import java.util.Locale;

/**
 * A client's CONNECT, decoded the way nats-server decodes it: Go's encoding/json into a struct that
 * starts from {@code verbose:true, pedantic:true, echo:true}. Keys match case-insensitively, unknown
 * keys are ignored, {@code null} leaves a field at its default, and a value of the wrong type, trailing
 * garbage or malformed JSON is an error (nats-server then closes the connection without -ERR).
 *
 * <p>Decoded by hand rather than with a JSON library: the first CONNECT arrives right after start-up,
 * and setting up Jackson's ObjectMapper cost it about 50 ms on a cold JVM. As Go does, the whole input
 * must be valid JSON (values of unknown keys included), and fields are set in the order the keys come.
 */
public final class ConnectOptions {
    public boolean verbose = true;
    public boolean pedantic = true;
    public boolean echo = true;
    public boolean tlsRequired;
    public boolean headers;
    public boolean noResponders;
    public int protocol;
    public String name = "";
    public String lang = "";
    public String version = "";
    public String user = "";
    public String pass = "";
    public String authToken = "";
    public String nkey = "";
    public String jwt = "";
    public String sig = "";
    public String account = "";
    public boolean newAccount;

    /** Thrown for a CONNECT nats-server would refuse to decode. */
    public static final class InvalidConnectException extends Exception {
        public InvalidConnectException(String message) {
            super(message, null, false, false);
        }
    }

    public static ConnectOptions parse(String json) throws InvalidConnectException {
        return new Decoder(json).decode(new ConnectOptions());
    }

    /**
     * A later CONNECT on the same connection: nats-server decodes it over the options it holds, so
     * fields this one does not name keep their earlier values (credentials included).
     */
    public static ConnectOptions parse(String json, ConnectOptions earlier) throws InvalidConnectException {
        return new Decoder(json).decode(earlier.copy());
    }

    /** A field-by-field copy. */
    public ConnectOptions copy() {
        ConnectOptions c = new ConnectOptions();
        c.verbose = verbose;
        c.pedantic = pedantic;
        c.echo = echo;
        c.tlsRequired = tlsRequired;
        c.headers = headers;
        c.noResponders = noResponders;
        c.protocol = protocol;
        c.name = name;
        c.lang = lang;
        c.version = version;
        c.user = user;
        c.pass = pass;
        c.authToken = authToken;
        c.nkey = nkey;
        c.jwt = jwt;
        c.sig = sig;
        c.account = account;
        c.newAccount = newAccount;
        return c;
    }

    /** The JSON value types, named as Go's errors name them. */
    private enum Kind {
        STRING("string"), NUMBER("number"), BOOL("bool"), NULL("null"), ARRAY("array"), OBJECT("object");

        final String goName;

        Kind(String goName) {
            this.goName = goName;
        }
    }

    /** A strict JSON (RFC 8259) reader over the CONNECT text, setting fields as it goes. */
    private static final class Decoder {
        private final String s;
        private int pos;
        /** The last scalar read: a string decoded, a number as written. */
        private String text;
        private boolean bool;

        Decoder(String s) {
            this.s = s;
        }

        ConnectOptions decode(ConnectOptions o) throws InvalidConnectException {
            skipWhitespace();
            if (pos >= s.length()) {
                throw new InvalidConnectException("unexpected end of JSON input");
            }
            char c = s.charAt(pos);
            if (c == '{') {
                pos++;
                object(o);
            } else {
                Kind k = value();
                if (k != Kind.NULL) {
                    end();
                    throw new InvalidConnectException("json: cannot unmarshal " + k.goName + " into Go value of type server.ClientOpts");
                }
            }
            end();
            return o;
        }

        /** After the top-level value only whitespace may follow. */
        private void end() throws InvalidConnectException {
            skipWhitespace();
            if (pos < s.length()) {
                throw invalid("after top-level value");
            }
        }

        /** The members of the top-level object, its '{' consumed. */
        private void object(ConnectOptions o) throws InvalidConnectException {
            skipWhitespace();
            if (peek() == '}') {
                pos++;
                return;
            }
            InvalidConnectException typeError = null;
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
                Kind k = value();
                // As Go: a value of the wrong type is reported once the whole input has been read.
                InvalidConnectException e = set(o, key.toLowerCase(Locale.ROOT), k);
                if (typeError == null) {
                    typeError = e;
                }
                skipWhitespace();
                char c = peek();
                pos++;
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    pos--;
                    throw invalid("after object key:value pair");
                }
            }
            end();
            if (typeError != null) {
                throw typeError;
            }
        }

        /** Sets the field the key names; returns the error for a value of the wrong type. */
        private InvalidConnectException set(ConnectOptions o, String key, Kind k) {
            if (k == Kind.NULL) {
                return null; // null leaves a field as it is
            }
            switch (key) {
                case "verbose", "pedantic", "echo", "tls_required", "headers", "no_responders", "new_account" -> {
                    if (k != Kind.BOOL) {
                        return typeError(key, k, "bool");
                    }
                    switch (key) {
                        case "verbose" -> o.verbose = bool;
                        case "pedantic" -> o.pedantic = bool;
                        case "echo" -> o.echo = bool;
                        case "tls_required" -> o.tlsRequired = bool;
                        case "headers" -> o.headers = bool;
                        case "no_responders" -> o.noResponders = bool;
                        default -> o.newAccount = bool;
                    }
                }
                case "protocol" -> {
                    if (k != Kind.NUMBER) {
                        return typeError(key, k, "int");
                    }
                    long v;
                    try {
                        v = Long.parseLong(text); // Go's strconv.ParseInt: no fraction, no exponent, fits int64
                    } catch (NumberFormatException e) {
                        return typeError(key, k, "int");
                    }
                    o.protocol = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
                }
                case "name", "lang", "version", "user", "pass", "auth_token", "nkey", "jwt", "sig", "account" -> {
                    if (k != Kind.STRING) {
                        return typeError(key, k, "string");
                    }
                    switch (key) {
                        case "name" -> o.name = text;
                        case "lang" -> o.lang = text;
                        case "version" -> o.version = text;
                        case "user" -> o.user = text;
                        case "pass" -> o.pass = text;
                        case "auth_token" -> o.authToken = text;
                        case "nkey" -> o.nkey = text;
                        case "jwt" -> o.jwt = text;
                        case "sig" -> o.sig = text;
                        default -> o.account = text;
                    }
                }
                default -> {
                    // Unknown keys (and route/leaf-only ones such as import/export) are ignored, as Go does.
                }
            }
            return null;
        }

        private InvalidConnectException typeError(String key, Kind k, String goType) {
            String what = k == Kind.NUMBER ? "number " + text : k.goName;
            return new InvalidConnectException("json: cannot unmarshal " + what + " into Go struct field ClientOpts."
                    + key + " of type " + goType);
        }

        /**
         * Reads one value. A scalar is left in {@link #text} or {@link #bool}; an array or
         * object (only ever the value of a key natsj ignores) is checked and skipped without recursion,
         * so that no nesting depth can overflow the stack.
         */
        private Kind value() throws InvalidConnectException {
            skipWhitespace();
            char c = peek();
            if (c != '[' && c != '{') {
                return scalar();
            }
            Kind k = c == '[' ? Kind.ARRAY : Kind.OBJECT;
            StringBuilder open = new StringBuilder(); // the containers entered and not yet closed
            boolean expectValue = true;
            while (true) {
                skipWhitespace();
                c = peek();
                if (expectValue) {
                    if (c == '[' || c == '{') {
                        pos++;
                        open.append(c);
                        skipWhitespace();
                        if (peek() == (c == '[' ? ']' : '}')) {
                            expectValue = false; // empty: closed below
                        } else if (c == '{') {
                            memberKey();
                        }
                    } else {
                        scalar();
                        expectValue = false;
                    }
                    continue;
                }
                char top = open.charAt(open.length() - 1);
                if (c == ',') {
                    pos++;
                    if (top == '{') {
                        skipWhitespace();
                        memberKey();
                    }
                    expectValue = true;
                } else if (c == (top == '[' ? ']' : '}')) {
                    pos++;
                    open.setLength(open.length() - 1);
                    if (open.length() == 0) {
                        return k;
                    }
                } else {
                    throw invalid(top == '[' ? "after array element" : "after object key:value pair");
                }
            }
        }

        /** Inside a skipped object: a key and its colon; the value follows. */
        private void memberKey() throws InvalidConnectException {
            if (peek() != '"') {
                throw invalid("looking for beginning of object key string");
            }
            pos++;
            string();
            skipWhitespace();
            if (peek() != ':') {
                throw invalid("after object key");
            }
            pos++;
        }

        private Kind scalar() throws InvalidConnectException {
            char c = peek();
            if (c == '"') {
                pos++;
                text = string();
                return Kind.STRING;
            }
            if (c == '-' || (c >= '0' && c <= '9')) {
                text = number();
                return Kind.NUMBER;
            }
            if (s.startsWith("true", pos)) {
                pos += 4;
                bool = true;
                return Kind.BOOL;
            }
            if (s.startsWith("false", pos)) {
                pos += 5;
                bool = false;
                return Kind.BOOL;
            }
            if (s.startsWith("null", pos)) {
                pos += 4;
                return Kind.NULL;
            }
            throw invalid("looking for beginning of value");
        }

        /** A string's characters, its opening quote consumed. */
        private String string() throws InvalidConnectException {
            StringBuilder sb = null;
            int start = pos;
            while (true) {
                if (pos >= s.length()) {
                    throw new InvalidConnectException("unexpected end of JSON input");
                }
                char c = s.charAt(pos);
                if (c == '"') {
                    String out = sb == null ? s.substring(start, pos) : sb.append(s, start, pos).toString();
                    pos++;
                    return out;
                }
                if (c < 0x20) {
                    throw invalid("in string literal");
                }
                if (c != '\\') {
                    pos++;
                    continue;
                }
                if (sb == null) {
                    sb = new StringBuilder();
                }
                sb.append(s, start, pos);
                pos++;
                if (pos >= s.length()) {
                    throw new InvalidConnectException("unexpected end of JSON input");
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
                        if (pos + 4 > s.length()) {
                            throw new InvalidConnectException("unexpected end of JSON input");
                        }
                        int v = 0;
                        for (int i = 0; i < 4; i++) {
                            int d = Character.digit(s.charAt(pos + i), 16);
                            if (d < 0) {
                                pos += i;
                                throw invalid("in \\u hexadecimal character escape");
                            }
                            v = v * 16 + d;
                        }
                        pos += 4;
                        sb.append((char) v);
                    }
                    default -> {
                        pos--;
                        throw invalid("in string escape code");
                    }
                }
                start = pos;
            }
        }

        /** A number as written: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
        private String number() throws InvalidConnectException {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            if (peek() == '0') {
                pos++;
            } else if (isDigit(peek())) {
                digits();
            } else {
                throw invalid("in numeric literal");
            }
            if (peek() == '.') {
                pos++;
                if (!isDigit(peek())) {
                    throw invalid("after decimal point in numeric literal");
                }
                digits();
            }
            if (peek() == 'e' || peek() == 'E') {
                pos++;
                if (peek() == '+' || peek() == '-') {
                    pos++;
                }
                if (!isDigit(peek())) {
                    throw invalid("in exponent of numeric literal");
                }
                digits();
            }
            return s.substring(start, pos);
        }

        private void digits() {
            while (isDigit(peek())) {
                pos++;
            }
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        /** The character at the position, or 0 at the end. */
        private char peek() {
            return pos < s.length() ? s.charAt(pos) : 0;
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

        /** Go's syntax error: the offending character and where it was met, or the end of input. */
        private InvalidConnectException invalid(String context) {
            if (pos >= s.length()) {
                return new InvalidConnectException("unexpected end of JSON input");
            }
            char c = s.charAt(pos);
            String shown = c == '\'' ? "'\\''" : c == '"' ? "'\"'" : c < 0x20 ? String.format("'\\x%02x'", (int) c) : "'" + c + "'";
            return new InvalidConnectException("invalid character " + shown + " " + context);
        }
    }
}
