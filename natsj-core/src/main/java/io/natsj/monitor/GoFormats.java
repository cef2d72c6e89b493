package io.natsj.monitor;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/** Values as nats-server's monitoring JSON writes them (Go's time and float formats). */
final class GoFormats {
    private GoFormats() {
    }

    /**
     * A time as Go's time.Time marshals to JSON (RFC 3339 with the fraction's trailing zeros cut, and
     * "Z" for a zero offset), in {@code zone}.
     */
    static String time(Instant t, ZoneId zone) {
        ZonedDateTime z = t.atZone(zone);
        StringBuilder sb = new StringBuilder(40);
        pad(sb, z.getYear(), 4).append('-');
        pad(sb, z.getMonthValue(), 2).append('-');
        pad(sb, z.getDayOfMonth(), 2).append('T');
        pad(sb, z.getHour(), 2).append(':');
        pad(sb, z.getMinute(), 2).append(':');
        pad(sb, z.getSecond(), 2);
        int nanos = z.getNano();
        if (nanos != 0) {
            String f = String.format("%09d", nanos);
            int end = f.length();
            while (f.charAt(end - 1) == '0') {
                end--;
            }
            sb.append('.').append(f, 0, end);
        }
        int offset = z.getOffset().getTotalSeconds();
        if (offset == 0) {
            sb.append('Z');
        } else {
            sb.append(offset < 0 ? '-' : '+');
            int abs = Math.abs(offset);
            pad(sb, abs / 3600, 2).append(':');
            pad(sb, (abs / 60) % 60, 2);
        }
        return sb.toString();
    }

    private static StringBuilder pad(StringBuilder sb, int v, int width) {
        String s = Integer.toString(v);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }

    /** nats-server's myUptime: whole seconds, as "1y2d3h4m5s" without the leading zero units. */
    static String uptime(Duration d) {
        long tsecs = d.getSeconds();
        long tmins = tsecs / 60;
        long thrs = tmins / 60;
        long tdays = thrs / 24;
        long tyrs = tdays / 365;
        if (tyrs > 0) {
            return tyrs + "y" + tdays % 365 + "d" + thrs % 24 + "h" + tmins % 60 + "m" + tsecs % 60 + "s";
        }
        if (tdays > 0) {
            return tdays + "d" + thrs % 24 + "h" + tmins % 60 + "m" + tsecs % 60 + "s";
        }
        if (thrs > 0) {
            return thrs + "h" + tmins % 60 + "m" + tsecs % 60 + "s";
        }
        if (tmins > 0) {
            return tmins + "m" + tsecs % 60 + "s";
        }
        return tsecs + "s";
    }

    /** A float64 as Go's encoding/json writes it for ordinary magnitudes: "2", "0.5", "1.25". */
    static String number(double v) {
        return io.natsj.protocol.GoJsonWriter.number(v);
    }

    /** A duration in seconds as a float, as nats-server keeps auth_timeout and tls_timeout. */
    static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() / 1e9;
    }
}
