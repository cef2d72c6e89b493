package io.natsj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What keeps bin/natsj's start-up within a harness's budget (about 300 ms from spawn to INFO): the
 * class-data-sharing archive the build trains is there and the JVM takes it, and Netty loads its epoll
 * library from the unpacked copy instead of extracting it to a temporary file. Timing itself is left to
 * scripts/startup-time (too noisy for a test on a shared machine); this checks the means, which a
 * build change can silently lose.
 */
class BinaryStartupTest {
    @TempDir
    Path tmp;

    @Test
    void startsFromTheArchiveAndSendsInfo() throws Exception {
        String binary = System.getProperty("natsj.binary");
        Assumptions.assumeTrue(binary != null, "natsj.binary not set (run through Maven)");
        Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux")
                && System.getProperty("os.arch").matches("amd64|x86_64"), "the archive and epoll library are built on linux-x86_64");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path classLog = tmp.resolve("classes.log");
        ProcessBuilder pb = new ProcessBuilder(List.of(binary, "-a", "127.0.0.1", "-p", Integer.toString(port)))
                .redirectErrorStream(true).redirectOutput(tmp.resolve("out.log").toFile());
        pb.environment().put("NATSJ_JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog);
        long start = System.nanoTime();
        Process server = pb.start();
        try {
            String info = firstLine(port, server);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            System.out.println("bin/natsj: spawn to INFO " + ms + " ms (with class-load logging)");
            assertTrue(info.startsWith("INFO {"), info);
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
            server.destroyForcibly();
        }
        List<String> loaded = Files.readAllLines(classLog);
        assertEquals(1, loaded.stream().filter(l -> l.contains(" io.natsj.cli.NatsjMain source: shared objects file")).count(),
                "NatsjMain not loaded from the CDS archive (natsj-cli/target/natsj.jsa missing, stale or refused?):\n"
                        + loaded.stream().filter(l -> l.contains("io.natsj.")).limit(5).toList());
        assertTrue(loaded.stream().anyMatch(l -> l.contains(" io.netty.channel.epoll.Native source: shared objects file")),
                "Netty's epoll classes are not in the CDS archive");
        assertTrue(loaded.stream().noneMatch(l -> l.contains(" java.nio.file.TempFileHelper ")),
                "the epoll library was extracted to a temporary file: natsj-cli/target/native missing?");
    }

    /** Connects as soon as the port accepts and returns the first line the server sends. */
    private static String firstLine(int port, Process server) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                s.setSoTimeout(10_000);
                InputStream in = s.getInputStream();
                StringBuilder line = new StringBuilder();
                for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
                    line.append((char) c);
                }
                return line.toString().trim();
            } catch (IOException e) {
                if (!server.isAlive()) {
                    fail("bin/natsj exited with " + server.exitValue());
                }
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(5);
            }
        }
    }
}
