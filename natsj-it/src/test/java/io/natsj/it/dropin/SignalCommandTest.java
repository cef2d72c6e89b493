package io.natsj.it.dropin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.natsj.it.support.ServerProcess;
import io.natsj.it.support.ServerProcess.Binary;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --signal}: its mistakes answered as nats-server answers them, and quit/stop reaching a server. */
class SignalCommandTest {

    @ParameterizedTest
    @ValueSource(strings = {"bogus=1", "reload=notapid", "reload=1=2=3", "reload=2147483646", "ldm=not/a/file"})
    void badSignalCommandsGetNatsServersMessage(String spec, @TempDir Path dir) {
        ServerProcess.Result go = ServerProcess.run(Binary.GO, dir, "--signal", spec);
        ServerProcess.Result natsj = ServerProcess.run(Binary.NATSJ, dir, "--signal", spec);
        assertEquals(go.exitCode(), natsj.exitCode(), natsj.output());
        assertEquals(go.firstLine(), natsj.firstLine());
    }

    @Test
    void quitByPidFileStopsTheServerWithExitZero(@TempDir Path dir) {
        Path pid = dir.resolve("natsj.pid");
        try (ServerProcess p = DropinSupport.startAsNatsServer(Binary.NATSJ, dir, "-a", "127.0.0.1", "-p", "-1",
                "-P", pid.toString())) {
            p.awaitReady();
            ServerProcess.Result r = ServerProcess.run(Binary.NATSJ, dir, "-sl", "quit=" + pid);
            assertEquals(0, r.exitCode(), r.output());
            assertEquals(0, p.awaitExit(Duration.ofSeconds(20)), p.output());
        }
    }

    @Test
    void stopKillsTheServer(@TempDir Path dir) {
        try (ServerProcess p = DropinSupport.startAsNatsServer(Binary.NATSJ, dir, "-a", "127.0.0.1", "-p", "-1")) {
            p.awaitReady();
            ServerProcess.Result r = ServerProcess.run(Binary.NATSJ, dir, "--signal", "stop=" + p.pid());
            assertEquals(0, r.exitCode(), r.output());
            assertEquals(137, p.awaitExit(Duration.ofSeconds(20)));
        }
    }
}
