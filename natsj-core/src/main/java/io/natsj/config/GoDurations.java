package io.natsj.config;

import java.time.Duration;

/**
 * Durations as Go reads and writes them. Parsing is Go's {@code time.ParseDuration}: "300ms", "1h30m", "1.5s", "-2m", "0". nats-server reads every
 * duration option with it, so natsj accepts and refuses exactly the same spellings, with Go's error
 * texts ({@code time: invalid duration "x"}).
 */
public final class GoDurations {
    private GoDurations() {
    }

    /** Parses a Go duration; throws {@link IllegalArgumentException} with Go's message. */
    public static Duration parse(String s) {
        String orig = s;
        int i = 0;
        boolean neg = false;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        if (s.substring(i).equals("0")) {
            return Duration.ZERO;
        }
        if (i == s.length()) {
            throw invalid(orig);
        }
        double totalNanos = 0;
        long exactNanos = 0;
        boolean exact = true;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (!(c == '.' || (c >= '0' && c <= '9'))) {
                throw invalid(orig);
            }
            int start = i;
            long whole = 0;
            boolean overflow = false;
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                whole = whole * 10 + (s.charAt(i) - '0');
                if (whole < 0 || whole > Long.MAX_VALUE / 10) {
                    overflow = whole < 0;
                }
                i++;
            }
            boolean pre = i != start;
            double frac = 0;
            double scale = 1;
            boolean post = false;
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                int fs = i;
                while (i < s.length() && Character.isDigit(s.charAt(i))) {
                    frac = frac * 10 + (s.charAt(i) - '0');
                    scale *= 10;
                    i++;
                }
                post = i != fs;
            }
            if (!pre && !post || overflow) {
                throw invalid(orig);
            }
            int us = i;
            while (i < s.length() && s.charAt(i) != '.' && !Character.isDigit(s.charAt(i))) {
                i++;
            }
            if (us == i) {
                throw new IllegalArgumentException("time: missing unit in duration " + quote(orig));
            }
            String u = s.substring(us, i);
            long unit = unitNanos(u);
            if (unit < 0) {
                throw new IllegalArgumentException("time: unknown unit " + quote(u) + " in duration " + quote(orig));
            }
            double part = whole * (double) unit + (frac / scale) * unit;
            totalNanos += part;
            if (frac == 0 && exact) {
                long v = Math.multiplyExact(whole, unit);
                exactNanos = Math.addExact(exactNanos, v);
            } else {
                exact = false;
            }
            if (totalNanos > Long.MAX_VALUE) {
                throw invalid(orig);
            }
        }
        long nanos = exact ? exactNanos : (long) totalNanos;
        return Duration.ofNanos(neg ? -nanos : nanos);
    }

    private static long unitNanos(String u) {
        switch (u) {
            case "ns":
                return 1L;
            case "us":
            case "\u00b5s":
            case "\u03bcs":
                return 1_000L;
            case "ms":
                return 1_000_000L;
            case "s":
                return 1_000_000_000L;
            case "m":
                return 60_000_000_000L;
            case "h":
                return 3_600_000_000_000L;
            default:
                return -1;
        }
    }

    private static IllegalArgumentException invalid(String orig) {
        return new IllegalArgumentException("time: invalid duration " + quote(orig));
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }


    /** Go's time.Duration.String(): "2s", "1m30s", "100ms", "1h0m0s". */
    public static String format(Duration d) {
        long nanos;
        try {
            nanos = d.toNanos();
        } catch (ArithmeticException e) {
            nanos = d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return format(nanos);
    }

    public static String format(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        if (nanos < 0) {
            sb.append('-');
        }
        // Work with the magnitude; Long.MIN_VALUE has none as a long, so go through unsigned math.
        long u = nanos == Long.MIN_VALUE ? nanos : Math.abs(nanos);
        if (Long.compareUnsigned(u, 1_000_000_000L) < 0) {
            if (u < 1_000L) {
                return sb.append(u).append("ns").toString();
            } else if (u < 1_000_000L) {
                return fraction(sb, u, 3).append("\u00b5s").toString();
            }
            return fraction(sb, u, 6).append("ms").toString();
        }
        long secondsNanos = Long.remainderUnsigned(u, 60_000_000_000L);
        long minutesTotal = Long.divideUnsigned(u, 60_000_000_000L);
        long hours = minutesTotal / 60;
        long minutes = minutesTotal % 60;
        if (hours > 0) {
            sb.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            sb.append(minutes).append('m');
        }
        return fraction(sb, secondsNanos, 9).append('s').toString();
    }

    /** value / 10^digits with the fraction's trailing zeros (and a bare point) dropped. */
    private static StringBuilder fraction(StringBuilder sb, long value, int digits) {
        long scale = 1;
        for (int i = 0; i < digits; i++) {
            scale *= 10;
        }
        sb.append(value / scale);
        long frac = value % scale;
        if (frac != 0) {
            StringBuilder f = new StringBuilder(Long.toString(frac));
            while (f.length() < digits) {
                f.insert(0, '0');
            }
            int end = f.length();
            while (end > 0 && f.charAt(end - 1) == '0') {
                end--;
            }
            sb.append('.').append(f, 0, end);
        }
        return sb;
    }
}
