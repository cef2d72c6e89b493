package io.natsj.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The training run behind natsj's class-data-sharing archive, run by the build right after the jar:
 * {@code CdsTraining ARCHIVE COMMAND [ARGS...]} starts the server as {@code COMMAND} (bin/natsj) starts
 * it, with {@code -XX:ArchiveClassesAtExit=ARCHIVE} added to its JVM options, on a free loopback port;
 * plays two client sessions as client libraries open theirs (INFO, CONNECT, PING/PONG, SUB, PUB,
 * HPUB, MSG, UNSUB); then stops it with SIGTERM as a harness does. When the JDK's keytool can make a
 * throwaway certificate, the server runs with TLS and a bcrypt user and the sessions use them, so
 * that the TLS and authentication classes are in the archive too (a TLS start otherwise spends
 * a few hundred milliseconds loading JSSE, and harnesses wait about 300 ms for the port). The JVM writes the classes it
 * loaded into the archive as it exits, and the next start maps them instead of loading and verifying
 * them one by one.
 *
 * <p>Never fails the build: without a session the archive holds fewer classes, without an archive
 * bin/natsj starts without one.
 */
public final class CdsTraining {
    /** bcrypt (cost 4) of "cds", the training user's password. */
    private static final String TRAINING_PASSWORD_BCRYPT = "$2b$04$kZo9bcpE8V.f1yMnQxrBSORFKnV5a6bYqFxpldsrR.OZC5xP3S/vK";

    private CdsTraining() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: CdsTraining ARCHIVE COMMAND [ARGS...]");
            System.exit(2);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(args).subList(1, args.length));
        command.addAll(List.of("-a", "127.0.0.1", "-p", Integer.toString(port)));
        Path tlsDir = Files.createTempDirectory("natsj-cds");
        // JetStream on, with a file stream created and published to below: a harness that starts the
        // server with -js then maps the JetStream and store classes too.
        Path jsDir = Files.createTempDirectory("natsj-cds-js");
        command.addAll(List.of("-js", "-sd", jsDir.toString()));
        boolean tls = writeTlsConfig(tlsDir);
        if (tls) {
            command.addAll(List.of("-c", tlsDir.resolve("training.conf").toString()));
        }
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        pb.environment().put("NATSJ_JAVA_OPTS", "-XX:ArchiveClassesAtExit=" + args[0] + " -Xlog:cds*=off");
        pb.environment().put("NATSJ_CDS", "0"); // no archive to start from: one is being made
        pb.environment().put("NATSJ_NO_BUILD", "1"); // the jar was just built
        Process server;
        try {
            server = pb.start();
        } catch (IOException e) {
            System.err.println("natsj CDS training: cannot start " + command.get(0) + ", no archive: " + e);
            return;
        }
        try {
            session(port, server, tls, tlsDir);
            session(port, server, tls, tlsDir);
        } catch (IOException | RuntimeException | GeneralSecurityException e) {
            System.err.println("natsj CDS training: client session failed, the archive will hold fewer classes: " + e);
        }
        server.destroy(); // SIGTERM: the server shuts down through its hook, the JVM then writes the archive
        if (!server.waitFor(60, TimeUnit.SECONDS)) {
            System.err.println("natsj CDS training: server did not stop, killing it");
            server.destroyForcibly().waitFor();
        }
        deleteAll(tlsDir);
        deleteTree(jsDir);
    }

    private static void deleteTree(Path dir) {
        try (var all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("natsj CDS training: could not remove " + dir + ": " + e);
        }
    }

    /**
     * A self-signed certificate and key (made by keytool, read back as PEM) and a configuration with
     * TLS and a bcrypt user; false, with a note, when that cannot be done.
     */
    private static boolean writeTlsConfig(Path dir) {
        try {
            Path ks = dir.resolve("training.p12");
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "cds", "-keyalg", "RSA", "-keysize", "2048",
                    "-dname", "CN=localhost", "-validity", "2", "-keystore", ks.toString(), "-storetype", "PKCS12",
                    "-storepass", "training", "-keypass", "training").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) {
                throw new IOException("keytool exited with " + p.exitValue());
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(ks)) {
                store.load(in, "training".toCharArray());
            }
            Base64.Encoder b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
            PrivateKey key = (PrivateKey) store.getKey("cds", "training".toCharArray());
            Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\n"
                    + b64.encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n");
            Files.writeString(dir.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\n"
                    + b64.encodeToString(store.getCertificate("cds").getEncoded()) + "\n-----END CERTIFICATE-----\n");
            Files.writeString(dir.resolve("training.conf"), "authorization { users: [ { user: cds, password: \""
                    + TRAINING_PASSWORD_BCRYPT + "\" } ] }\n"
                    + "tls { cert_file: \"" + dir.resolve("cert.pem") + "\", key_file: \"" + dir.resolve("key.pem") + "\" }\n");
            return true;
        } catch (IOException | GeneralSecurityException | InterruptedException | RuntimeException e) {
            System.err.println("natsj CDS training: no TLS certificate, the archive will not hold the TLS classes: " + e);
            return false;
        }
    }

    private static void deleteAll(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            System.err.println("natsj CDS training: could not remove " + dir + ": " + e);
        }
    }

    /** After the plain INFO, the TLS handshake as a client library starts it, trusting the training certificate. */
    private static Socket startTls(Socket plain, int port, Path dir) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("training.p12"))) {
            store.load(in, "training".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
        s.startHandshake();
        return s;
    }

    private static void session(int port, Process server, boolean tls, Path tlsDir)
            throws IOException, InterruptedException, GeneralSecurityException {
        try (Socket plain = connect(port, server)) {
            plain.setSoTimeout(30_000);
            expect(plain.getInputStream(), "INFO ");
            Socket s = tls ? startTls(plain, port, tlsDir) : plain;
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            send(out, "CONNECT {\"verbose\":false,\"pedantic\":false,\"tls_required\":" + tls + ",\"name\":\"cds\","
                    + "\"lang\":\"java\",\"version\":\"0\",\"protocol\":1,\"echo\":true,\"headers\":true,"
                    + (tls ? "\"user\":\"cds\",\"pass\":\"cds\"," : "")
                    + "\"no_responders\":true}\r\nPING\r\n");
            expect(in, "PONG");
            send(out, "SUB foo 1\r\nSUB foo.* q 2\r\nPUB foo _INBOX.x 5\r\nhello\r\n"
                    + "HPUB foo.bar 18 23\r\nNATS/1.0\r\nA: b\r\n\r\nhello\r\nUNSUB 2\r\nPING\r\n");
            expect(in, "PONG");
            String stream = "{\"name\":\"CDS\",\"subjects\":[\"cds.>\"],\"storage\":\"file\"}";
            send(out, "SUB _INBOX.cds 3\r\nPUB $JS.API.STREAM.CREATE.CDS _INBOX.cds " + stream.length() + "\r\n" + stream + "\r\n");
            expect(in, "MSG _INBOX.cds");
            send(out, "HPUB cds.a _INBOX.cds 29 34\r\nNATS/1.0\r\nNats-Msg-Id: m1\r\n\r\nhello\r\n");
            expect(in, "MSG _INBOX.cds");
            send(out, "PUB $JS.API.STREAM.INFO.CDS _INBOX.cds 0\r\n\r\n");
            expect(in, "MSG _INBOX.cds");
        }
    }

    private static Socket connect(int port, Process server) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120); // includes a JVM start on a busy machine
        while (true) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                return s;
            } catch (IOException e) {
                s.close();
                if (!server.isAlive()) {
                    throw new IOException("server exited with " + server.exitValue());
                }
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads lines until one starts with the prefix. */
    private static void expect(InputStream in, String prefix) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed waiting for " + prefix.trim());
            }
            if (c == '\n') {
                if (line.toString().startsWith(prefix)) {
                    return;
                }
                line.setLength(0);
            } else {
                line.append((char) c);
            }
        }
    }
}
