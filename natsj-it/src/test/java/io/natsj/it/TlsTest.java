package io.natsj.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.natsj.NatsServer;
import io.natsj.NatsServerOptions;
import io.natsj.it.support.TestCerts;
import io.natsj.it.support.TestCerts.Issued;
import io.natsj.it.support.TestCerts.KeyForm;
import io.natsj.tls.ServerTls;
import io.natsj.tls.TlsOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * TLS on the client port of an embedded natsj: jnats over TLS, mutual TLS, a wrong CA, pinned
 * certificates, plain and silent clients, the INFO flags, and certificates reloaded.
 */
class TlsTest {
    @TempDir
    static Path dir;
    static TestCerts certs;
    static TestCerts otherCa;
    static Issued rsaServer;
    static Issued alice;
    static Issued mallory;

    @BeforeAll
    static void makeCertificates() {
        certs = TestCerts.newCa(dir, "test-ca");
        otherCa = TestCerts.newCa(dir, "other-ca");
        rsaServer = certs.server("server", KeyForm.PKCS1_RSA);
        alice = certs.client("alice", "alice", "alice@example.com");
        mallory = otherCa.client("mallory", "mallory", null);
    }

    private static NatsServer start(TlsOptions tls) {
        return new NatsServer(NatsServerOptions.builder().host("127.0.0.1").port(0).tls(tls).build()).start();
    }

    private static TlsOptions tls(Issued server, boolean verify, Duration timeout, List<String> pinned) {
        return new TlsOptions(server.certFile().toString(), server.keyFile().toString(), certs.caFile().toString(),
                verify, false, timeout, null, null, pinned);
    }

    private static Connection jnats(int port, SSLContext ctx) throws Exception {
        Options o = new Options.Builder().server("tls://127.0.0.1:" + port).sslContext(ctx)
                .connectionTimeout(Duration.ofSeconds(5)).maxReconnects(0).noReconnect().build();
        return Nats.connect(o);
    }

    private static void pubSub(Connection nc) throws Exception {
        Subscription sub = nc.subscribe("tls.test");
        nc.publish("tls.test", "secret".getBytes(StandardCharsets.UTF_8));
        Message m = sub.nextMessage(Duration.ofSeconds(5));
        assertNotNull(m);
        assertEquals("secret", new String(m.getData(), StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @EnumSource(KeyForm.class)
    void jnatsPublishesAndSubscribesOverTlsWithEveryKeyForm(KeyForm form) throws Exception {
        Issued server = certs.server("server-" + form, form);
        try (NatsServer s = start(tls(server, false, null, null)); Connection nc = jnats(s.port(), certs.clientContext(null))) {
            pubSub(nc);
            assertTrue(nc.getServerInfo().isTLSRequired());
        }
    }

    @Test
    void mutualTlsAcceptsTheClientCertificateAndRefusesNone() throws Exception {
        try (NatsServer s = start(tls(rsaServer, true, null, null))) {
            try (Connection nc = jnats(s.port(), certs.clientContext(alice))) {
                pubSub(nc);
            }
            assertThrows(Exception.class, () -> jnats(s.port(), certs.clientContext(null)).close());
            assertThrows(Exception.class, () -> jnats(s.port(), certs.clientContext(mallory)).close(),
                    "a certificate from another CA");
        }
    }

    @Test
    void aClientThatDoesNotTrustTheServersCaCannotConnect() throws Exception {
        try (NatsServer s = start(tls(rsaServer, false, null, null))) {
            assertThrows(Exception.class, () -> jnats(s.port(), otherCa.clientContext(null)).close());
        }
    }

    @Test
    void pinnedCertificatesLetOnlyThePinnedKeyIn() throws Exception {
        Issued bob = certs.client("bob", "bob", null);
        try (NatsServer s = start(tls(rsaServer, true, null, List.of(ServerTls.keyId(alice.cert()).toUpperCase())))) {
            try (Connection nc = jnats(s.port(), certs.clientContext(alice))) {
                pubSub(nc);
            }
            assertThrows(Exception.class, () -> {
                try (Connection nc = jnats(s.port(), certs.clientContext(bob))) {
                    // The server closes once the handshake is done: the CONNECT's PONG never comes.
                    nc.flush(Duration.ofSeconds(2));
                }
            });
        }
    }

    @Test
    void infoAnnouncesTlsRequiredAndVerifyInPlainText() throws Exception {
        try (NatsServer s = start(tls(rsaServer, false, null, null))) {
            String info = infoLine(s.port());
            assertTrue(info.contains("\"tls_required\":true"), info);
            assertFalse(info.contains("tls_verify"), info);
        }
        try (NatsServer s = start(tls(rsaServer, true, null, null))) {
            String info = infoLine(s.port());
            assertTrue(info.contains("\"tls_required\":true,\"tls_verify\":true"), info);
        }
    }

    @Test
    void aPlainClientSendingConnectIsClosedWithoutAReply() throws Exception {
        try (NatsServer s = start(tls(rsaServer, false, null, null)); Socket sock = new Socket("127.0.0.1", s.port())) {
            sock.setSoTimeout(5000);
            InputStream in = sock.getInputStream();
            readLine(in);
            sock.getOutputStream().write("CONNECT {\"verbose\":false}\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            assertArrayEquals(new byte[0], readToEnd(in), "nats-server closes without a byte");
        }
    }

    @Test
    void aSilentClientIsClosedAtTheTlsTimeout() throws Exception {
        try (NatsServer s = start(tls(rsaServer, false, Duration.ofMillis(300), null)); Socket sock = new Socket("127.0.0.1", s.port())) {
            sock.setSoTimeout(5000);
            InputStream in = sock.getInputStream();
            readLine(in);
            long t0 = System.nanoTime();
            assertArrayEquals(new byte[0], readToEnd(in));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 250 && ms < 3000, "closed after " + ms + " ms");
        }
    }

    @Test
    void reloadServesTheNewCertificateToNewClients() throws Exception {
        Issued first = certs.server("reload-a", KeyForm.PKCS8_RSA);
        Issued second = certs.server("reload-b", KeyForm.SEC1_EC);
        Path cert = dir.resolve("live-cert.pem");
        Path key = dir.resolve("live-key.pem");
        Files.copy(first.certFile(), cert, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(first.keyFile(), key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        TlsOptions t = new TlsOptions(cert.toString(), key.toString(), null, false, false, null, null, null, null);
        try (NatsServer s = start(t)) {
            assertEquals(first.cert(), serverCertificate(s.port()));
            Files.copy(second.certFile(), cert, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(second.keyFile(), key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            s.reload(s.currentOptions().toBuilder().build());
            assertEquals(second.cert(), serverCertificate(s.port()));
            // TLS off by reload: plain clients are welcome again.
            s.reload(s.currentOptions().toBuilder().tls(null).build());
            assertFalse(infoLine(s.port()).contains("tls_required"));
        }
    }

    @Test
    void startFailsWithNatsServersWordsWhenAFileIsMissing() {
        TlsOptions t = new TlsOptions(dir.resolve("nope.pem").toString(), rsaServer.keyFile().toString(), null, false, false,
                null, null, null, null);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> start(t).close());
        assertEquals("error parsing X509 certificate/key pair: open " + dir.resolve("nope.pem") + ": no such file or directory",
                e.getMessage());
    }

    @Test
    void peerCertificatesAreThereForVerifyAndMap() throws Exception {
        // The helper the authentication code calls; here through a plain JSSE client.
        try (NatsServer s = start(tls(rsaServer, true, null, null))) {
            try (Connection nc = jnats(s.port(), certs.clientContext(alice))) {
                pubSub(nc);
            }
        }
        assertEquals(null, ServerTls.peerCertificates(new io.netty.channel.embedded.EmbeddedChannel()));
    }

    /** The server's certificate as a JSSE client sees it: INFO in plain text first, then the handshake. */
    private static X509Certificate serverCertificate(int port) throws IOException {
        try (Socket plain = new Socket("127.0.0.1", port)) {
            plain.setSoTimeout(5000);
            readLine(plain.getInputStream());
            SSLSocket tls = (SSLSocket) certs.clientContext(null).getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
            tls.startHandshake();
            X509Certificate c = (X509Certificate) tls.getSession().getPeerCertificates()[0];
            tls.close();
            return c;
        }
    }

    private static String infoLine(int port) throws IOException {
        try (Socket sock = new Socket("127.0.0.1", port)) {
            sock.setSoTimeout(5000);
            return readLine(sock.getInputStream());
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            sb.append((char) c);
        }
        return sb.toString();
    }

    private static byte[] readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            in.transferTo(out);
        } catch (java.net.SocketException reset) {
            // a reset after the bytes counts as the end too
        }
        return out.toByteArray();
    }
}
