package io.natsj.it.dropin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.natsj.it.support.ServerProcess;
import io.natsj.it.support.ServerProcess.Binary;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A server started with INT and HUP ignored, as a script's background job starts with INT ignored and
 * nohup ignores HUP, still answers them: nats-server takes them over (Go's signal.Notify does so), and
 * natsj must too, although a JVM leaves signals that were ignored at its start ignored.
 */
class IgnoredSignalsTest {

    @ParameterizedTest
    @EnumSource(Binary.class)
    void hangupReloadsAndInterruptStopsEvenWhenIgnoredAtStart(Binary binary, @TempDir Path dir) throws Exception {
        Path conf = dir.resolve("server.conf");
        DropinSupport.write(conf, "host: 127.0.0.1\nport: -1\n");
        // sh sets both to "ignore" and exec keeps that, as it does for any program it starts.
        try (ServerProcess p = ServerProcess.startCommand(binary, Path.of("/bin/sh"), dir, "-c",
                "trap '' INT HUP; exec \"$0\" \"$@\"", binary.path().toString(), "-c", conf.toString())) {
            p.awaitReady();
            p.signal("HUP");
            p.awaitOutput("Reloaded server configuration", Duration.ofSeconds(10));
            p.signal("INT");
            assertEquals(0, p.awaitExit(Duration.ofSeconds(10)), p.output());
        }
    }
}
