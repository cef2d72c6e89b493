package io.natsj.bench;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * The runs JMH should make of some benchmark classes, worked out from their annotations: every
 * {@code @Benchmark} method with every combination of {@code @Param} values (an enum parameter without
 * listed values takes all its constants, as in JMH). A run is named by {@link #label}.
 */
final class BenchmarkInventory {
    private BenchmarkInventory() {
    }

    /** Labels of all runs, sorted. */
    static List<String> runs(List<Class<?>> classes) {
        List<String> labels = new ArrayList<>();
        for (Class<?> c : classes) {
            List<Map<String, String>> combinations = combinations(c);
            for (Method m : c.getDeclaredMethods()) {
                if (m.isAnnotationPresent(Benchmark.class)) {
                    combinations.forEach(params -> labels.add(label(c.getName() + "." + m.getName(), params)));
                }
            }
        }
        labels.sort(null);
        return labels;
    }

    /** {@code benchmark key=value ...} with the keys in sorted order. */
    static String label(String benchmark, Map<String, String> params) {
        StringBuilder sb = new StringBuilder(benchmark);
        new TreeMap<>(params).forEach((key, value) -> sb.append(' ').append(key).append('=').append(value));
        return sb.toString();
    }

    private static List<Map<String, String>> combinations(Class<?> c) {
        List<Map<String, String>> combinations = new ArrayList<>();
        combinations.add(new TreeMap<>());
        for (Field f : c.getDeclaredFields()) {
            Param param = f.getAnnotation(Param.class);
            if (param == null) {
                continue;
            }
            List<Map<String, String>> extended = new ArrayList<>();
            for (Map<String, String> partial : combinations) {
                for (String value : values(f, param)) {
                    Map<String, String> more = new TreeMap<>(partial);
                    more.put(f.getName(), value);
                    extended.add(more);
                }
            }
            combinations = extended;
        }
        return combinations;
    }

    private static List<String> values(Field f, Param param) {
        if (!(param.value().length == 1 && Param.BLANK_ARGS.equals(param.value()[0]))) {
            return List.of(param.value());
        }
        List<String> names = new ArrayList<>();
        for (Object constant : f.getType().getEnumConstants()) {
            names.add(((Enum<?>) constant).name());
        }
        return names;
    }
}
