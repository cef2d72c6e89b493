package io.natsj.it.dropin;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.natsj.it.support.ServerProcess;
import io.natsj.it.support.ServerProcess.Binary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Lame duck mode by SIGUSR2 and by {@code --signal ldm}: jnats clients get the lame duck
 * notification, the listener stops accepting, the clients are closed after the grace period and
 * the process exits 0, on natsj as on the Go server.
 */
class LameDuckTest {

    @ParameterizedTest
    @EnumSource(Binary.class)
    void clientsAreToldThenClosedThenTheServerExits(Binary binary, @TempDir Path dir) throws Exception {
        Path conf = dir.resolve("server.conf");
        DropinSupport.write(conf, "host: 127.0.0.1\nport: -1\nports_file_dir: \"" + dir + "\"\n"
                + "lame_duck_duration: \"30s\"\nlame_duck_grace_period: \"1s\"\n");
        try (ServerProcess p = DropinSupport.startAsNatsServer(binary, dir, "-c", conf.toString())) {
            int port = DropinSupport.clientPort(DropinSupport.awaitPortsFile(dir, p.pid()));
            p.awaitReady();
            Set<String> lameDuck = ConcurrentHashMap.newKeySet();
            Set<String> closed = ConcurrentHashMap.newKeySet();
            List<Connection> clients = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String name = "c" + i;
                ConnectionListener listener = (conn, event) -> {
                    if (event == ConnectionListener.Events.LAME_DUCK) {
                        lameDuck.add(name);
                    } else if (event == ConnectionListener.Events.DISCONNECTED || event == ConnectionListener.Events.CLOSED) {
                        closed.add(name);
                    }
                };
                clients.add(Nats.connect(new Options.Builder().server("nats://127.0.0.1:" + port)
                        .connectionListener(listener).maxReconnects(0).build()));
            }
            for (Connection c : clients) {
                c.flush(Duration.ofSeconds(5));
            }
            if (binary == Binary.NATSJ) {
                p.signal("USR2");
            } else {
                ServerProcess.Result r = ServerProcess.run(binary, dir, "--signal", "ldm=" + p.pid());
                assertEquals(0, r.exitCode(), r.output());
            }
            await("every client told of lame duck mode").atMost(Duration.ofSeconds(10)).until(() -> lameDuck.size() == 3);
            p.awaitOutput("Entering lame duck mode, stop accepting new clients", Duration.ofSeconds(5));
            await("every client closed").atMost(Duration.ofSeconds(15)).until(() -> closed.size() == 3);
            assertEquals(0, p.awaitExit(Duration.ofSeconds(15)), p.output());
            assertTrue(p.output().contains("Closing existing clients"), p.output());
            for (Connection c : clients) {
                c.close();
            }
        }
    }
}
