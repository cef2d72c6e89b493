package io.natsj.loadgen;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What one run of one scenario against one server measured: a status ("ok", or why not) and named
 * figures, printed as one key=value line of the raw file and read back by name for the report.
 */
final class RunResult {
    private final String scenario;
    private final String server;
    private final Map<String, Object> values = new LinkedHashMap<>();
    private String status = "ok";
    private String why;

    RunResult(String scenario, String server) {
        this.scenario = scenario;
        this.server = server;
    }

    String scenario() {
        return scenario;
    }

    String server() {
        return server;
    }

    RunResult put(String key, Object value) {
        values.put(key, value);
        return this;
    }

    /** The figure as a number; NaN when missing or not a number. */
    double get(String key) {
        Object v = values.get(key);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    Object value(String key) {
        return values.get(key);
    }

    /** Marks the run as not complete; the first reason given is kept. */
    RunResult fail(String status, String why) {
        if (ok()) {
            this.status = status;
            this.why = why;
        }
        return this;
    }

    boolean ok() {
        return "ok".equals(status);
    }

    String status() {
        return status;
    }

    String why() {
        return why;
    }

    /** One line of the raw file: "RUN scen=... srv=... <tags> status=... key=value ...". */
    String rawLine(String tags) {
        StringBuilder b = new StringBuilder("RUN scen=").append(scenario.replace(' ', '/'))
                .append(" srv=").append(server).append(' ').append(tags).append(" status=").append(status);
        for (Map.Entry<String, Object> e : values.entrySet()) {
            b.append(' ').append(e.getKey()).append('=').append(format(e.getValue()));
        }
        if (why != null) {
            b.append(" why=\"").append(why.replace('"', '\'')).append('"');
        }
        return b.toString();
    }

    private static String format(Object v) {
        if (v instanceof Double d) {
            return Math.abs(d) >= 100 || d == Math.rint(d) ? String.format(Locale.ROOT, "%.0f", d)
                    : String.format(Locale.ROOT, "%.3f", d);
        }
        return String.valueOf(v).replace(' ', '_');
    }
}
