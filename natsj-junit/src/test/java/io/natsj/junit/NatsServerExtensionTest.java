package io.natsj.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import io.natsj.NatsServer;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NatsServerExtension.class)
class NatsServerExtensionTest {
    private static NatsServer lastMethodServer;

    @Test
    void injectsARunningServerOnAFreePort(NatsServer server) throws Exception {
        assertNotEquals(4222, server.port());
        try (Connection nc = Nats.connect(server.clientUrl())) {
            Subscription sub = nc.subscribe("greet");
            nc.publish("greet", "hello".getBytes(StandardCharsets.UTF_8));
            Message m = sub.nextMessage(Duration.ofSeconds(5));
            assertNotNull(m);
            assertEquals("hello", new String(m.getData(), StandardCharsets.UTF_8));
        }
        lastMethodServer = server;
    }

    @Test
    @NatsServerConfig(maxPayload = 100)
    void appliesConfigFromTheMethod(NatsServer server) throws Exception {
        assertEquals(100, server.options().maxPayload());
        try (Connection nc = Nats.connect(server.clientUrl())) {
            assertEquals(100, nc.getServerInfo().getMaxPayload());
        }
    }

    @AfterAll
    static void methodServersAreClosedAfterTheirMethod() {
        if (lastMethodServer != null) {
            int port = lastMethodServer.port();
            assertThrows(IOException.class, () -> new Socket("127.0.0.1", port).close());
        }
    }
}
