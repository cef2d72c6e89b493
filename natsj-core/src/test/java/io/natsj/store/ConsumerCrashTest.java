package io.natsj.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.store.ConsumerStore.AckMode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills a process updating a consumer store ({@link ConsumerCrashChild}) with SIGKILL at random
 * moments, reopens the store and checks that whatever a completed sync confirmed is there: no
 * confirmed ack's stream sequence is pending again, and the ack floor and the delivered sequences
 * are never below the ones confirmed. The child goes on from the recovered state each round. A few
 * rounds normally; {@code -Dnatsj.crash.rounds=300} for a long run. (A process crash keeps the page
 * cache, so this proves the format, compaction and recovery, not the fsync.)
 */
class ConsumerCrashTest {
    private static final Logger log = LoggerFactory.getLogger(ConsumerCrashTest.class);

    @TempDir
    Path dir;

    @Test
    void confirmedUpdatesSurviveSigkill() throws Exception {
        int rounds = Integer.getInteger("natsj.crash.rounds", 3);
        Random rnd = new Random();
        Set<Long> acked = ConcurrentHashMap.newKeySet();
        // confirmed maxima: floor consumer, floor stream, delivered consumer, delivered stream
        AtomicLongArray confirmed = new AtomicLongArray(4);
        long batches = 0;
        List<String> failures = new CopyOnWriteArrayList<>();
        for (int round = 0; round < rounds; round++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "-Xmx128m", ConsumerCrashChild.class.getName(), dir.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            CountDownLatch opened = new CountDownLatch(1);
            long[] thisRound = new long[2];
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        if (line.equals("OPEN")) {
                            opened.countDown();
                            continue;
                        }
                        if (line.startsWith("FAIL")) {
                            failures.add(line);
                            opened.countDown();
                            continue;
                        }
                        String[] f = line.split(" ");
                        if (!f[0].equals("B") || f.length < 6 || !f[f.length - 1].equals("E")) {
                            continue; // a line cut short by the kill (longer than a pipe writes at once)
                        }
                        for (int i = 0; i < 4; i++) {
                            confirmed.accumulateAndGet(i, Long.parseLong(f[i + 1]), Math::max);
                        }
                        for (int i = 5; i < f.length - 1; i++) {
                            acked.add(Long.parseLong(f[i]));
                        }
                        thisRound[0]++;
                        thisRound[1] += f.length - 6;
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
            assertEquals(List.of(), failures, "the child's own checks");
            batches += thisRound[0];
            FileConsumerStore store = FileConsumerStore.open(dir, AckMode.EXPLICIT, SyncPolicy.ALWAYS);
            try {
                ConsumerState st = store.state();
                assertFalse(Files.exists(dir.resolve(FileConsumerStore.DAMAGED)), "a killed process leaves no damage");
                for (long s : st.pending().keySet()) {
                    assertFalse(acked.contains(s), "stream sequence " + s + " acknowledged, and pending again");
                }
                assertTrue(st.ackFloorConsumer() >= confirmed.get(0), st.ackFloorConsumer() + " >= " + confirmed.get(0));
                assertTrue(st.ackFloorStream() >= confirmed.get(1), st.ackFloorStream() + " >= " + confirmed.get(1));
                assertTrue(st.deliveredConsumer() >= confirmed.get(2), st.deliveredConsumer() + " >= " + confirmed.get(2));
                assertTrue(st.deliveredStream() >= confirmed.get(3), st.deliveredStream() + " >= " + confirmed.get(3));
                log.info("consumer crash round {}: {} batches and {} acks confirmed this round; {} pending, floor {}/{}, log {} bytes",
                        round, thisRound[0], thisRound[1], st.pending().size(), st.ackFloorConsumer(), st.ackFloorStream(),
                        store.logSize());
            } finally {
                store.close();
            }
        }
        assertTrue(batches > 0, "the child confirmed nothing");
        System.out.println("consumer crash test: " + rounds + " rounds, " + batches + " batches and " + acked.size()
                + " acknowledgements confirmed and checked");
    }
}
