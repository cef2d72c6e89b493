package io.natsj.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Writers insert/remove their own subscriptions while readers match through their own caches.
 * During the run: no exception, every result well-formed and only holding matching subscriptions,
 * and subscriptions that never change always present. After it: counts, listings and every reader's
 * long-lived cache agree with a reference built from the writers' final states.
 */
class ConcurrencyTest {
    private static final String[] TOKENS = {"a", "b", "c", "*", ">"};
    private static final List<String> SUBJECTS = MatchPropertiesTest.allSubjects(3);

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void concurrentInsertRemoveAndMatch() throws Exception {
        SubjectIndex index = new SubjectIndex();
        Reference stable = new Reference();
        Subscriber owner = new Subscriber() { };
        for (String[] spec : new String[][] {{"a.>", null}, {"*.b", "q1"}, {"c", null}, {"b.*.c", "q2"}}) {
            Subscription s = new Subscription(owner, spec[0], spec[1], "stable " + spec[0]);
            index.insert(s);
            stable.insert(s);
        }

        int writers = 2;
        int readers = 3;
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Reference> finals = new ArrayList<>();
        List<MatchCache> readerCaches = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();

        for (int w = 0; w < writers; w++) {
            Reference mine = new Reference();
            finals.add(mine);
            List<Subscription> pool = randomSubs(new Random(w), 150, "w" + w);
            threads.add(new Thread(guard(failure, () -> {
                start.await();
                Random rnd = new Random(100 + pool.size());
                for (int i = 0; i < 40_000; i++) {
                    Subscription s = pool.get(rnd.nextInt(pool.size()));
                    if (rnd.nextBoolean()) {
                        index.insert(s);
                        mine.insert(s);
                    } else {
                        assertEquals(mine.remove(s), index.remove(s));
                    }
                }
            })));
        }
        for (int r = 0; r < readers; r++) {
            MatchCache cache = new MatchCache(index, r == 0 ? 16 : MatchCache.CAPACITY);
            readerCaches.add(cache);
            int seed = r;
            threads.add(new Thread(guard(failure, () -> {
                start.await();
                Random rnd = new Random(seed);
                while (writing.get()) {
                    String subject = SUBJECTS.get(rnd.nextInt(SUBJECTS.size()));
                    byte[] bytes = subject.getBytes(StandardCharsets.US_ASCII);
                    checkDuringChurn(subject, cache.match(bytes, 0, bytes.length), stable);
                    checkDuringChurn(subject, index.match(subject), stable);
                }
            })));
        }

        threads.forEach(Thread::start);
        start.countDown();
        for (Thread t : threads.subList(0, writers)) {
            t.join();
        }
        writing.set(false);
        for (Thread t : threads) {
            t.join();
        }
        assertNull(failure.get(), () -> "worker failed: " + failure.get());

        Reference expected = new Reference();
        stable.all().forEach(expected::insert);
        finals.forEach(f -> f.all().forEach(expected::insert));
        assertEquals(expected.all().size(), index.count());
        assertEquals(expected.all().size(), index.subscriptions().size());
        for (MatchCache cache : readerCaches) {
            for (String subject : SUBJECTS) {
                byte[] bytes = subject.getBytes(StandardCharsets.US_ASCII);
                expected.check(subject, cache.match(bytes, 0, bytes.length));
            }
        }
    }

    /**
     * Aims at the cache's race: a change that completes while a refresh is computing must not leave a
     * stale entry that looks current. Each round the writer makes two changes that both affect "x.y"
     * (so the reader's refresh after the first tends to overlap the second), then publishes the round
     * number; a reader that has seen round r before matching must see round r's state.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void cacheNeverServesAStaleResultAfterAChangeIsVisible() throws Exception {
        SubjectIndex index = new SubjectIndex();
        Subscriber owner = new Subscriber() { };
        Subscription literal = new Subscription(owner, "x.y", null, "1");
        Subscription wildcard = new Subscription(owner, "x.*", null, "2");
        byte[] subject = "x.y".getBytes(StandardCharsets.US_ASCII);
        int rounds = 10_000;
        AtomicInteger done = new AtomicInteger(-1);
        AtomicInteger checked = new AtomicInteger(-1);
        AtomicReference<Throwable> failure = new AtomicReference<>();

        Thread writer = new Thread(guard(failure, () -> {
            for (int r = 0; r < rounds && failure.get() == null; r++) {
                Subscription first = r % 4 < 2 ? literal : wildcard;
                Subscription second = first == literal ? wildcard : literal;
                if (r % 2 == 0) {
                    index.insert(first);
                    index.insert(second);
                } else {
                    index.remove(first);
                    index.remove(second);
                }
                done.set(r);
                while (checked.get() < r && failure.get() == null) {
                    Thread.yield();
                }
            }
        }));
        Thread reader = new Thread(guard(failure, () -> {
            MatchCache cache = new MatchCache(index);
            int last = -1;
            while (last < rounds - 1 && failure.get() == null) {
                int r = done.get();
                MatchResult result = cache.match(subject, 0, subject.length);
                if (r != last) {
                    int round = r;
                    assertEquals(r % 2 == 0 ? 2 : 0, result.plain.length, () -> "stale after round " + round);
                    last = r;
                    checked.set(r);
                }
            }
        }));
        writer.start();
        reader.start();
        writer.join();
        reader.join();
        assertNull(failure.get(), () -> "failed: " + failure.get());
    }

    /** What must hold at any moment, whatever the writers are doing. */
    private static void checkDuringChurn(String subject, MatchResult result, Reference stable) {
        Set<Subscription> seen = Reference.identitySet();
        for (Subscription s : result.plain) {
            assertTrue(seen.add(s), "duplicate");
            assertTrue(s.queue == null && Reference.matches(s.subject, subject), "wrong plain sub");
        }
        for (Subscription[] group : result.queues) {
            for (Subscription s : group) {
                assertTrue(seen.add(s), "duplicate");
                assertTrue(group[0].queue.equals(s.queue) && Reference.matches(s.subject, subject), "wrong qsub");
            }
        }
        for (Subscription s : stable.all()) {
            if (Reference.matches(s.subject, subject)) {
                assertTrue(seen.contains(s), () -> "stable subscription " + s.subject + " missing for " + subject);
            }
        }
    }

    private static List<Subscription> randomSubs(Random rnd, int n, String prefix) {
        Subscriber owner = new Subscriber() { };
        List<Subscription> out = new ArrayList<>();
        while (out.size() < n) {
            int len = 1 + rnd.nextInt(3);
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < len; i++) {
                b.append(i == 0 ? "" : ".").append(TOKENS[rnd.nextInt(TOKENS.length)]);
            }
            String subject = b.toString();
            if (Subjects.isValidSubscribeSubject(subject)) {
                String queue = rnd.nextInt(3) == 0 ? "q" + rnd.nextInt(2) : null;
                out.add(new Subscription(owner, subject, queue, prefix + "-" + out.size()));
            }
        }
        return out;
    }

    interface Body {
        void run() throws Exception;
    }

    private static Runnable guard(AtomicReference<Throwable> failure, Body body) {
        return () -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        };
    }
}
