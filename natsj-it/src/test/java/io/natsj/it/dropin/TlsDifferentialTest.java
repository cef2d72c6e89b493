package io.natsj.it.dropin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.natsj.it.support.ServerProcess;
import io.natsj.it.support.ServerProcess.Binary;
import io.natsj.it.support.TestCerts;
import io.natsj.it.support.TestCerts.Issued;
import io.natsj.it.support.TestCerts.KeyForm;
import io.natsj.tls.ServerTls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same TLS configurations on natsj and on the Go nats-server, the same clients against each, and
 * what each side shows compared: the INFO, the bytes a plain or silent client gets, the
 * "TLS handshake error" lines, the -t verdicts, the flag errors and the reload lines with a renewed
 * certificate.
 */
class TlsDifferentialTest {
    private static final Pattern HANDSHAKE_ERROR = Pattern.compile("\\[ERR\\] [^ ]+ - cid:\\d+ - (TLS handshake error: [^\\n]*)");
    private static final Pattern RELOAD_LINE = Pattern.compile("\\[(?:INF|ERR)\\] ((?:Reloaded|Failed to reload)[^\\n]*)");

    @TempDir
    static Path certDir;
    static TestCerts ca;
    static Issued serverA;
    static Issued serverB;
    static Issued alice;

    @BeforeAll
    static void makeCertificates() {
        ca = TestCerts.newCa(certDir, "diff-ca");
        serverA = ca.server("server-a", KeyForm.PKCS1_RSA);
        serverB = ca.server("server-b", KeyForm.SEC1_EC);
        alice = ca.client("alice", "alice", "alice@example.com");
    }

    @Test
    void clientsSeeWhatTheySeeOnNatsServer(@TempDir Path dir) throws Exception {
        String go = transcript(Binary.GO, dir.resolve("go"));
        String natsj = transcript(Binary.NATSJ, dir.resolve("natsj"));
        assertEquals(go, natsj);
    }

    @Test
    void checkVerdictsAndFlagErrorsMatchNatsServer(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir);
        String cert = serverA.certFile().toString();
        String key = serverA.keyFile().toString();
        List<String> blocks = List.of(
                "tls { cert_file: \"" + cert + "\" }",
                "tls { key_file: \"" + key + "\" }",
                "tls { cert_file: \"" + cert + "\", key_file: \"" + dir.resolve("nope.pem") + "\" }",
                "tls { cert_file: \"" + cert + "\", key_file: \"" + serverB.keyFile() + "\" }",
                "tls { cert_file: \"" + cert + "\", key_file: \"" + alice.keyFile() + "\" }",
                "tls { cert_file: \"" + cert + "\", key_file: \"" + key + "\", ca_file: \"" + key + "\" }",
                "tls { cert_file: \"" + cert + "\", key_file: \"" + key + "\", cipher_suites: [\"TLS_RC4\"] }",
                "tls { cert_file: \"" + cert + "\", key_file: \"" + key + "\", curve_preferences: [] }",
                "tls { cert_file: \"" + cert + "\", key_file: \"" + key + "\", timeout: \"2x\" }",
                "tls { cert_file: \"" + cert + "\", key_file: \"" + key + "\", pinned_certs: [\"00\"] }",
                "tls { cert_file: \"" + cert + "\", key_file: \"" + key + "\", verify: \"yes\" }",
                "tls { cert_file: \"" + cert + "\", key_file: \"" + key + "\", certfile: 1 }",
                "tls { cert_file: \"" + serverB.certFile() + "\", key_file: \"" + serverB.keyFile() + "\", verify_and_map: true,"
                        + " ca_file: \"" + ca.caFile() + "\", timeout: 0.5, cipher_suites: [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256],"
                        + " curve_preferences: [CurveP256, X25519], insecure: false }");
        StringBuilder go = new StringBuilder();
        StringBuilder natsj = new StringBuilder();
        int i = 0;
        for (String block : blocks) {
            Path conf = dir.resolve("c" + i++ + ".conf");
            DropinSupport.write(conf, block + "\n");
            go.append(verdict(Binary.GO, dir, "-c", conf.toString(), "-t")).append('\n');
            natsj.append(verdict(Binary.NATSJ, dir, "-c", conf.toString(), "-t")).append('\n');
        }
        List<String[]> flagSets = List.of(
                new String[] {"--tls"},
                new String[] {"--tlsverify", "--tlskey", key},
                new String[] {"--tlscert", cert},
                new String[] {"--tlscert", cert, "--tlskey", serverB.keyFile().toString()},
                new String[] {"--tlscert", cert, "--tlskey", key, "--tlscacert", dir.resolve("none.pem").toString()});
        for (String[] flags : flagSets) {
            go.append(verdict(Binary.GO, dir, flags)).append('\n');
            natsj.append(verdict(Binary.NATSJ, dir, flags)).append('\n');
        }
        assertEquals(go.toString(), natsj.toString());
    }

    /** The first line a command prints, past bin/natsj's note that it is building its jar. */
    private static String verdict(Binary binary, Path dir, String... args) {
        return ServerProcess.run(binary, dir, args).output().lines()
                .filter(l -> !l.startsWith("natsj: building")).findFirst().orElse("");
    }

    /** What clients and the log show through the steps below, in order. */
    private static String transcript(Binary binary, Path dir) throws Exception {
        Files.createDirectories(dir);
        Path conf = dir.resolve("server.conf");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Files.copy(serverA.certFile(), cert);
        Files.copy(serverA.keyFile(), key);
        String base = "host: 127.0.0.1\nport: -1\nports_file_dir: \"" + dir + "\"\n";
        String tls = "tls { cert_file: \"" + cert + "\", key_file: \"" + key + "\", ca_file: \"" + ca.caFile() + "\", timeout: 0.5";
        DropinSupport.write(conf, base + tls + ", verify: true }\n");
        StringBuilder t = new StringBuilder();
        try (ServerProcess p = DropinSupport.startAsNatsServer(binary, dir, "-c", conf.toString())) {
            String ports = DropinSupport.awaitPortsFile(dir, p.pid());
            int port = DropinSupport.clientPort(ports);
            p.awaitReady();
            t.append("ports: ").append(ports.replaceAll("\\d+", "N")).append('\n');
            t.append("info: ").append(tlsKeys(DropinSupport.firstLine(port))).append('\n');
            t.append("jnats with a certificate: ").append(pubSub(port, ca.clientContext(alice))).append('\n');
            t.append("jnats without one: ").append(pubSub(port, ca.clientContext(null))).append('\n');
            t.append("plain CONNECT gets: ").append(afterInfo(port, "CONNECT {}\r\nPING\r\n")).append('\n');
            t.append("silent client gets: ").append(afterInfo(port, null)).append('\n');
            t.append("served: ").append(subject(serverCertificate(port))).append('\n');

            // A renewed certificate (another key type too), verify off, a pinned key, another timeout.
            Files.copy(serverB.certFile(), cert, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(serverB.keyFile(), key, StandardCopyOption.REPLACE_EXISTING);
            DropinSupport.write(conf, base + tls.replace("0.5", "1") + ", pinned_certs: [\"" + ServerTls.keyId(alice.cert()) + "\"] }\n");
            p.signal("HUP");
            p.awaitOutput("Reloaded: 1 pinned_certs", Duration.ofSeconds(10));
            t.append("info after reload: ").append(tlsKeys(DropinSupport.firstLine(port))).append('\n');
            t.append("served after reload: ").append(subject(serverCertificate(port))).append('\n');
            t.append("jnats with the pinned certificate: ").append(pubSub(port, ca.clientContext(alice))).append('\n');
            t.append("jnats with another: ").append(pubSub(port, ca.clientContext(ca.client("bob-" + binary, "bob", null)))).append('\n');

            DropinSupport.write(conf, base + "tls { cert_file: \"" + cert + "\", key_file: \"" + key + "\", verify_and_map: true }\n");
            p.signal("HUP");
            p.awaitOutput("Failed to reload", Duration.ofSeconds(10));
            DropinSupport.write(conf, base);
            p.signal("HUP");
            p.awaitOutput("Reloaded: tls = disabled", Duration.ofSeconds(10));
            t.append("info with tls off: ").append(tlsKeys(DropinSupport.firstLine(port))).append('\n');
            p.signal("INT");
            p.awaitExit(Duration.ofSeconds(20));
            Matcher m = HANDSHAKE_ERROR.matcher(p.output());
            while (m.find()) {
                t.append(m.group(1).replaceAll("read tcp [^ ]+->[^ ]+:", "read tcp A->B:")).append('\n');
            }
            m = RELOAD_LINE.matcher(p.output());
            while (m.find()) {
                // nats-server derives the default auth timeout from the TLS timeout (tls timeout + 1 s)
                // and reports it reloaded with it; that belongs to authentication, not compared here.
                if (!m.group(1).startsWith("Reloaded: authorization timeout")) {
                    t.append(m.group(1)).append('\n');
                }
            }
        }
        return t.toString();
    }

    private static String tlsKeys(String info) {
        StringBuilder sb = new StringBuilder();
        for (String k : new String[] {"\"tls_required\":true", "\"tls_verify\":true", "\"tls_available\":true"}) {
            if (info.contains(k)) {
                sb.append(k).append(' ');
            }
        }
        return sb.toString().trim();
    }

    private static String pubSub(int port, SSLContext ctx) {
        Options o = new Options.Builder().server("tls://127.0.0.1:" + port).sslContext(ctx)
                .connectionTimeout(Duration.ofSeconds(3)).noReconnect().build();
        try (Connection nc = Nats.connect(o)) {
            Subscription sub = nc.subscribe("diff");
            nc.publish("diff", "x".getBytes(StandardCharsets.UTF_8));
            Message msg = sub.nextMessage(Duration.ofSeconds(3));
            return msg != null ? "delivered" : "no message";
        } catch (Exception e) {
            return "refused";
        }
    }

    /** Reads the INFO, sends {@code text} (if any), and reports the bytes until the server closes. */
    private static String afterInfo(int port, String text) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            while (in.read() != '\n') {
                // the plain INFO
            }
            if (text != null) {
                s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                in.transferTo(out);
            } catch (java.net.SocketException reset) {
                out.writeBytes("<reset>".getBytes(StandardCharsets.US_ASCII));
            }
            return "[" + out.toString(StandardCharsets.ISO_8859_1) + "] then closed";
        }
    }

    private static X509Certificate serverCertificate(int port) throws IOException {
        try (Socket plain = new Socket("127.0.0.1", port)) {
            plain.setSoTimeout(5000);
            InputStream in = plain.getInputStream();
            while (in.read() != '\n') {
                // the plain INFO
            }
            SSLSocket tls = (SSLSocket) ca.clientContext(alice).getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
            tls.startHandshake();
            X509Certificate c = (X509Certificate) tls.getSession().getPeerCertificates()[0];
            tls.close();
            return c;
        }
    }

    private static String subject(X509Certificate c) {
        return c.getPublicKey().getAlgorithm() + " " + c.getSubjectX500Principal().getName();
    }
}
