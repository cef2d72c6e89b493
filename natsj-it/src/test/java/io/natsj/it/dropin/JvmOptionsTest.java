package io.natsj.it.dropin;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.it.support.ServerProcess;
import io.natsj.it.support.ServerProcess.Binary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * JAVA_OPTS and NATSJ_JAVA_OPTS reach natsj's JVM, and a collector chosen there replaces bin/natsj's
 * own (the JVM refuses to start with two).
 */
class JvmOptionsTest {

    @ParameterizedTest
    @ValueSource(strings = {"JAVA_OPTS", "NATSJ_JAVA_OPTS"})
    void aCollectorGivenByTheUserReplacesOurs(String variable, @TempDir Path dir) {
        Map<String, String> env = Map.of(variable, "-XX:+UseSerialGC -Xlog:gc:stdout");
        try (ServerProcess p = ServerProcess.startWithEnv(Binary.NATSJ, dir, env, "-a", "127.0.0.1", "-p", "-1")) {
            p.awaitOutput("Using Serial", Duration.ofSeconds(20));
            p.awaitReady();
            assertTrue(p.isAlive(), p.output());
        }
    }
}
