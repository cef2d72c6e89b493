package io.natsj.monitor.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DashboardFilesTest {
    @Test
    void thePageAndItsFilesAreInTheJar() {
        assertEquals("text/html; charset=utf-8", Dashboard.find("").contentType());
        assertTrue(Dashboard.find("").body().contains("<script src=\"dashboard/dashboard.js\"></script>"));
        assertTrue(Dashboard.find("/uPlot.iife.min.js").body().startsWith("/*! https://github.com/leeoniya/uPlot (v1.6.32) */"));
        assertTrue(Dashboard.find("/uPlot.LICENSE").body().contains("MIT"));
        assertEquals("text/css; charset=utf-8", Dashboard.find("/dashboard.css").contentType());
    }

    @Test
    void onlyTheListedFilesAreServed() {
        for (String rest : List.of("/", "/index.html", "/index.html/", "/../metrics/Metrics.class", "/Dashboard.class", "x", "/nope.js",
                "//dashboard.js")) {
            assertNull(Dashboard.find(rest), rest);
        }
    }
}
