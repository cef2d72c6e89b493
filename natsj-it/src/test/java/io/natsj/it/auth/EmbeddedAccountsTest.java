package io.natsj.it.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.NatsServer;
import io.natsj.NatsServerOptions;
import io.natsj.auth.Account;
import io.natsj.auth.AuthOptions;
import io.natsj.auth.Export;
import io.natsj.auth.Import;
import io.natsj.auth.User;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Accounts configured through the embedding API: isolation, a stream import with a prefix and a
 * service import with a local subject, driven by jnats.
 */
class EmbeddedAccountsTest {
    private static final Duration WAIT = Duration.ofSeconds(2);
    private static NatsServer server;

    @BeforeAll
    static void start() {
        Map<String, Account> accounts = new LinkedHashMap<>();
        accounts.put("A", new Account("A", List.of(Export.stream("public.>"), Export.service("help.>")), List.of()));
        accounts.put("B", new Account("B", List.of(), List.of(
                Import.stream("A", "public.>", "from_a"),
                Import.service("A", "help.>", "ask.>"))));
        accounts.put("C", Account.named("C"));
        AuthOptions auth = AuthOptions.NONE.withAccounts(accounts).withUsers(List.of(
                User.of("a", "pa").withAccount("A"),
                User.of("b", "pb").withAccount("B"),
                User.of("c", "pc").withAccount("C")));
        server = new NatsServer(NatsServerOptions.builder().host("127.0.0.1").port(0).auth(auth).build()).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Connection connect(String user, String pass) throws Exception {
        return Nats.connect(new Options.Builder().server(server.clientUrl()).userInfo(user, pass).maxReconnects(0)
                .connectionTimeout(WAIT).build());
    }

    @Test
    void accountsDoNotSeeEachOthersMessages() throws Exception {
        try (Connection a = connect("a", "pa"); Connection c = connect("c", "pc")) {
            Subscription inC = c.subscribe("secret");
            Subscription inA = a.subscribe("secret");
            c.flush(WAIT);
            a.publish("secret", "x".getBytes(StandardCharsets.UTF_8));
            a.flush(WAIT);
            assertNotNull(inA.nextMessage(WAIT));
            assertNull(inC.nextMessage(Duration.ofMillis(300)));
        }
    }

    @Test
    void streamImportDeliversUnderThePrefix() throws Exception {
        try (Connection a = connect("a", "pa"); Connection b = connect("b", "pb")) {
            Subscription all = b.subscribe(">");
            Subscription exact = b.subscribe("from_a.public.news");
            Subscription notImported = b.subscribe("private.news");
            b.flush(WAIT);
            a.publish("public.news", "hello".getBytes(StandardCharsets.UTF_8));
            a.publish("private.news", "no".getBytes(StandardCharsets.UTF_8));
            a.flush(WAIT);
            Message m = exact.nextMessage(WAIT);
            assertNotNull(m);
            assertEquals("from_a.public.news", m.getSubject());
            assertEquals("hello", new String(m.getData(), StandardCharsets.UTF_8));
            Message viaWildcard = all.nextMessage(WAIT);
            assertEquals("from_a.public.news", viaWildcard.getSubject());
            assertNull(all.nextMessage(Duration.ofMillis(300)));
            assertNull(notImported.nextMessage(Duration.ofMillis(100)));
        }
    }

    @Test
    void serviceImportAnswersRequestsAcrossAccounts() throws Exception {
        try (Connection a = connect("a", "pa"); Connection b = connect("b", "pb")) {
            a.createDispatcher(msg -> a.publish(msg.getReplyTo(), ("re:" + msg.getSubject()).getBytes(StandardCharsets.UTF_8)))
                    .subscribe("help.>");
            a.flush(WAIT);
            for (int i = 0; i < 3; i++) {
                Message reply = b.request("ask.me" + i, new byte[0], WAIT);
                assertEquals("re:help.me" + i, new String(reply.getData(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void serviceImportWithoutResponderGivesNoResponders() throws Exception {
        try (Connection b = connect("b", "pb")) {
            // jnats cancels the request's future when the 503 status arrives (a timeout would fail differently).
            long start = System.nanoTime();
            assertThrows(java.util.concurrent.CancellationException.class,
                    () -> b.requestWithTimeout("ask.nobody", new byte[0], WAIT).get());
            assertTrue(System.nanoTime() - start < WAIT.toNanos() / 2, "answered before the timeout");
        }
    }
}
