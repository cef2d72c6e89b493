package io.natsj.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills a storing process with SIGKILL at random moments and checks every acknowledged message
 * survived intact. A few rounds normally; {@code -Dnatsj.crash.rounds=300} for a long run. (A
 * process crash keeps the page cache, so this proves the format and recovery, not the fsync; the
 * fsync is what makes the same hold for power loss.)
 */
class CrashTest {
    private static final Logger log = LoggerFactory.getLogger(CrashTest.class);

    @TempDir
    Path dir;

    private static long maxAcked(Map<Long, Long> acked) {
        return acked.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    @Test
    void acknowledgedMessagesSurviveSigkill() throws Exception {
        int rounds = Integer.getInteger("natsj.crash.rounds", 4);
        Random rnd = new Random();
        Map<Long, Long> acked = new ConcurrentHashMap<>();
        long totalAcked = 0;
        for (int round = 0; round < rounds; round++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "-Xmx256m", CrashChild.class.getName(), dir.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            CountDownLatch opened = new CountDownLatch(1);
            Map<Long, Long> thisRound = new ConcurrentHashMap<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        if (line.startsWith("OPEN")) {
                            opened.countDown();
                            continue;
                        }
                        int sp = line.indexOf(' ');
                        if (sp > 0 && line.indexOf(' ', sp + 1) < 0) {
                            thisRound.put(Long.parseLong(line.substring(0, sp)), Long.parseLong(line.substring(sp + 1)));
                        }
                    }
                } catch (Exception e) {
                    log.debug("reader ended: {}", e.toString());
                }
            });
            reader.start();
            assertTrue(opened.await(30, TimeUnit.SECONDS), "child did not open the store");
            Thread.sleep(50 + rnd.nextInt(400));
            child.destroyForcibly();
            child.waitFor();
            reader.join(10_000);
            for (Map.Entry<Long, Long> e : thisRound.entrySet()) {
                assertNull(acked.put(e.getKey(), e.getValue()), "sequence " + e.getKey() + " acknowledged twice");
            }
            totalAcked += thisRound.size();
            FileStore store = FileStore.open(dir, "crash", FileStoreOptions.DEFAULTS, StreamLimits.NONE.withMaxBytes(CrashChild.LIMIT));
            try {
                StreamState st = store.state(false);
                assertNull(st.lost(), "a killed process leaves no damage");
                acked.keySet().removeIf(seq -> seq < st.firstSeq()); // dropped by max_bytes
                for (Map.Entry<Long, Long> e : acked.entrySet()) {
                    StoredMessage m = store.load(e.getKey());
                    assertNotNull(m, "acknowledged message " + e.getKey() + " lost");
                    assertEquals(e.getValue(), CrashChild.checksum(m.subject(), m.payload()), "message " + e.getKey());
                }
                assertEquals(st.lastSeq() - st.firstSeq() + 1, st.msgs(), "no gaps");
                assertTrue(st.lastSeq() >= maxAcked(acked));
            } finally {
                store.close();
            }
            log.info("crash round {}: {} acknowledged this round, {} in all", round, thisRound.size(), acked.size());
        }
        assertTrue(totalAcked > 0, "the child acknowledged nothing");
        System.out.println("crash test: " + rounds + " rounds, " + totalAcked + " acknowledged messages checked");
    }
}
