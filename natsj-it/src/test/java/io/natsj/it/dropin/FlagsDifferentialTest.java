package io.natsj.it.dropin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.it.support.ServerProcess;
import io.natsj.it.support.ServerProcess.Binary;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Command lines that end before a server starts (version, help, bad flags, -t), run through natsj and
 * the Go nats-server: the same exit code and the same first line of output.
 */
class FlagsDifferentialTest {

    static Stream<Arguments> commandLines() {
        return Stream.of(
                Arguments.of((Object) new String[] {"-v"}),
                Arguments.of((Object) new String[] {"--version"}),
                Arguments.of((Object) new String[] {"version"}),
                Arguments.of((Object) new String[] {"-version=true"}),
                Arguments.of((Object) new String[] {"-nosuchflag"}),
                Arguments.of((Object) new String[] {"--nosuchflag=3"}),
                Arguments.of((Object) new String[] {"-p"}),
                Arguments.of((Object) new String[] {"-p", "abc"}),
                Arguments.of((Object) new String[] {"--port=99999999999999999999"}),
                Arguments.of((Object) new String[] {"-D=maybe"}),
                Arguments.of((Object) new String[] {"---p", "1"}),
                Arguments.of((Object) new String[] {"-=x"}),
                Arguments.of((Object) new String[] {"-p", "4222", "extra"}),
                Arguments.of((Object) new String[] {"-t"}),
                Arguments.of((Object) new String[] {"-t", "-c", "/nonexistent/natsj.conf"}),
                Arguments.of((Object) new String[] {"-sl"}),
                Arguments.of((Object) new String[] {"-c"}));
    }

    @ParameterizedTest
    @MethodSource("commandLines")
    void sameExitCodeAndFirstLine(String[] args, @TempDir Path dir) {
        ServerProcess.Result go = ServerProcess.run(Binary.GO, dir, args);
        ServerProcess.Result natsj = ServerProcess.run(Binary.NATSJ, dir, args);
        assertEquals(go.exitCode(), natsj.exitCode(), "exit code; natsj said:\n" + natsj.output());
        String goFirst = go.firstLine();
        String natsjFirst = natsj.firstLine();
        if (goFirst.startsWith("nats-server: v")) {
            // natsj adds its own build after the version it matches: "nats-server: v2.9.10 (natsj-0.1.0)".
            assertTrue(natsjFirst.startsWith(goFirst + " (natsj-"), natsjFirst);
        } else {
            assertEquals(goFirst, natsjFirst);
        }
    }

    /**
     * Authorization problems nats-server finds only when it starts (not with -t): the same exit code and
     * message from natsj, the flags included.
     */
    @ParameterizedTest
    @MethodSource("startUpAuthProblems")
    void authorizationRefusedAtStartUpAsNatsServer(String config, String[] flags, @TempDir Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("a.conf"), config);
        String[] args = Stream.concat(Stream.of("-c", "a.conf", "-a", "127.0.0.1", "-p", "-1"), Stream.of(flags))
                .toArray(String[]::new);
        ServerProcess.Result go = ServerProcess.run(Binary.GO, dir, args);
        ServerProcess.Result natsj = ServerProcess.run(Binary.NATSJ, dir, args);
        assertEquals(1, go.exitCode(), go.output());
        assertEquals(go.exitCode(), natsj.exitCode(), "exit code; natsj said:\n" + natsj.output());
        assertEquals(go.firstLine(), natsj.firstLine());
    }

    static Stream<Arguments> startUpAuthProblems() {
        return Stream.of(
                Arguments.of("no_auth_user: bob\n", new String[0]),
                Arguments.of("no_auth_user: bob\nauthorization { users: [{user: a, password: b}] }\n", new String[0]),
                Arguments.of("no_auth_user: bob\n", new String[] {"--user", "bob", "--pass", "x"}),
                Arguments.of("system_account: NOPE\n", new String[] {"--auth", "t"}));
    }

    @Test
    void flagsOfFeaturesNotBuiltYetAreRefusedByName(@TempDir Path dir) {
        for (String[] args : new String[][] {{"--cluster", "nats://127.0.0.1:6222"}, {"--routes", "nats://127.0.0.1:6222"}}) {
            ServerProcess.Result r = ServerProcess.run(Binary.NATSJ, dir, args);
            assertEquals(1, r.exitCode(), r.output());
            assertTrue(r.firstLine().startsWith("nats-server: flag " + args[0].replaceFirst("^--", "-") + " is not supported by natsj yet"),
                    r.output());
        }
    }
}
