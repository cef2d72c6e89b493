package io.natsj.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.natsj.it.support.Limits;
import io.natsj.it.support.ServerKind;
import io.natsj.it.support.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Server limits as the Java client meets them, on both servers. */
class JnatsLimitsTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private static Options.Builder options(TestServer server, List<String> errors) {
        return new Options.Builder().server(server.url()).maxReconnects(0).connectionTimeout(WAIT)
                .errorListener(new ErrorListener() {
                    @Override
                    public void errorOccurred(Connection conn, String error) {
                        errors.add(error);
                    }
                });
    }

    @ParameterizedTest
    @EnumSource(ServerKind.class)
    void connectionBeyondMaxConnectionsIsRefused(ServerKind kind) throws Exception {
        List<String> errors = new CopyOnWriteArrayList<>();
        try (TestServer server = kind.start(Limits.DEFAULTS.maxConnections(1))) {
            Connection first = Nats.connect(options(server, errors).build());
            try {
                // (whether jnats reports "maximum connections exceeded" to the ErrorListener depends on
                // whether it reads the -ERR before the close: with nats-server it usually does not)
                assertThrows(IOException.class, () -> Nats.connect(options(server, errors).build()).close(),
                        "a second connection must be refused");
                first.flush(WAIT);
                assertEquals(Connection.Status.CONNECTED, first.getStatus(), "the first connection is unaffected");
            } finally {
                first.close();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ServerKind.class)
    void subscriptionBeyondMaxSubscriptionsGetsAnErrorAndTheConnectionStays(ServerKind kind) throws Exception {
        List<String> errors = new CopyOnWriteArrayList<>();
        try (TestServer server = kind.start(Limits.DEFAULTS.maxSubscriptions(2))) {
            Connection nc = Nats.connect(options(server, errors).build());
            try {
                Subscription a = nc.subscribe("a");
                nc.subscribe("b");
                nc.subscribe("c"); // one too many
                nc.flush(WAIT);
                await().atMost(WAIT).until(() -> !errors.isEmpty());
                assertEquals(List.of("maximum subscriptions exceeded"), errors);

                nc.publish("a", "still works".getBytes(StandardCharsets.UTF_8));
                assertEquals("still works", new String(a.nextMessage(WAIT).getData(), StandardCharsets.UTF_8));
                assertEquals(Connection.Status.CONNECTED, nc.getStatus());
            } finally {
                nc.close();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ServerKind.class)
    void clientLearnsMaxPayloadFromInfo(ServerKind kind) throws Exception {
        try (TestServer server = kind.start(Limits.DEFAULTS.maxPayload(1000))) {
            Connection nc = Nats.connect(options(server, new CopyOnWriteArrayList<>()).build());
            try {
                assertEquals(1000, nc.getMaxPayload());
                Subscription sub = nc.subscribe("p");
                nc.publish("p", new byte[1000]);
                assertEquals(1000, sub.nextMessage(WAIT).getData().length);
                assertThrows(IllegalArgumentException.class, () -> nc.publish("p", new byte[1001]), "jnats refuses what the server would");
            } finally {
                nc.close();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ServerKind.class)
    void oversizedPublishGetsTheViolationThenAConnectionReset(ServerKind kind) throws Exception {
        List<String> errors = new CopyOnWriteArrayList<>();
        List<Exception> exceptions = new CopyOnWriteArrayList<>();
        try (TestServer server = kind.start(Limits.DEFAULTS.maxPayload(1000))) {
            Options o = new Options.Builder().server(server.url()).maxReconnects(0).clientSideLimitChecks(false)
                    .errorListener(new ErrorListener() {
                        @Override
                        public void errorOccurred(Connection conn, String error) {
                            errors.add(error);
                        }

                        @Override
                        public void exceptionOccurred(Connection conn, Exception exp) {
                            exceptions.add(exp);
                        }
                    }).build();
            Connection nc = Nats.connect(o);
            try {
                nc.publish("subject", new byte[1001]);
                await().atMost(WAIT).until(() -> !errors.isEmpty() && !exceptions.isEmpty());
                assertEquals(List.of("Maximum Payload Violation"), errors);
                // The payload is still unread when the server closes, so the close is a reset.
                assertTrue(exceptions.get(0) instanceof java.net.SocketException, exceptions.toString());
            } finally {
                nc.close();
            }
        }
    }
}
