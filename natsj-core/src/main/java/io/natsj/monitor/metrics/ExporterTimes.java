package io.natsj.monitor.metrics;

import io.natsj.config.GoDurations;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The exporter's readings of the times and durations in connz and routez. Each returns -1 for text it
 * cannot read, as the exporter does.
 */
final class ExporterTimes {
    /** nats-server's uptime format: Go's duration with years (365 days) and days in front. */
    private static final Pattern UPTIME = Pattern.compile("(?:(\\d+)y)?(?:(\\d+)d)?(.*)");

    private ExporterTimes() {
    }

    /** An RFC 3339 time as Unix epoch milliseconds. */
    static double epochMillis(String time) {
        try {
            return OffsetDateTime.parse(time).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return -1;
        }
    }

    /** A Go duration ("330µs") as whole microseconds. */
    static double micros(String goDuration) {
        try {
            Duration d = GoDurations.parse(goDuration);
            return d.toNanos() / 1000;
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    /** A Go duration as seconds. */
    static double seconds(String goDuration) {
        try {
            return GoDurations.parse(goDuration).toNanos() / 1e9;
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    /** nats-server's uptime or idle text ("1y2d3h4m5s") as milliseconds. */
    static double uptimeMillis(String uptime) {
        Duration d = uptime(uptime);
        return d == null ? -1 : d.toMillis();
    }

    /** nats-server's uptime text, or null. */
    static Duration uptime(String uptime) {
        Matcher m = UPTIME.matcher(uptime);
        if (uptime.isEmpty() || !m.matches()) {
            return null;
        }
        try {
            long days = (m.group(1) == null ? 0 : Long.parseLong(m.group(1)) * 365)
                    + (m.group(2) == null ? 0 : Long.parseLong(m.group(2)));
            Duration rest = m.group(3).isEmpty() ? Duration.ZERO : GoDurations.parse(m.group(3));
            return Duration.ofDays(days).plus(rest);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
