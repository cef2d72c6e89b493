package io.natsj.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.natsj.it.support.Limits;
import io.natsj.it.support.RawClient;
import io.natsj.it.support.ServerKind;
import io.natsj.it.support.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A subscriber that stops reading is cut off once more than max_pending bytes wait for it, without
 * hurting anyone else: a fast subscriber on the same subject gets every message, and the publisher
 * stays connected. nats-server sends the slow consumer no -ERR; it just closes the connection.
 *
 * <p>nats-server 2.9 stalls a publisher (up to 1 s at a time) while a subscriber it feeds has more than
 * 3/4 of max_pending waiting, so with a fast publisher the pending bytes stay below max_pending and the
 * cut usually comes from the write deadline ("Slow Consumer Detected: WriteDeadline of 2s exceeded");
 * the publisher's flush then takes about write_deadline. The write deadline is 2 s here to keep
 * the test short (10 s by default).
 */
class SlowConsumerTest {
    private static final long MAX_PENDING = 1024 * 1024;
    private static final int MESSAGES = 20_000;
    private static final int SIZE = 1024;
    private static final Duration WRITE_DEADLINE = Duration.ofSeconds(2);

    @ParameterizedTest
    @EnumSource(ServerKind.class)
    void slowSubscriberIsCutAndFastOneGetsEverything(ServerKind kind) throws Exception {
        try (TestServer server = kind.start(Limits.DEFAULTS.maxPending(MAX_PENDING).writeDeadline(WRITE_DEADLINE));
                RawClient slow = RawClient.connectNotReading(server, "slow", 4096)) {
            slow.send("CONNECT {\"verbose\":false,\"pedantic\":false}\r\nSUB flood 1\r\nPING\r\n");
            assertTrue(slow.readNow(out -> out.pongs() == 1, Duration.ofSeconds(5)), "slow subscriber registered: " + slow.output().render());
            // from here on the slow subscriber reads nothing until the flood is over

            Options.Builder opts = new Options.Builder().server(server.url()).maxReconnects(0).maxMessagesInOutgoingQueue(2 * MESSAGES);
            Connection fastConn = Nats.connect(opts.build());
            Connection pub = Nats.connect(opts.build());
            try {
                AtomicLong fast = new AtomicLong();
                Dispatcher d = fastConn.createDispatcher(m -> fast.incrementAndGet());
                d.setPendingLimits(-1, -1); // the client side must not drop anything either
                d.subscribe("flood");
                fastConn.flush(Duration.ofSeconds(5));

                byte[] payload = new byte[SIZE];
                for (int i = 0; i < MESSAGES; i++) {
                    pub.publish("flood", payload);
                }
                pub.flush(Duration.ofSeconds(30));

                await("fast subscriber receives all " + MESSAGES + " (or is disconnected)").atMost(Duration.ofSeconds(30))
                        .until(() -> fast.get() >= MESSAGES || fastConn.getStatus() != Connection.Status.CONNECTED);
                assertEquals(Connection.Status.CONNECTED, fastConn.getStatus(),
                        kind + " disconnected the fast subscriber after " + fast.get() + " of " + MESSAGES + " messages");
                fastConn.flush(Duration.ofSeconds(5));
                assertEquals(MESSAGES, fast.get(), "fast subscriber got every message exactly once");
                assertEquals(Connection.Status.CONNECTED, pub.getStatus(), "publisher unaffected");
                assertEquals(Connection.Status.CONNECTED, fastConn.getStatus(), "fast subscriber unaffected");
            } finally {
                pub.close();
                fastConn.close();
            }

            // now read what the server managed to send the slow one: it must end in a close
            slow.readNow(out -> false, Duration.ofSeconds(15));
            assertTrue(slow.closedByServer(), kind + " did not disconnect the slow consumer (" + slow.output().frames().size() + " frames received)");
            long delivered = slow.output().frames().stream().filter(f -> f.startsWith("MSG ")).count();
            assertTrue(delivered < MESSAGES, "the slow consumer cannot have received everything, got " + delivered);
            assertFalse(slow.output().has("-ERR"), "nats-server sends a slow consumer no -ERR; " + kind + " sent: "
                    + slow.output().frames().stream().filter(f -> f.startsWith("-ERR")).toList());
        }
    }

    /**
     * Cut for the write deadline, a subscriber that never reads again is closed all the same: the
     * server's end of the socket leaves ESTABLISHED (FIN_WAIT1, its FIN stuck behind unread bytes), as
     * nats-server's does. max_pending is out of reach here, so only the write deadline can cut.
     */
    @ParameterizedTest
    @EnumSource(ServerKind.class)
    void subscriberThatNeverReadsAgainIsClosedAtTheWriteDeadline(ServerKind kind) throws Exception {
        Duration deadline = Duration.ofMillis(500);
        try (TestServer server = kind.start(Limits.DEFAULTS.maxPending(512L * 1024 * 1024).writeDeadline(deadline));
                RawClient stuck = RawClient.connectNotReading(server, "stuck", 4096)) {
            stuck.send("CONNECT {\"verbose\":false,\"pedantic\":false}\r\nSUB flood 1\r\nPING\r\n");
            assertTrue(stuck.readNow(out -> out.pongs() == 1, Duration.ofSeconds(5)), stuck.output().render());
            try (Connection pub = Nats.connect(new Options.Builder().server(server.url()).maxReconnects(0)
                    .maxMessagesInOutgoingQueue(2 * MESSAGES).build())) {
                byte[] payload = new byte[SIZE];
                // Traffic keeps flowing until the cut, so bytes are waiting for the stuck client when it
                // comes: those must not hold the close up.
                await(kind + " closes its end of the stuck subscriber's connection").atMost(Duration.ofSeconds(15))
                        .pollInterval(Duration.ofMillis(10)).until(() -> {
                            for (int i = 0; i < 200; i++) {
                                pub.publish("flood", payload);
                            }
                            return !serverSideEstablished(server.port(), stuck.localPort());
                        });
                pub.flush(Duration.ofSeconds(30));
                assertEquals(Connection.Status.CONNECTED, pub.getStatus(), "publisher unaffected");
            }
        }
    }

    /** Whether /proc/net/tcp lists the server's end (local serverPort, remote clientPort) as ESTABLISHED. */
    private static boolean serverSideEstablished(int serverPort, int clientPort) throws IOException {
        String local = String.format(":%04X", serverPort);
        String remote = String.format(":%04X", clientPort);
        for (String file : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            Path path = Path.of(file);
            if (!Files.exists(path)) {
                continue;
            }
            for (String line : Files.readAllLines(path)) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && f[1].endsWith(local) && f[2].endsWith(remote)) {
                    return "01".equals(f[3]);
                }
            }
        }
        return false;
    }
}
