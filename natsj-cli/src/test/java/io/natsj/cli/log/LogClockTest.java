package io.natsj.cli.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import java.util.TimeZone;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-made stamps against java.time, across zones with DST and odd offsets. */
class LogClockTest {
    private static final DateTimeFormatter GO_LOG = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss.SSSSSS ");
    private static final DateTimeFormatter GO_BACKUP = DateTimeFormatter.ofPattern("yyyy.MM.dd.HH.mm.ss.SSSSSSSSS");

    @ParameterizedTest
    @ValueSource(strings = {"UTC", "Asia/Tokyo", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe",
        "Asia/Kathmandu", "America/St_Johns", "Pacific/Chatham"})
    void stampsMatchJavaTime(String zoneName) {
        ZoneId zone = ZoneId.of(zoneName);
        LogClock clock = new LogClock(TimeZone.getTimeZone(zone));
        Random r = new Random(zoneName.hashCode());
        long[] seconds = new long[4000];
        for (int i = 0; i < seconds.length; i++) {
            // 1970..2100, with runs of equal and neighbouring seconds to exercise the per-second cache
            seconds[i] = i % 3 == 0 || i == 0 ? (long) (r.nextDouble() * 4102444800L) : seconds[i - 1] + r.nextInt(2);
        }
        // every DST transition of 2024 and 2025, one second either side
        var rules = zone.getRules();
        Instant t = Instant.parse("2024-01-01T00:00:00Z");
        int k = 0;
        long[] edges = new long[64];
        for (var tr = rules.nextTransition(t); tr != null && k < edges.length - 3
                && tr.getInstant().isBefore(Instant.parse("2026-01-01T00:00:00Z")); tr = rules.nextTransition(tr.getInstant())) {
            edges[k++] = tr.getInstant().getEpochSecond() - 1;
            edges[k++] = tr.getInstant().getEpochSecond();
            edges[k++] = tr.getInstant().getEpochSecond() + 1;
        }
        check(clock, zone, r, seconds, seconds.length);
        check(clock, zone, r, edges, k);
    }

    private static void check(LogClock clock, ZoneId zone, Random r, long[] seconds, int n) {
        LineBuffer b = new LineBuffer();
        for (int i = 0; i < n; i++) {
            int nanos = r.nextInt(1_000_000_000);
            ZonedDateTime z = Instant.ofEpochSecond(seconds[i], nanos).atZone(zone);
            b.reset();
            clock.appendMicros(b, seconds[i], nanos);
            assertEquals(GO_LOG.format(z), new String(b.buf, 0, b.len, StandardCharsets.US_ASCII), z.toString());
            assertEquals(GO_BACKUP.format(z), clock.backupSuffix(seconds[i], nanos), z.toString());
        }
    }
}
