package io.natsj.it.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.NatsServer;
import io.natsj.NatsServerOptions;
import io.natsj.auth.AuthOptions;
import io.natsj.auth.User;
import io.natsj.it.support.RawClient;
import io.natsj.it.support.NatsjTestServer;
import io.natsj.it.support.TestServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * bcrypt checks run off the event loop: operations pipelined behind a CONNECT wait for its verdict
 * and keep their order, a failed check lets none of them through, and other clients on the same
 * loop are served meanwhile.
 */
class BcryptOffLoopTest {
    /** bcrypt of "pw" at cost 4 (fast) and 13 (most of a second): test values, not secrets. */
    private static final String FAST = "$2b$04$bVX.brrhUVbm4UbzbLrC/eVO.ywFqOOfghI1fWjYbgKF8CHuilTua";
    private static final String SLOW = "$2b$13$k1bYJF798kc0YTuMXleb4uRBge8YeGZVJ2dFQq6PLImrRTL7vACPe";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static NatsServer server;
    private static TestServer target;

    @BeforeAll
    static void start() {
        AuthOptions auth = AuthOptions.NONE.withUsers(List.of(User.of("fast", FAST), User.of("slow", SLOW)));
        // One event loop: every client shares it, so a check on the loop would hold them all.
        server = new NatsServer(NatsServerOptions.builder().host("127.0.0.1").port(0).eventLoopThreads(1).auth(auth)
                .build()).start();
        target = NatsjTestServer.of(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String connect(String user, String pass) {
        return "CONNECT {\"verbose\":false,\"pedantic\":false,\"user\":\"" + user + "\",\"pass\":\"" + pass + "\"}\r\n";
    }

    @Test
    void operationsBehindTheConnectRunAfterItInOrder() {
        try (RawClient c = RawClient.connect(target, "pipelined")) {
            c.send(connect("fast", "pw") + "SUB x 1\r\nPUB x 2\r\nhi\r\nUNSUB 1\r\nPUB x 2\r\nno\r\nPING\r\n");
            assertTrue(c.awaitPongs(1, WAIT), c.output().render());
            assertEquals(List.of("MSG x 1 2\r\nhi\r\n", "PONG\r\n"), c.output().frames().subList(1, 3),
                    c.output().render());
        }
    }

    @Test
    void aFailedCheckLetsNothingBehindItThrough() {
        try (RawClient c = RawClient.connect(target, "wrong")) {
            c.send(connect("fast", "wrong") + "SUB x 1\r\nPUB x 2\r\nhi\r\nPING\r\n");
            assertTrue(c.awaitClosed(WAIT));
            assertTrue(c.output().has("-ERR 'Authorization Violation'"), c.output().render());
            assertFalse(c.output().has("MSG"));
            assertEquals(0, c.output().pongs());
        }
    }

    @Test
    void otherClientsAreServedWhileACheckRuns() {
        try (RawClient slow = RawClient.connect(target, "slow"); RawClient other = RawClient.connect(target, "other")) {
            other.send(connect("fast", "pw") + "PING\r\n");
            assertTrue(other.awaitPongs(1, WAIT));
            slow.send(connect("slow", "pw") + "PING\r\n");
            other.send("PING\r\n");
            // The slow check takes most of a second; the other client's PING is answered before it ends.
            assertTrue(other.awaitPongs(2, WAIT));
            assertEquals(0, slow.output().pongs(), "the other client was answered while the check ran");
            assertTrue(slow.awaitPongs(1, WAIT), slow.output().render());
        }
    }
}
