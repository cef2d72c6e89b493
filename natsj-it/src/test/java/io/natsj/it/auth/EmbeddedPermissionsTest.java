package io.natsj.it.auth;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.natsj.NatsServer;
import io.natsj.NatsServerOptions;
import io.natsj.auth.AuthOptions;
import io.natsj.auth.Permissions;
import io.natsj.auth.ResponsePermission;
import io.natsj.auth.SubjectPermission;
import io.natsj.auth.User;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Permissions given through the embedding API, as jnats meets them. */
class EmbeddedPermissionsTest {
    private static final Duration WAIT = Duration.ofSeconds(2);
    private static NatsServer server;

    @BeforeAll
    static void start() {
        Permissions limited = new Permissions(
                new SubjectPermission(List.of("orders.>"), List.of("orders.secret")),
                new SubjectPermission(null, List.of("orders.secret")),
                null);
        Permissions responder = new Permissions(new SubjectPermission(List.of(), null),
                SubjectPermission.allow("svc"), new ResponsePermission(1, Duration.ZERO));
        AuthOptions auth = AuthOptions.NONE.withUsers(List.of(
                User.of("admin", "pw"),
                User.of("limited", "pw").withPermissions(limited),
                User.of("responder", "pw").withPermissions(responder)));
        server = new NatsServer(NatsServerOptions.builder().host("127.0.0.1").port(0).auth(auth).build()).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Connection connect(String user, List<String> errors) throws Exception {
        return Nats.connect(new Options.Builder().server(server.clientUrl()).userInfo(user, "pw").maxReconnects(0)
                .connectionTimeout(WAIT).errorListener(new ErrorListener() {
                    @Override
                    public void errorOccurred(Connection conn, String error) {
                        errors.add(error);
                    }
                }).build());
    }

    @Test
    void deniedPublishIsReportedAndNeverDelivered() throws Exception {
        List<String> errors = new CopyOnWriteArrayList<>();
        try (Connection admin = connect("admin", new CopyOnWriteArrayList<>()); Connection limited = connect("limited", errors)) {
            Subscription all = admin.subscribe(">");
            admin.flush(WAIT);
            limited.publish("orders.secret", new byte[0]);
            limited.publish("payments.x", new byte[0]);
            limited.publish("orders.new", "ok".getBytes(StandardCharsets.UTF_8));
            limited.flush(WAIT);
            Message m = all.nextMessage(WAIT);
            assertEquals("orders.new", m.getSubject());
            assertNull(all.nextMessage(Duration.ofMillis(200)));
            await().atMost(WAIT).until(() -> errors.size() == 2);
            assertEquals(List.of("Permissions Violation for Publish to \"orders.secret\"",
                    "Permissions Violation for Publish to \"payments.x\""), errors);
        }
    }

    @Test
    void wildcardSubscriptionNeverReceivesDeniedSubjects() throws Exception {
        List<String> errors = new CopyOnWriteArrayList<>();
        try (Connection admin = connect("admin", new CopyOnWriteArrayList<>()); Connection limited = connect("limited", errors)) {
            Subscription wide = limited.subscribe("orders.*");
            Subscription denied = limited.subscribe("orders.secret");
            limited.flush(WAIT);
            admin.publish("orders.secret", new byte[0]);
            admin.publish("orders.open", new byte[0]);
            admin.flush(WAIT);
            assertEquals("orders.open", wide.nextMessage(WAIT).getSubject());
            assertNull(wide.nextMessage(Duration.ofMillis(200)));
            assertNull(denied.nextMessage(Duration.ofMillis(50)));
            await().atMost(WAIT).until(() -> errors.contains("Permissions Violation for Subscription to \"orders.secret\""));
        }
    }

    @Test
    void allowResponsesLetsOneReplyThrough() throws Exception {
        List<String> errors = new CopyOnWriteArrayList<>();
        try (Connection admin = connect("admin", new CopyOnWriteArrayList<>()); Connection responder = connect("responder", errors)) {
            Subscription svc = responder.subscribe("svc");
            responder.flush(WAIT);
            Subscription inbox = admin.subscribe("my.inbox");
            admin.publish("svc", "my.inbox", new byte[0]);
            admin.flush(WAIT);
            Message req = svc.nextMessage(WAIT);
            assertNotNull(req);
            responder.publish(req.getReplyTo(), "one".getBytes(StandardCharsets.UTF_8));
            responder.publish(req.getReplyTo(), "two".getBytes(StandardCharsets.UTF_8));
            responder.flush(WAIT);
            assertEquals("one", new String(inbox.nextMessage(WAIT).getData(), StandardCharsets.UTF_8));
            assertNull(inbox.nextMessage(Duration.ofMillis(200)));
            await().atMost(WAIT).until(() -> errors.contains("Permissions Violation for Publish to \"my.inbox\""));
        }
    }
}
