package io.natsj.protocol;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * A client's CONNECT, decoded the way nats-server decodes it: Go's encoding/json into a struct that
 * starts from {@code verbose:true, pedantic:true, echo:true}. Keys match case-insensitively, unknown
 * keys are ignored, {@code null} leaves a field at its default, and a value of the wrong type, trailing
 * garbage or malformed JSON is an error (nats-server then closes the connection without -ERR).
 */
public final class ConnectOptions {
    /**
     * Built on the first CONNECT rather than when a connection's default options are created: setting
     * up Jackson takes about a tenth of a second on a cold JVM, which must not delay the first INFO.
     */
    private static final class Mapper {
        static final ObjectMapper MAPPER = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

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
        ConnectOptions o = new ConnectOptions();
        JsonNode root;
        try {
            root = Mapper.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new InvalidConnectException(e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new InvalidConnectException("unexpected end of JSON input");
        }
        if (root.isNull()) {
            return o;
        }
        if (!root.isObject()) {
            throw new InvalidConnectException("cannot unmarshal " + root.getNodeType() + " into ClientOpts");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isNull()) {
                continue;
            }
            String key = e.getKey().toLowerCase(Locale.ROOT);
            switch (key) {
                case "verbose" -> o.verbose = bool(key, v);
                case "pedantic" -> o.pedantic = bool(key, v);
                case "echo" -> o.echo = bool(key, v);
                case "tls_required" -> o.tlsRequired = bool(key, v);
                case "headers" -> o.headers = bool(key, v);
                case "no_responders" -> o.noResponders = bool(key, v);
                case "new_account" -> o.newAccount = bool(key, v);
                case "protocol" -> o.protocol = integer(key, v);
                case "name" -> o.name = string(key, v);
                case "lang" -> o.lang = string(key, v);
                case "version" -> o.version = string(key, v);
                case "user" -> o.user = string(key, v);
                case "pass" -> o.pass = string(key, v);
                case "auth_token" -> o.authToken = string(key, v);
                case "nkey" -> o.nkey = string(key, v);
                case "jwt" -> o.jwt = string(key, v);
                case "sig" -> o.sig = string(key, v);
                case "account" -> o.account = string(key, v);
                default -> {
                    // Unknown keys (and route/leaf-only ones such as import/export) are ignored, as Go does.
                }
            }
        }
        return o;
    }

    private static boolean bool(String key, JsonNode v) throws InvalidConnectException {
        if (!v.isBoolean()) {
            throw typeError(key, v, "bool");
        }
        return v.booleanValue();
    }

    private static int integer(String key, JsonNode v) throws InvalidConnectException {
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw typeError(key, v, "int");
        }
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v.longValue()));
    }

    private static String string(String key, JsonNode v) throws InvalidConnectException {
        if (!v.isTextual()) {
            throw typeError(key, v, "string");
        }
        return v.textValue();
    }

    private static InvalidConnectException typeError(String key, JsonNode v, String goType) {
        return new InvalidConnectException("json: cannot unmarshal " + v.getNodeType().name().toLowerCase(Locale.ROOT)
                + " into Go struct field ClientOpts." + key + " of type " + goType);
    }
}
