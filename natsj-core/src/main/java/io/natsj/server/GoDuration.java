package io.natsj.server;

import java.time.Duration;

/** Durations written as Go's time.Duration.String() writes them ("2s", "1m30s", "100ms", "1h0m0s"). */
final class GoDuration {
    private GoDuration() {
    }

    static String format(Duration d) {
        long nanos;
        try {
            nanos = d.toNanos();
        } catch (ArithmeticException e) {
            nanos = d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return format(nanos);
    }

    static String format(long nanos) {
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
