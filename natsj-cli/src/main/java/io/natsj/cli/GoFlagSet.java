package io.natsj.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line flags with the rules of Go's {@code flag} package, which nats-server uses: one or two
 * dashes ({@code -p} and {@code --p} are the same); {@code -flag=value} or {@code -flag value};
 * boolean flags only as {@code -flag} or {@code -flag=false}; parsing stops at the first argument
 * that is not a flag, or after {@code --}. Error texts are Go's. Each flag name belongs to a target
 * (several names may share one, as {@code -p} and {@code --port} do); the last value given wins.
 */
final class GoFlagSet {
    enum Kind { BOOL, INT, STRING }

    /** A flag's value that failed to parse, or a flag that is not defined: Go's message. */
    static final class FlagException extends Exception {
        private static final long serialVersionUID = 1L;

        FlagException(String message) {
            super(message);
        }
    }

    private static final class Def {
        final Kind kind;
        final String target;

        Def(Kind kind, String target) {
            this.kind = kind;
            this.target = target;
        }
    }

    private final Map<String, Def> defs = new HashMap<>();
    /** Target to value, in the order first set (Boolean, Long or String). */
    private final Map<String, Object> values = new LinkedHashMap<>();
    /** Target to the flag name last used to set it, for messages. */
    private final Map<String, String> spelledAs = new HashMap<>();
    private final List<String> rest = new ArrayList<>();

    void define(Kind kind, String target, String... names) {
        for (String n : names) {
            defs.put(n, new Def(kind, target));
        }
    }

    /** Parses {@code args}; the arguments after the flags are in {@link #args()}. */
    void parse(String[] args) throws FlagException {
        int i = 0;
        while (i < args.length) {
            String a = args[i];
            if (a.length() < 2 || a.charAt(0) != '-') {
                break;
            }
            int dashes = 1;
            if (a.charAt(1) == '-') {
                dashes = 2;
                if (a.length() == 2) {
                    i++;
                    break;
                }
            }
            String name = a.substring(dashes);
            if (name.isEmpty() || name.charAt(0) == '-' || name.charAt(0) == '=') {
                throw new FlagException("bad flag syntax: " + a);
            }
            i++;
            String value = null;
            int eq = name.indexOf('=', 1);
            if (eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            Def d = defs.get(name);
            if (d == null) {
                throw new FlagException("flag provided but not defined: -" + name);
            }
            if (d.kind == Kind.BOOL) {
                if (value == null) {
                    set(d, name, Boolean.TRUE);
                } else {
                    Boolean b = parseBool(value);
                    if (b == null) {
                        throw new FlagException("invalid boolean value \"" + value + "\" for -" + name + ": parse error");
                    }
                    set(d, name, b);
                }
                continue;
            }
            if (value == null) {
                if (i >= args.length) {
                    throw new FlagException("flag needs an argument: -" + name);
                }
                value = args[i++];
            }
            if (d.kind == Kind.STRING) {
                set(d, name, value);
            } else {
                set(d, name, parseInt(value, name, 64));
            }
        }
        while (i < args.length) {
            rest.add(args[i++]);
        }
    }

    private void set(Def d, String name, Object v) {
        values.put(d.target, v);
        spelledAs.put(d.target, name);
    }

    boolean isSet(String target) {
        return values.containsKey(target);
    }

    Object value(String target) {
        return values.get(target);
    }

    boolean bool(String target) {
        return Boolean.TRUE.equals(values.get(target));
    }

    String string(String target) {
        Object v = values.get(target);
        return v == null ? null : v.toString();
    }

    long integer(String target) {
        Object v = values.get(target);
        return v == null ? 0 : (Long) v;
    }

    /** The name the user wrote for this target's flag, with Go's single dash. */
    String spelling(String target) {
        return "-" + spelledAs.get(target);
    }

    /** Targets set on the command line, in the order first set. */
    Iterable<String> setTargets() {
        return values.keySet();
    }

    List<String> args() {
        return rest;
    }

    /** Go's strconv.ParseBool. */
    static Boolean parseBool(String s) {
        switch (s) {
            case "1": case "t": case "T": case "TRUE": case "true": case "True":
                return Boolean.TRUE;
            case "0": case "f": case "F": case "FALSE": case "false": case "False":
                return Boolean.FALSE;
            default:
                return null;
        }
    }

    /** Go's strconv.ParseInt(s, 0, 64): optional sign, 0x/0o/0b/0 prefixes, underscores after a prefix. */
    static long parseInt(String value, String name, int bits) throws FlagException {
        String s = value;
        boolean neg = false;
        if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            neg = s.charAt(0) == '-';
            s = s.substring(1);
        }
        int radix = 10;
        boolean prefixed = false;
        if (s.length() > 1 && s.charAt(0) == '0') {
            char p = Character.toLowerCase(s.charAt(1));
            if (p == 'x' || p == 'o' || p == 'b') {
                radix = p == 'x' ? 16 : p == 'o' ? 8 : 2;
                s = s.substring(2);
            } else {
                radix = 8;
                s = s.substring(1);
            }
            prefixed = true;
        }
        if (prefixed) {
            if (s.startsWith("_") || s.endsWith("_") || s.contains("__")) {
                throw syntax(value, name);
            }
            s = s.replace("_", "");
        }
        if (s.isEmpty() || s.charAt(0) == '+' || s.charAt(0) == '-') {
            if (!(prefixed && radix == 8 && s.isEmpty())) {
                throw syntax(value, name);
            }
            return 0;
        }
        try {
            java.math.BigInteger v = new java.math.BigInteger(s, radix);
            if (neg) {
                v = v.negate();
            }
            if (v.bitLength() > bits - 1) {
                throw new FlagException("invalid value \"" + value + "\" for flag -" + name + ": value out of range");
            }
            return v.longValue();
        } catch (NumberFormatException e) {
            throw syntax(value, name);
        }
    }

    private static FlagException syntax(String value, String name) {
        return new FlagException("invalid value \"" + value + "\" for flag -" + name + ": parse error");
    }
}
