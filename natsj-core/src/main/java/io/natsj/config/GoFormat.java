package io.natsj.config;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/** Go's fmt verbs as nats-server uses them in the authorization and accounts messages. */
final class GoFormat {
    private GoFormat() {
    }

    /** {@code %q} of a string. */
    static String q(String s) {
        return ConfigOptions.quote(s);
    }

    /** {@code %q} of a {@code []string}: {@code ["A" "B"]}. */
    static String q(List<String> list) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < list.size(); i++) {
            sb.append(i == 0 ? "" : " ").append(q(list.get(i)));
        }
        return sb.append(']').toString();
    }

    /** {@code %T} of a configuration value. */
    static String t(ConfigValue v) {
        return TypeMismatch.goType(v.kind());
    }

    /**
     * {@code %v} of a configuration value. Scalars print as Go prints them; Go prints the members of
     * a map or array as pointer addresses, which no one can match, so those are only sketched.
     */
    static String v(ConfigValue v) {
        switch (v.kind()) {
            case STRING:
            case INTEGER:
            case BOOLEAN:
                return String.valueOf(v.value());
            case FLOAT:
                return goFloat((Double) v.value());
            case MAP:
                return "map" + v.asMap().keySet();
            case ARRAY:
                return "[" + v.asList().size() + " values]";
            default:
                return String.valueOf(v.value());
        }
    }

    /** {@code %v} of a float64: shortest digits, exponent form below 1e-4 and from 1e21. */
    static String goFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        BigDecimal b = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        int exp = b.precision() - b.scale() - 1;
        if (exp < -4 || exp >= 21) {
            String digits = b.unscaledValue().abs().toString();
            String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return (d < 0 ? "-" : "") + mant + "e" + (exp < 0 ? "-" : "+")
                    + String.format(Locale.ROOT, "%02d", Math.abs(exp));
        }
        return b.toPlainString();
    }
}
