package io.natsj.it.dropin;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.it.support.ServerProcess;
import io.natsj.it.support.ServerProcess.Binary;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The log file of {@code -l}: rotated at {@code --log_size_limit} into {@code NAME.<timestamp>}
 * backups, the new file starting with the "Rotated log" line; and reopened by SIGUSR1 after an
 * external tool moved it away. Same steps on natsj and on the Go server.
 */
class LogFileTest {

    @ParameterizedTest
    @EnumSource(Binary.class)
    void rotatesAtTheSizeLimitAndReopensOnUsr1(Binary binary, @TempDir Path dir) throws Exception {
        Path log = dir.resolve("server.log");
        try (ServerProcess p = ServerProcess.start(binary, dir, "-a", "127.0.0.1", "-p", "-1", "-DV",
                "-l", log.toString(), "--log_size_limit", "4000", "--ports_file_dir", dir.toString())) {
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(log) && content(log).contains("Server is ready"));
            int port = DropinSupport.clientPort(portsFile(dir));
            try (Socket s = new Socket("127.0.0.1", port)) {
                OutputStream out = s.getOutputStream();
                out.write("CONNECT {}\r\n".getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; i < 100; i++) {
                    out.write(("PUB some.subject." + i + " 5\r\nhello\r\nPING\r\n").getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
                await("rotation").atMost(Duration.ofSeconds(20)).until(() -> backups(dir, log).size() >= 2);
            }
            String current = content(log);
            assertTrue(current.contains("[INF] Rotated log, backup saved as \"" + log + "."), current);
            for (Path b : backups(dir, log)) {
                assertTrue(b.getFileName().toString().matches("server\\.log\\.\\d{4}\\.\\d\\d\\.\\d\\d\\.\\d\\d\\.\\d\\d\\.\\d\\d\\.\\d{9}"), b.toString());
            }

            Path moved = dir.resolve("moved.log");
            Files.move(log, moved);
            p.signal("USR1");
            await("log file reopened").atMost(Duration.ofSeconds(10)).until(() -> Files.exists(log)
                    && content(log).contains("[INF] File log re-opened"));
            assertTrue(content(moved).contains("Trapped \"user defined signal 1\" signal"), content(moved));
            p.signal("INT");
            p.awaitExit(Duration.ofSeconds(20));
            assertTrue(content(log).contains("Server Exiting.."));
        }
    }

    private static String portsFile(Path dir) throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            try (Stream<Path> s = Files.list(dir)) {
                return s.anyMatch(f -> f.toString().endsWith(".ports"));
            }
        });
        try (Stream<Path> s = Files.list(dir)) {
            Path f = s.filter(x -> x.toString().endsWith(".ports")).findFirst().orElseThrow();
            await().atMost(Duration.ofSeconds(5)).until(() -> Files.size(f) > 0);
            return Files.readString(f);
        }
    }

    private static List<Path> backups(Path dir, Path log) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString().startsWith(log.getFileName() + ".")).collect(Collectors.toList());
        }
    }

    private static String content(Path f) throws Exception {
        return Files.readString(f, StandardCharsets.UTF_8);
    }
}
