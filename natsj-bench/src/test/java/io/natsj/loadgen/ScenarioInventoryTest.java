package io.natsj.loadgen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every scenario scripts/bench runs is named in its --help and described in BENCHMARKS.md. */
class ScenarioInventoryTest {
    @Test
    void everyScenarioIsDocumented() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        String benchmarks = Files.readString(root.resolve("BENCHMARKS.md"));
        Set<String> names = new TreeSet<>();
        for (Scenario s : Suite.scenarios(BenchOptions.parse(new String[0], root))) {
            String key = s.key();
            names.add(key.contains(" ") ? key.substring(0, key.indexOf(' ')) : key);
        }
        for (String name : names) {
            assertTrue(BenchOptions.USAGE.contains(name), name + " is not in scripts/bench --help");
            assertTrue(benchmarks.contains(name), name + " is not in BENCHMARKS.md");
        }
        assertTrue(names.contains("js-pub-async-file"), names.toString());
    }
}
