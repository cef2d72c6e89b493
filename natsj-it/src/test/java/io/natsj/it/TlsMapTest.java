package io.natsj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.NatsServer;
import io.natsj.NatsServerOptions;
import io.natsj.auth.AuthOptions;
import io.natsj.auth.Permissions;
import io.natsj.auth.SubjectPermission;
import io.natsj.auth.User;
import io.natsj.it.support.TestCerts;
import io.natsj.it.support.TestCerts.Issued;
import io.natsj.it.support.TestCerts.KeyForm;
import io.natsj.tls.TlsOptions;
import io.nats.client.AuthenticationException;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS {@code verify_and_map}: the client certificate names the user (its e-mail SAN, or its subject
 * DN), as nats-server maps them; that user's permissions then apply. Driven by jnats.
 */
class TlsMapTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    @TempDir
    static Path dir;
    private static TestCerts certs;
    private static Issued alice;
    private static Issued bob;
    private static Issued eve;
    private static NatsServer server;

    @BeforeAll
    static void start() {
        certs = TestCerts.newCa(dir, "map-ca");
        Issued srv = certs.server("server", KeyForm.PKCS8_RSA);
        alice = certs.client("alice", "alice", "alice@example.com");
        bob = certs.client("bob", "bob", null);
        eve = certs.client("eve", "eve", "eve@example.com");
        TlsOptions tls = new TlsOptions(srv.certFile().toString(), srv.keyFile().toString(), certs.caFile().toString(),
                false, true, null, null, null, null);
        AuthOptions auth = AuthOptions.NONE.withUsers(List.of(
                new User("alice@example.com", null, null, null, null, null),
                new User("CN=bob", null, null,
                        new Permissions(SubjectPermission.allow("bob.>"), null, null), null, null)));
        server = new NatsServer(NatsServerOptions.builder().host("127.0.0.1").port(0).tls(tls).auth(auth).build()).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Connection connect(Issued client) throws Exception {
        SSLContext ctx = certs.clientContext(client);
        return Nats.connect(new Options.Builder().server("tls://127.0.0.1:" + server.port()).sslContext(ctx)
                .connectionTimeout(WAIT).maxReconnects(0).noReconnect().build());
    }

    @Test
    void theEmailInTheCertificateIsTheUser() throws Exception {
        try (Connection nc = connect(alice)) {
            Subscription sub = nc.subscribe("any.subject");
            nc.publish("any.subject", "hi".getBytes(StandardCharsets.UTF_8));
            nc.flush(WAIT);
            assertNotNull(sub.nextMessage(WAIT));
        }
    }

    @Test
    void theSubjectDnIsTheUserAndItsPermissionsApply() throws Exception {
        try (Connection admin = connect(alice); Connection nc = connect(bob)) {
            Subscription all = admin.subscribe(">");
            admin.flush(WAIT);
            nc.publish("other.subject", new byte[0]);
            nc.publish("bob.ok", new byte[0]);
            nc.flush(WAIT);
            assertEquals("bob.ok", all.nextMessage(WAIT).getSubject());
            assertNull(all.nextMessage(Duration.ofMillis(200)));
        }
    }

    @Test
    void aCertificateOfNoConfiguredUserIsRefused() {
        Exception e = assertThrows(Exception.class, () -> connect(eve).close());
        assertTrue(e instanceof AuthenticationException || String.valueOf(e.getMessage()).contains("Authorization Violation"),
                e.toString());
    }
}
