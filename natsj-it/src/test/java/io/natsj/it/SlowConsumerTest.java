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
}
