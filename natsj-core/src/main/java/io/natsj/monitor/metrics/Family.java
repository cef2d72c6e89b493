package io.natsj.monitor.metrics;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** One metric family of the text format: a name, its help and type, and its samples. */
final class Family {
    /** The text format's types that the exporter uses. */
    enum Type {
        GAUGE, COUNTER, UNTYPED;

        String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A sample's labels are kept sorted by name, as client_golang writes them (its const metrics sort
     * their label pairs).
     */
    record Sample(SortedMap<String, String> labels, double value) {
    }

    final String name;
    final String help;
    final Type type;
    private final List<Sample> samples = new ArrayList<>();

    Family(String name, String help, Type type) {
        this.name = name;
        this.help = help;
        this.type = type;
    }

    /** @param labels name, value, name, value... */
    Family add(double value, String... labels) {
        return add(value, pairs(labels));
    }

    Family add(double value, Map<String, String> labels) {
        samples.add(new Sample(new TreeMap<>(labels), value));
        return this;
    }

    /** The samples in client_golang's order: by label values, label by label. */
    List<Sample> samples() {
        List<Sample> sorted = new ArrayList<>(samples);
        sorted.sort(Family::compare);
        return sorted;
    }

    private static int compare(Sample a, Sample b) {
        Iterator<String> x = a.labels().values().iterator();
        Iterator<String> y = b.labels().values().iterator();
        while (x.hasNext() && y.hasNext()) {
            int c = x.next().compareTo(y.next());
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.labels().size(), b.labels().size());
    }

    static Map<String, String> pairs(String... labels) {
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name, value pairs");
        }
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            m.put(labels[i], labels[i + 1]);
        }
        return m;
    }
}
