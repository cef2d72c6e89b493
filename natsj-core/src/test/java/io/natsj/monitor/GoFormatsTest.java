package io.natsj.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class GoFormatsTest {
    @Test
    void uptimeAsMyUptime() {
        assertEquals("0s", GoFormats.uptime(Duration.ofMillis(999)));
        assertEquals("1m2s", GoFormats.uptime(Duration.ofSeconds(62)));
        assertEquals("1h0m5s", GoFormats.uptime(Duration.ofSeconds(3605)));
        assertEquals("2d3h0m0s", GoFormats.uptime(Duration.ofHours(51)));
        assertEquals("1y1d0h0m1s", GoFormats.uptime(Duration.ofDays(366).plusSeconds(1)));
    }

    @Test
    void timesAsGoMarshalsThem() {
        Instant t = Instant.parse("2026-11-26T07:15:03.357487600Z");
        assertEquals("2026-11-26T07:15:03.3574876Z", GoFormats.time(t, ZoneOffset.UTC));
        assertEquals("2026-11-26T07:15:03Z", GoFormats.time(Instant.parse("2026-11-26T07:15:03Z"), ZoneOffset.UTC));
        assertEquals("2026-11-26T08:15:03.5+01:00", GoFormats.time(Instant.parse("2026-11-26T07:15:03.5Z"), ZoneId.of("Europe/Paris")));
        assertEquals("2026-11-26T01:45:03-05:30", GoFormats.time(Instant.parse("2026-11-26T07:15:03Z"), ZoneOffset.ofHoursMinutes(-5, -30)));
    }

    @Test
    void floatsAsGoWritesThem() {
        assertEquals("2", GoFormats.number(2.0));
        assertEquals("0.5", GoFormats.number(0.5));
        assertEquals("1.25", GoFormats.number(1.25));
        assertEquals("0", GoFormats.number(0));
    }

    @Test
    void basePathsAsNatsServer() {
        assertEquals("/", MonitorRoutes.normalizeBasePath(""));
        assertEquals("/mon", MonitorRoutes.normalizeBasePath("mon/"));
        assertEquals("/a/b", MonitorRoutes.normalizeBasePath("/a//./b/"));
        assertEquals("/varz", MonitorRoutes.join("/", "/varz"));
        assertEquals("/mon/varz", MonitorRoutes.join("/mon", "/varz"));
        assertEquals("/mon", MonitorRoutes.join("/mon", "/"));
    }
}
