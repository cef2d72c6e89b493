package io.natsj.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The training run behind natsj's class-data-sharing archive, run by the build right after the jar:
 * {@code CdsTraining ARCHIVE COMMAND [ARGS...]} starts the server as {@code COMMAND} (bin/natsj) starts
 * it, with {@code -XX:ArchiveClassesAtExit=ARCHIVE} added to its JVM options, on a free loopback port;
 * plays two client sessions as client libraries open theirs (INFO, CONNECT, PING/PONG, SUB, PUB,
 * HPUB, MSG, UNSUB); then stops it with SIGTERM as a harness does. The JVM writes the classes it
 * loaded into the archive as it exits, and the next start maps them instead of loading and verifying
 * them one by one.
 *
 * <p>Never fails the build: without a session the archive holds fewer classes, without an archive
 * bin/natsj starts without one.
 */
public final class CdsTraining {
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
            session(port, server);
            session(port, server);
        } catch (IOException | RuntimeException e) {
            System.err.println("natsj CDS training: client session failed, the archive will hold fewer classes: " + e);
        }
        server.destroy(); // SIGTERM: the server shuts down through its hook, the JVM then writes the archive
        if (!server.waitFor(60, TimeUnit.SECONDS)) {
            System.err.println("natsj CDS training: server did not stop, killing it");
            server.destroyForcibly().waitFor();
        }
    }

    private static void session(int port, Process server) throws IOException, InterruptedException {
        try (Socket s = connect(port, server)) {
            s.setSoTimeout(30_000);
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
