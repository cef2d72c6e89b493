package io.natsj.monitor.metrics;

import java.util.Map;
import java.util.TreeMap;

/**
 * The families of one scrape, written in the Prometheus text format 0.0.4 as client_golang writes
 * it: families sorted by name, each with its HELP and TYPE lines, then its samples.
 */
final class Exposition {
    private final Map<String, Family> families = new TreeMap<>();

    Family gauge(String name, String help) {
        return family(name, help, Family.Type.GAUGE);
    }

    Family counter(String name, String help) {
        return family(name, help, Family.Type.COUNTER);
    }

    Family untyped(String name, String help) {
        return family(name, help, Family.Type.UNTYPED);
    }

    /** The first registration of a name fixes its help and type; later ones add to it. */
    private Family family(String name, String help, Family.Type type) {
        return families.computeIfAbsent(name, n -> new Family(n, help, type));
    }

    String text() {
        StringBuilder sb = new StringBuilder(8192);
        for (Family f : families.values()) {
            if (f.samples().isEmpty()) {
                continue;
            }
            sb.append("# HELP ").append(f.name).append(' ');
            escape(sb, f.help, false);
            sb.append('\n');
            sb.append("# TYPE ").append(f.name).append(' ').append(f.type.word()).append('\n');
            for (Family.Sample s : f.samples()) {
                sb.append(f.name);
                if (!s.labels().isEmpty()) {
                    sb.append('{');
                    boolean first = true;
                    for (Map.Entry<String, String> l : s.labels().entrySet()) {
                        if (!first) {
                            sb.append(',');
                        }
                        first = false;
                        sb.append(l.getKey()).append("=\"");
                        escape(sb, l.getValue(), true);
                        sb.append('"');
                    }
                    sb.append('}');
                }
                sb.append(' ').append(GoFloat.format(s.value())).append('\n');
            }
        }
        return sb.toString();
    }

    /** The format's escapes: backslash and newline, and in label values the double quote. */
    private static void escape(StringBuilder sb, String s, boolean quote) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '"' -> sb.append(quote ? "\\\"" : "\"");
                default -> sb.append(c);
            }
        }
    }
}
