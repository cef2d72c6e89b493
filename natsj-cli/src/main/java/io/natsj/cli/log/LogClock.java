package io.natsj.cli.log;

import java.util.TimeZone;

/**
 * Local-time stamps formatted by hand, as Go's log package writes them with
 * {@code LstdFlags | Lmicroseconds}: {@code 2006/01/02 15:04:05.000000 }. The date and time of day are
 * cached per second; no java.time formatter, no String.format. Not thread-safe: used under
 * {@link GoLog}'s lock.
 */
final class LogClock {
    private TimeZone zone; // Go reads the local zone once (TZ or /etc/localtime); so does the JVM
    private long cachedSecond = Long.MIN_VALUE;
    /** {@code yyyy/MM/dd HH:mm:ss} for {@link #cachedSecond}. */
    private final byte[] stamp = new byte[19];
    private final LineBuffer scratch = new LineBuffer();

    LogClock() {
    }

    /** For tests: a fixed zone instead of the JVM default. */
    LogClock(TimeZone zone) {
        this.zone = zone;
    }

    private TimeZone zone() {
        TimeZone z = zone;
        if (z == null) {
            z = zone = TimeZone.getDefault();
        }
        return z;
    }

    /** Appends {@code yyyy/MM/dd HH:mm:ss.uuuuuu } (local time, trailing space) for the given instant. */
    void appendMicros(LineBuffer b, long epochSecond, int nanos) {
        appendSeconds(b, epochSecond);
        b.add((byte) '.');
        b.digits(nanos / 1000, 6);
        b.add((byte) ' ');
    }

    /** Appends {@code yyyy/MM/dd HH:mm:ss} (local time, no trailing space). */
    void appendSeconds(LineBuffer b, long epochSecond) {
        if (epochSecond != cachedSecond) {
            scratch.reset();
            long[] f = fields(epochSecond);
            scratch.digits(f[0], 4);
            scratch.add((byte) '/');
            scratch.digits(f[1], 2);
            scratch.add((byte) '/');
            scratch.digits(f[2], 2);
            scratch.add((byte) ' ');
            scratch.digits(f[3], 2);
            scratch.add((byte) ':');
            scratch.digits(f[4], 2);
            scratch.add((byte) ':');
            scratch.digits(f[5], 2);
            System.arraycopy(scratch.buf, 0, stamp, 0, 19);
            cachedSecond = epochSecond;
        }
        b.add(stamp);
    }

    /**
     * The suffix Go 2.9.10 gives a rotated log file: {@code %04d.%02d.%02d.%02d.%02d.%02d.%09d} of the
     * local time (year, month, day, hour, minute, second, nanosecond).
     */
    String backupSuffix(long epochSecond, int nanos) {
        long[] f = fields(epochSecond);
        LineBuffer b = new LineBuffer();
        b.digits(f[0], 4);
        for (int i = 1; i < 6; i++) {
            b.add((byte) '.');
            b.digits(f[i], 2);
        }
        b.add((byte) '.');
        b.digits(nanos, 9);
        return new String(b.buf, 0, b.len, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** year, month, day, hour, minute, second of the local time at {@code epochSecond}. */
    long[] fields(long epochSecond) {
        long local = epochSecond + zone().getOffset(epochSecond * 1000) / 1000;
        long days = Math.floorDiv(local, 86400L);
        long secOfDay = local - days * 86400L;
        // civil_from_days (H. Hinnant), proleptic Gregorian
        long z = days + 719468;
        long era = Math.floorDiv(z, 146097L);
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long y = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long d = doy - (153 * mp + 2) / 5 + 1;
        long m = mp < 10 ? mp + 3 : mp - 9;
        if (m <= 2) {
            y++;
        }
        return new long[] {y, m, d, secOfDay / 3600, (secOfDay / 60) % 60, secOfDay % 60};
    }
}
