package io.natsj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.it.support.Limits;
import io.natsj.it.support.RawClient;
import io.natsj.it.support.ServerKind;
import io.natsj.it.support.Session;
import io.natsj.it.support.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * However TCP cuts the client's bytes, the server's answer is the same: a script of every client op
 * is sent in two writes split at each position, and in five writes cut at random positions; each
 * answer must equal the one to the script sent in one write. (The table in
 * {@link DifferentialProtocolTest} compares that one-write answer between natsj and nats-server.)
 *
 * <p>The script has no pedantic violation on purpose: nats-server 2.9 re-runs its PUB checks when a
 * payload is split across reads (clonePubArg), so {@code PUB foo.* 2} in pedantic mode gets
 * {@code -ERR 'Invalid Publish Subject'} once or twice depending on where TCP cut the bytes.
 */
class FragmentationTest {
    static final String SCRIPT = "CONNECT {\"verbose\":false,\"pedantic\":true,\"headers\":true}\r\n"
            + "SUB foo.* 1\r\nSUB foo.bar QUEUE 2\r\nPUB foo.bar reply.x 5\r\nhello\r\n"
            + DifferentialProtocolTest.hpub("foo.baz", DifferentialProtocolTest.HDR, "body")
            + "PUB foo.x 2\r\nhi\r\nUNSUB 1 1\r\nPUB foo.a 0\r\n\r\nPUB foo.b 1\r\nz\r\nPING\r\n";

    @ParameterizedTest
    @EnumSource(ServerKind.class)
    void answerDoesNotDependOnHowTheBytesAreCut(ServerKind kind) throws Exception {
        try (TestServer server = kind.start(Limits.DEFAULTS)) {
            String whole = play(server, List.of());
            assertTrue(whole.contains("MSG foo.bar 1 reply.x 5") && whole.contains("«open»"), "script works at all on " + kind + ":\n" + whole);

            List<String> failures = new ArrayList<>();
            for (int cut = 1; cut < SCRIPT.length(); cut++) {
                String answer = play(server, List.of(cut));
                if (!answer.equals(whole)) {
                    failures.add("cut at " + cut + " (after \"" + tail(SCRIPT.substring(0, cut)) + "\"):\n" + answer);
                }
            }
            Random random = new Random(20230101);
            for (int round = 0; round < 50; round++) {
                List<Integer> cuts = randomCuts(random, 4);
                String answer = play(server, cuts);
                if (!answer.equals(whole)) {
                    failures.add("cuts at " + cuts + ":\n" + answer);
                }
            }
            assertEquals(List.of(), failures.subList(0, Math.min(5, failures.size())),
                    kind + ": " + failures.size() + " cuts changed the answer; one write gives:\n" + whole);
        }
    }

    private static String tail(String s) {
        return io.natsj.it.support.ServerOutput.escape(s.substring(Math.max(0, s.length() - 12)));
    }

    private static List<Integer> randomCuts(Random random, int n) {
        List<Integer> cuts = new ArrayList<>();
        while (cuts.size() < n) {
            int c = 1 + random.nextInt(SCRIPT.length() - 1);
            if (!cuts.contains(c)) {
                cuts.add(c);
            }
        }
        cuts.sort(null);
        return cuts;
    }

    private static int plays;

    /**
     * Sends the script cut at the given (ascending) positions, one write per piece. QUEUE becomes a
     * queue name of this play's own, of the same length: a queue member of an earlier connection that
     * the server has not yet seen close could otherwise take the message.
     */
    private static String play(TestServer server, List<Integer> cuts) {
        String script = SCRIPT.replace("QUEUE", String.format("Q%04d", plays++ % 10000));
        try (Session s = new Session(server)) {
            RawClient c = s.open("c");
            int from = 0;
            for (int cut : cuts) {
                c.send(script.substring(from, cut));
                from = cut;
            }
            c.send(script.substring(from));
            c.awaitPongs(1, RawClient.DEFAULT_WAIT);
            return s.transcript().toString();
        }
    }
}
