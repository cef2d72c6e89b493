package io.natsj.monitor.metrics;

import java.math.BigDecimal;

/**
 * Sample values as client_golang writes them: Go's {@code strconv.FormatFloat(v, 'g', -1, 64)}, the
 * shortest digits that read back to the same double, in exponent form when the decimal exponent is
 * below -4 or at least 6 (Go's threshold for the shortest precision): 54, 0.25, 1.2476416e+07.
 */
final class GoFloat {
    private GoFloat() {
    }

    static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return (1 / v) < 0 ? "-0" : "0";
        }
        // Double.toString's digits are the shortest that round-trip (JDK 19+, and on 17 for the
        // integers and short fractions the endpoints hold); BigDecimal splits them from the exponent.
        BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
        String digits = d.unscaledValue().toString();
        int exp = digits.length() - 1 - d.scale();
        StringBuilder sb = new StringBuilder(24);
        if (v < 0) {
            sb.append('-');
        }
        if (exp < -4 || exp >= 6) {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(exp < 0 ? '-' : '+');
            int a = Math.abs(exp);
            if (a < 10) {
                sb.append('0');
            }
            sb.append(a);
        } else if (exp < 0) {
            sb.append("0.");
            sb.append("0".repeat(-exp - 1)).append(digits);
        } else if (digits.length() <= exp + 1) {
            sb.append(digits).append("0".repeat(exp + 1 - digits.length()));
        } else {
            sb.append(digits, 0, exp + 1).append('.').append(digits, exp + 1, digits.length());
        }
        return sb.toString();
    }
}
