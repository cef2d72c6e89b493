package io.natsj.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.natsj.NatsServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RegisteredExtensionTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension(b -> b.maxPending(1 << 20));

    private static NatsServer shared;

    @BeforeAll
    static void start(NatsServer server) {
        shared = server;
    }

    @Test
    void methodsShareTheServerAskedForInBeforeAll(NatsServer server) throws Exception {
        assertSame(shared, server);
        assertEquals(1 << 20, server.options().maxPending());
        try (Connection nc = Nats.connect(server.clientUrl())) {
            assertEquals(Connection.Status.CONNECTED, nc.getStatus());
        }
    }

    @Test
    void secondMethodSeesTheSameServer(NatsServer server) {
        assertSame(shared, server);
    }
}
