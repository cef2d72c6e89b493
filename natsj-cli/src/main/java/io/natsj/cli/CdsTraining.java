package io.natsj.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The training run behind natsj's class-data-sharing archive: the build runs this class once with
 * {@code -XX:ArchiveClassesAtExit}, so that the classes a real start-up and a first client need are
 * archived and the next {@code bin/natsj} maps them instead of loading and verifying them one by one.
 *
 * <p>It runs the executable's own {@code main} on a free loopback port, plays one client session as
 * client libraries open theirs (INFO, CONNECT, PING/PONG, SUB, PUB, HPUB, MSG, UNSUB), then exits the
 * JVM so that the server shuts down through its shutdown hook, as when a harness stops it. Never fails
 * the build: without a session the archive only holds fewer classes.
 */
public final class CdsTraining {
    private CdsTraining() {
    }

    public static void main(String[] args) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String[] serverArgs = {"-a", "127.0.0.1", "-p", Integer.toString(port)};
        Thread server = new Thread(() -> NatsjMain.main(serverArgs), "natsj-training-server");
        server.setDaemon(true);
        server.start();
        try {
            session(port);
            session(port);
        } catch (IOException | RuntimeException e) {
            System.err.println("natsj CDS training: client session failed, the archive will hold fewer classes: " + e);
        }
        System.exit(0);
    }

    private static void session(int port) throws IOException, InterruptedException {
        try (Socket s = connect(port)) {
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            expect(in, "INFO ");
            send(out, "CONNECT {\"verbose\":false,\"pedantic\":false,\"tls_required\":false,\"name\":\"cds\","
                    + "\"lang\":\"java\",\"version\":\"0\",\"protocol\":1,\"echo\":true,\"headers\":true,"
                    + "\"no_responders\":true}\r\nPING\r\n");
            expect(in, "PONG");
            send(out, "SUB foo 1\r\nSUB foo.* q 2\r\nPUB foo _INBOX.x 5\r\nhello\r\n"
                    + "HPUB foo.bar 18 23\r\nNATS/1.0\r\nA: b\r\n\r\nhello\r\nUNSUB 2\r\nPING\r\n");
            expect(in, "PONG");
        }
    }

    private static Socket connect(int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return s;
            } catch (IOException e) {
                s.close();
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
