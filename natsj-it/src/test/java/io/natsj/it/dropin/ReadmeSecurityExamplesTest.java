package io.natsj.it.dropin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.natsj.it.support.ServerProcess;
import io.natsj.it.support.ServerProcess.Binary;
import io.natsj.it.support.TestCerts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every configuration example of the README's "Secure it" section starts both servers: the README
 * stays true, and says nothing nats-server would refuse. (A server that starts is checked, not just
 * {@code -t}: nats-server's -t does not resolve the system account, a start does.)
 */
class ReadmeSecurityExamplesTest {

    static Stream<String> examples() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int from = readme.indexOf("## Secure it");
        int to = readme.indexOf("\n## ", from + 1);
        String section = readme.substring(from, to);
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("```\\n(.*?)```", Pattern.DOTALL).matcher(section);
        while (m.find()) {
            String block = m.group(1);
            if (block.contains("authorization {") || block.contains("accounts {") || block.contains("tls {")) {
                out.add(block);
            }
        }
        assertEquals(5, out.size(), "the README's security examples");
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void startsOnBothServers(String example, @TempDir Path dir) throws IOException {
        TestCerts ca = TestCerts.newCa(dir, "readme-ca");
        ca.server("server", TestCerts.KeyForm.PKCS8_RSA);
        Files.copy(ca.caFile(), dir.resolve("ca.pem"));
        Path conf = Files.writeString(dir.resolve("example.conf"), example);
        for (Binary b : Binary.values()) {
            try (ServerProcess p = ServerProcess.start(b, dir, "-c", conf.toString(), "-a", "127.0.0.1", "-p", "-1")) {
                p.awaitReady();
                assertFalse(p.output().contains("[ERR]"), b + ":\n" + p.output());
            }
        }
    }
}
