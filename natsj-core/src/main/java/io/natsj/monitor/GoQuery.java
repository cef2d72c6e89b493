package io.natsj.monitor;

import io.natsj.protocol.GoQuote;
import java.util.List;
import java.util.Map;

/**
 * A request's query parameters decoded as nats-server's monitor handlers decode them (decodeBool,
 * decodeInt, decodeUint64, decodeState, decodeSubs), failing with their texts. An absent or empty
 * parameter is the zero value, as url.Values.Get gives "" for both.
 */
final class GoQuery {
    private final Map<String, List<String>> values;

    GoQuery(Map<String, List<String>> values) {
        this.values = values;
    }

    /** url.Values.Get: the first value, or "". */
    String get(String key) {
        List<String> v = values.get(key);
        return v == null || v.isEmpty() ? "" : v.get(0);
    }

    boolean bool(String param) throws MonitorRequestException {
        String s = get(param);
        if (s.isEmpty()) {
            return false;
        }
        Boolean b = parseBool(s);
        if (b == null) {
            throw new MonitorRequestException("Error decoding boolean for '" + param + "': strconv.ParseBool: parsing "
                    + GoQuote.quote(s) + ": invalid syntax");
        }
        return b;
    }

    /** strconv.Atoi on a 64-bit platform. */
    long integer(String param) throws MonitorRequestException {
        String s = get(param);
        if (s.isEmpty()) {
            return 0;
        }
        String digits = s.charAt(0) == '+' || s.charAt(0) == '-' ? s.substring(1) : s;
        if (!allDigits(digits)) {
            throw intError(param, "Atoi", s, "invalid syntax");
        }
        try {
            return Long.parseLong(s.charAt(0) == '+' ? digits : s);
        } catch (NumberFormatException e) {
            throw intError(param, "Atoi", s, "value out of range");
        }
    }

    /** strconv.ParseUint(s, 10, 64). */
    long unsigned(String param) throws MonitorRequestException {
        String s = get(param);
        if (s.isEmpty()) {
            return 0;
        }
        if (!allDigits(s)) {
            throw intError(param, "ParseUint", s, "invalid syntax");
        }
        try {
            return Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            throw intError(param, "ParseUint", s, "value out of range");
        }
    }

    private static MonitorRequestException intError(String param, String func, String s, String why) {
        String type = func.equals("Atoi") ? "int" : "uint64";
        return new MonitorRequestException("Error decoding " + type + " for '" + param + "': strconv." + func
                + ": parsing " + GoQuote.quote(s) + ": " + why);
    }

    private static boolean allDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** decodeState: open (the default), closed, or any/all, in any case. */
    ConnState state() throws MonitorRequestException {
        String s = get("state");
        if (s.isEmpty()) {
            return ConnState.OPEN;
        }
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "open" -> ConnState.OPEN;
            case "closed" -> ConnState.CLOSED;
            case "any", "all" -> ConnState.ALL;
            default -> throw new MonitorRequestException("Error decoding state for " + s);
        };
    }

    /** decodeSubs: {subs, detail}; "detail" in any case, otherwise a boolean. */
    boolean[] subs() throws MonitorRequestException {
        if (get("subs").toLowerCase(java.util.Locale.ROOT).equals("detail")) {
            return new boolean[] {false, true};
        }
        return new boolean[] {bool("subs"), false};
    }

    /** Go's strconv.ParseBool; null for what it refuses. */
    static Boolean parseBool(String s) {
        return switch (s) {
            case "1", "t", "T", "TRUE", "true", "True" -> Boolean.TRUE;
            case "0", "f", "F", "FALSE", "false", "False" -> Boolean.FALSE;
            default -> null;
        };
    }
}
