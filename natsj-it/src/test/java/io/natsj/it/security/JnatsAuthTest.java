package io.natsj.it.security;

import static io.natsj.it.security.NoWayInTest.ACCOUNTS_CONF;
import static io.natsj.it.security.NoWayInTest.KNOWN;
import static io.natsj.it.security.NoWayInTest.NKEY_CONF;
import static io.natsj.it.security.NoWayInTest.NO_AUTH_CONF;
import static io.natsj.it.security.NoWayInTest.PASSWORD;
import static io.natsj.it.security.NoWayInTest.PERMS_CONF;
import static io.natsj.it.security.NoWayInTest.TOKEN;
import static io.natsj.it.security.NoWayInTest.TOKEN_BCRYPT_CONF;
import static io.natsj.it.security.NoWayInTest.TOKEN_CONF;
import static io.natsj.it.security.NoWayInTest.UNKNOWN;
import static io.natsj.it.security.NoWayInTest.USERS_CONF;
import static io.natsj.it.security.NoWayInTest.USER_BCRYPT_CONF;
import static io.natsj.it.security.NoWayInTest.USER_CONF;
import static io.natsj.it.security.NoWayInTest.nkeyHandler;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.ErrorListener;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.natsj.it.support.ServerKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * jnats (the Java client harnesses use) against natsj with every authentication method and the
 * permissions and account rules, the server started from a nats-server configuration file.
 * {@code -Dnatsj.it.candidate=GO} runs the same tests against nats-server 2.9.10, which they must pass.
 */
class JnatsAuthTest {
    private static final ServerKind KIND = ServerKind.valueOf(System.getProperty("natsj.it.candidate", "NATSJ"));
    private static final Duration WAIT = Duration.ofSeconds(3);

    private ConfiguredServer server;
    private final List<Connection> connections = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Connection c : connections) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void start(String config) {
        server = ConfiguredServer.start(KIND, config);
    }

    private Options.Builder options() {
        return new Options.Builder().server(server.url()).maxReconnects(0).connectionTimeout(WAIT)
                .errorListener(new ErrorListener() {
                });
    }

    private Connection connect(Options.Builder b) throws IOException, InterruptedException {
        Connection c = Nats.connect(b.build());
        connections.add(c);
        return c;
    }

    private Connection connect(String user, String pass) throws IOException, InterruptedException {
        return connect(options().userInfo(user, pass));
    }

    /** Connecting fails with nats-server's -ERR 'Authorization Violation'. */
    private void refused(Options.Builder b) {
        // jnats waits for its connection timeout after an authentication error: keep it short
        IOException e = assertThrows(IOException.class, () -> connect(b.connectionTimeout(Duration.ofSeconds(1))));
        assertTrue(String.valueOf(e.getMessage()).contains("Authorization Violation"), () -> "jnats said: " + e);
    }

    /** A message published by {@code pub} on {@code subject} reaches {@code sub}'s subscription to it. */
    private static void roundTrip(Connection sub, Connection pub, String subject) throws Exception {
        Subscription s = sub.subscribe(subject);
        sub.flush(WAIT);
        pub.publish(subject, "hello".getBytes(StandardCharsets.UTF_8));
        pub.flush(WAIT);
        Message m = s.nextMessage(WAIT);
        assertNotNull(m, "no message on " + subject);
        assertEquals("hello", new String(m.getData(), StandardCharsets.UTF_8));
        s.unsubscribe();
    }

    /**
     * Nothing {@code other} published before reached {@code s} (a subscription of {@code own}): {@code own}
     * publishes a sentinel after {@code other}'s flush, and the sentinel is the first message to arrive.
     */
    private static void nothingLeaked(Connection own, Subscription s, String sentinelSubject) throws Exception {
        own.publish(sentinelSubject, "sentinel".getBytes(StandardCharsets.UTF_8));
        own.flush(WAIT);
        Message m = s.nextMessage(WAIT);
        assertNotNull(m, "the sentinel did not arrive");
        assertEquals(sentinelSubject, m.getSubject(), "a message from another account or a denied subject arrived first");
    }

    private static Options.Builder collecting(Options.Builder b, List<String> errors) {
        return b.errorListener(new ErrorListener() {
            @Override
            public void errorOccurred(Connection conn, String error) {
                errors.add(error);
            }
        });
    }

    // --- token ---------------------------------------------------------------------------------------

    @Test
    void token() throws Exception {
        start(TOKEN_CONF);
        Connection nc = connect(options().token(TOKEN.toCharArray()));
        roundTrip(nc, nc, "token.works");
        refused(options().token("not-the-token".toCharArray()));
        refused(options());
    }

    @Test
    void bcryptToken() throws Exception {
        start(TOKEN_BCRYPT_CONF);
        Connection nc = connect(options().token(TOKEN.toCharArray()));
        roundTrip(nc, nc, "token.works");
        refused(options().token(NoWayInTest.TOKEN_BCRYPT.toCharArray()));
    }

    // --- user and password -----------------------------------------------------------------------

    @Test
    void userAndPassword() throws Exception {
        start(USER_CONF);
        Connection nc = connect("alice", PASSWORD);
        roundTrip(nc, nc, "user.works");
        refused(options().userInfo("alice", "wrong"));
        refused(options().userInfo("bob", PASSWORD));
        refused(options());
    }

    @Test
    void userAndPasswordInTheUrl() throws Exception {
        start(USER_CONF);
        Connection nc = connect(new Options.Builder().server("nats://alice:" + PASSWORD + "@127.0.0.1:" + server.port())
                .maxReconnects(0).connectionTimeout(WAIT));
        roundTrip(nc, nc, "url.works");
    }

    @Test
    void bcryptPassword() throws Exception {
        start(USER_BCRYPT_CONF);
        Connection nc = connect("alice", PASSWORD);
        roundTrip(nc, nc, "bcrypt.works");
        refused(options().userInfo("alice", NoWayInTest.PASSWORD_BCRYPT));
    }

    @Test
    void usersList() throws Exception {
        start(USERS_CONF);
        Connection alice = connect("alice", PASSWORD);
        Connection bob = connect("bob", PASSWORD);
        roundTrip(alice, bob, "users.works");
        refused(options().userInfo("carol", PASSWORD));
    }

    // --- permissions -----------------------------------------------------------------------------

    @Test
    void publishDeniedReachesTheErrorListener() throws Exception {
        start(PERMS_CONF);
        List<String> errors = new CopyOnWriteArrayList<>();
        Connection admin = connect("admin", "admin");
        Subscription all = admin.subscribe(">");
        admin.flush(WAIT);
        Connection pub = connect(collecting(options().userInfo("pub", "pub"), errors));
        pub.publish("public.secret", "no".getBytes(StandardCharsets.UTF_8));
        pub.flush(WAIT);
        await().atMost(WAIT).until(() -> errors.contains("Permissions Violation for Publish to \"public.secret\""));
        assertEquals(Connection.Status.CONNECTED, pub.getStatus(), "a permissions violation does not close the connection");
        nothingLeaked(admin, all, "sentinel");
        // what is allowed still flows
        roundTrip(admin, pub, "public.ok");
    }

    @Test
    void subscribeDeniedReachesTheErrorListener() throws Exception {
        start(PERMS_CONF);
        List<String> errors = new CopyOnWriteArrayList<>();
        Connection pub = connect(collecting(options().userInfo("pub", "pub"), errors));
        pub.subscribe("private.x");
        pub.flush(WAIT);
        await().atMost(WAIT).until(() -> errors.contains("Permissions Violation for Subscription to \"private.x\""));
        assertEquals(Connection.Status.CONNECTED, pub.getStatus());
    }

    @Test
    void queueNotAllowedReachesTheErrorListener() throws Exception {
        start(PERMS_CONF);
        List<String> errors = new CopyOnWriteArrayList<>();
        Connection q = connect(collecting(options().userInfo("q", "q"), errors));
        q.subscribe("jobs", "workers");
        q.subscribe("jobs", "thieves");
        q.flush(WAIT);
        await().atMost(WAIT).until(() -> errors.contains("Permissions Violation for Subscription to \"jobs\" using queue \"thieves\""));
        assertEquals(1, errors.size(), () -> "only the queue not allowed is refused: " + errors);
    }

    @Test
    void wildcardSubscriptionNeverDeliversDeniedSubjects() throws Exception {
        start(PERMS_CONF);
        Connection pub = connect("pub", "pub");
        Subscription s = pub.subscribe("public.*");
        pub.flush(WAIT);
        Connection admin = connect("admin", "admin");
        admin.publish("public.secret", "no".getBytes(StandardCharsets.UTF_8));
        admin.flush(WAIT);
        nothingLeaked(pub, s, "public.sentinel");
    }

    @Test
    void allowResponsesLetsAServiceAnswerARequest() throws Exception {
        start(PERMS_CONF);
        List<String> errors = new CopyOnWriteArrayList<>();
        Connection svc = connect(collecting(options().userInfo("svc", "svc"), errors));
        Dispatcher d = svc.createDispatcher(m -> svc.publish(m.getReplyTo(), ("re: " + new String(m.getData(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)));
        d.subscribe("svc.echo");
        svc.flush(WAIT);
        Connection admin = connect("admin", "admin");
        Message reply = admin.request("svc.echo", "ping".getBytes(StandardCharsets.UTF_8), WAIT);
        assertNotNull(reply, "no reply");
        assertEquals("re: ping", new String(reply.getData(), StandardCharsets.UTF_8));
        // anything but a reply is denied to svc
        svc.publish("svc.other", new byte[0]);
        svc.flush(WAIT);
        await().atMost(WAIT).until(() -> errors.contains("Permissions Violation for Publish to \"svc.other\""));
    }

    // --- nkeys -------------------------------------------------------------------------------------

    @Test
    void nkey() throws Exception {
        start(NKEY_CONF);
        Connection nc = connect(options().authHandler(nkeyHandler(KNOWN)));
        roundTrip(nc, nc, "nkey.works");
        refused(options().authHandler(nkeyHandler(UNKNOWN)));
        refused(options());
    }

    // --- no_auth_user ------------------------------------------------------------------------------

    @Test
    void noAuthUser() throws Exception {
        start(NO_AUTH_CONF);
        List<String> errors = new CopyOnWriteArrayList<>();
        Connection guest = connect(collecting(options(), errors));
        guest.publish("secret.x", new byte[0]);
        guest.flush(WAIT);
        await().atMost(WAIT).until(() -> errors.contains("Permissions Violation for Publish to \"secret.x\""));
        Connection alice = connect("alice", PASSWORD);
        roundTrip(guest, alice, "open.to.all");
        refused(options().userInfo("alice", "wrong"));
    }

    // --- accounts ------------------------------------------------------------------------------------

    @Test
    void accountsAreIsolated() throws Exception {
        start(ACCOUNTS_CONF);
        Connection a = connect("a", "a");
        Connection b = connect("b", "b");
        Subscription aAll = a.subscribe(">");
        a.flush(WAIT);
        Subscription bAll = b.subscribe(">");
        b.flush(WAIT);
        b.publish("shared.name", "from b".getBytes(StandardCharsets.UTF_8));
        b.publish("a.public.x", "from b".getBytes(StandardCharsets.UTF_8));
        b.flush(WAIT);
        nothingLeaked(a, aAll, "a.sentinel");
        a.publish("shared.name", "from a".getBytes(StandardCharsets.UTF_8));
        a.flush(WAIT);
        // b sees its own two messages, then its sentinel: nothing of a's (a.shared.name is not exported)
        assertEquals("shared.name", bAll.nextMessage(WAIT).getSubject());
        assertEquals("a.public.x", bAll.nextMessage(WAIT).getSubject());
        nothingLeaked(b, bAll, "b.sentinel");
    }

    @Test
    void streamImportWithPrefix() throws Exception {
        start(ACCOUNTS_CONF);
        Connection a = connect("a", "a");
        Connection b = connect("b", "b");
        Subscription imported = b.subscribe("fromA.>");
        b.flush(WAIT);
        a.publish("a.public.news", "extra".getBytes(StandardCharsets.UTF_8));
        a.flush(WAIT);
        Message m = imported.nextMessage(WAIT);
        assertNotNull(m, "the imported stream did not arrive");
        assertEquals("fromA.a.public.news", m.getSubject());
        assertEquals("extra", new String(m.getData(), StandardCharsets.UTF_8));
        // not exported: never arrives
        a.publish("a.other", new byte[0]);
        a.flush(WAIT);
        nothingLeaked(b, imported, "fromA.sentinel");
    }

    @Test
    void serviceImportWithTo() throws Exception {
        start(ACCOUNTS_CONF);
        Connection a = connect("a", "a");
        Dispatcher d = a.createDispatcher(m -> a.publish(m.getReplyTo(),
                ("A answers " + m.getSubject() + ": " + new String(m.getData(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)));
        d.subscribe("a.svc");
        a.flush(WAIT);
        Connection b = connect("b", "b");
        Message reply = b.request("svc.a", "question".getBytes(StandardCharsets.UTF_8), WAIT);
        assertNotNull(reply, "no reply across accounts");
        assertEquals("A answers a.svc: question", new String(reply.getData(), StandardCharsets.UTF_8));
    }
}
