package io.natsj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.natsj.it.support.Limits;
import io.natsj.it.support.RawClient;
import io.natsj.it.support.ServerKind;
import io.natsj.it.support.Session;
import io.natsj.it.support.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Connections come and go with the same subscriptions (plain and queue) on the same subjects, one
 * after another: each new connection must get exactly its own deliveries, however the server caches
 * subject matches. (A stale cached match would deliver to a connection that is gone.)
 */
class SubscriptionChurnTest {
    private static final int ROUNDS = 400;
    private static final String SCRIPT = "CONNECT {\"verbose\":false}\r\nSUB foo.* 1\r\nSUB foo.bar %s 2\r\nSUB foo.> 3\r\n"
            + "PUB foo.bar 5\r\nhello\r\nUNSUB 2\r\nPUB foo.bar 3\r\nbye\r\nPING\r\n";

    @ParameterizedTest
    @EnumSource(ServerKind.class)
    void everyConnectionGetsItsOwnDeliveries(ServerKind kind) {
        try (TestServer server = kind.start(Limits.DEFAULTS)) {
            String first = play(server, 0);
            List<String> failures = new ArrayList<>();
            for (int round = 1; round < ROUNDS; round++) {
                String answer = play(server, round);
                if (!answer.equals(first)) {
                    failures.add("round " + round + ":\n" + answer);
                }
            }
            assertEquals(List.of(), failures.subList(0, Math.min(3, failures.size())),
                    kind + ": " + failures.size() + " of " + ROUNDS + " connections got different deliveries; the first got:\n" + first);
        }
    }

    /** Each round has its own queue group: a member of the previous round may not be gone yet. */
    private static String play(TestServer server, int round) {
        try (Session s = new Session(server)) {
            s.unordered();
            RawClient c = s.open("c");
            c.send(String.format(SCRIPT, "q" + round));
            c.awaitPongs(1, RawClient.DEFAULT_WAIT);
            return s.transcript().toString();
        }
    }
}
