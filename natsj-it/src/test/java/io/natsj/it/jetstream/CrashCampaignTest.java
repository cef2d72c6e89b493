package io.natsj.it.jetstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.PublishOptions;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamState;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash campaign (issue 8): jnats publishers publish asynchronously into two file streams and
 * record every PubAck while natsj is killed with SIGKILL at a random moment and started again on
 * the same store, round after round. After each restart every acknowledged message must be there at
 * its acknowledged sequence with exactly what was published; messages that were stored but whose
 * acknowledgement never came may be there too, but only as published; the log must not report lost
 * data; a message id published again must be recognised as a duplicate of what the store kept; and
 * publishing must go on from the last sequence, never reusing one that was acknowledged.
 *
 * <p>natsj fsyncs before it acknowledges, so the same would hold for a power cut; a process kill
 * keeps the page cache, so what this proves is that what a crash leaves behind (records cut short
 * by SIGKILL between pages, deletes of the limits never synced, a segment just created) is always
 * recovered into a consistent stream, never that fsync works.
 *
 * <p>A few rounds run by default; {@code -Dnatsj.crash.rounds=200} is the long profile and
 * {@code -Dnatsj.crash.seed=S} repeats a run's kill delays and payloads (printed at the start; where a kill lands
 * among the publishes still varies).
 */
class CrashCampaignTest {
    /** The main stream keeps this many messages, so that long runs stay bounded and its old end churns. */
    static final int MAX_MSGS = 10_000;
    static final int LAST_SUBJECTS = 20;
    static final int PUBLISHERS = 3;
    /** Unacknowledged publishes per connection, enough for group commit to batch many per fsync. */
    static final int WINDOW = 256;

    @Test
    void acknowledgedMessagesSurviveSigkill(@TempDir Path dir) throws Exception {
        int rounds = Integer.getInteger("natsj.crash.rounds", 5);
        long seed = Long.getLong("natsj.crash.seed", System.nanoTime());
        System.out.println("crash campaign: " + rounds + " rounds, seed " + seed);
        Campaign c = new Campaign(seed, dir);
        c.server = StoreServer.start(dir, c.store);
        try {
            c.createStreams();
            for (int round = 1; round <= rounds; round++) {
                c.round(round);
            }
            // and a normal stop at the end: the clean path must keep everything too
            c.server.stop();
            c.server = StoreServer.start(dir, c.store);
            c.verify(rounds + 1, Set.of());
        } finally {
            c.server.close();
        }
        assertTrue(c.acked.get() > 0, "nothing was acknowledged");
        System.out.printf("crash campaign: %d rounds, %d messages acknowledged (%d by the async publishers), %d message reads"
                + " verified, %d unacknowledged survivors, %d torn records cut, %d duplicate checks, seed %d%n", rounds,
                c.acked.get(), c.asyncAcked.get(), c.verified.get(), c.survivors.get(), c.tornCuts.get(), c.dedupeChecks.get(),
                seed);
    }

    /** A message as published: everything about it follows from its id, so nothing but ids need be kept. */
    record Expected(String stream, String subject, Map<String, List<String>> headers, byte[] payload) {
        static final String ID = "X-Id";

        static Expected of(long seed, String id) {
            SplittableRandom r = new SplittableRandom(seed * 31 + id.hashCode());
            boolean last = id.startsWith("L");
            String subject = last ? "last." + r.nextInt(LAST_SUBJECTS) : "crash." + r.nextInt(8);
            int kind = r.nextInt(100);
            int length = kind < 70 ? r.nextInt(257) : kind < 95 ? 256 + r.nextInt(3841) : 4096 + r.nextInt(28673);
            byte[] payload = new byte[length];
            r.nextBytes(payload);
            byte[] name = id.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(name, 0, payload, 0, Math.min(name.length, length));
            Map<String, List<String>> headers = new TreeMap<>();
            headers.put(ID, List.of(id));
            if (r.nextInt(4) == 0) {
                headers.put("X-Extra", List.of("a" + r.nextInt(1000), "b" + r.nextInt(1000)));
            }
            return new Expected(last ? "LAST" : "CRASH", subject, headers, payload);
        }

        Headers jnatsHeaders() {
            Headers h = new Headers();
            headers.forEach(h::put);
            return h;
        }

        /** What the stream must hand back: the headers published plus the Nats-Msg-Id jnats adds. */
        void check(MessageInfo m, String id) {
            assertEquals(subject, m.getSubject(), "subject of " + id + " at " + m.getSeq());
            byte[] data = m.getData() == null ? new byte[0] : m.getData();
            assertTrue(Arrays.equals(payload, data), "payload of " + id + " at " + m.getSeq() + " differs");
            Map<String, List<String>> want = new TreeMap<>(headers);
            want.put("Nats-Msg-Id", List.of(id));
            assertNotNull(m.getHeaders(), "headers of " + id);
            assertEquals(want, new TreeMap<>(m.getHeaders().toMap()), "headers of " + id + " at " + m.getSeq());
        }
    }

    /** A message the test knows to be in a stream at a sequence: acknowledged, or found there after a crash. */
    record Known(String id, boolean acked) {
    }

    /** One round's publishing: what was sent, what was acknowledged, what went wrong. */
    static final class RoundRun {
        final Set<String> sent = ConcurrentHashMap.newKeySet();
        final Map<String, Map<Long, String>> acks = Map.of("CRASH", new ConcurrentHashMap<>(), "LAST", new ConcurrentHashMap<>());
        final AtomicBoolean stop = new AtomicBoolean();
        /** Set just before the kill: a publish failing before then is a failure of the test. */
        final AtomicBoolean killing = new AtomicBoolean();
        final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        final List<Thread> threads = new ArrayList<>();
    }

    static final class Campaign {
        final long seed;
        final Random rnd;
        final Path dir;
        final Path store;
        StoreServer server;
        /** By stream: what must be there, by sequence (below the stream's first sequence it is forgotten). */
        final Map<String, TreeMap<Long, Known>> known = Map.of("CRASH", new TreeMap<>(), "LAST", new TreeMap<>());
        /** By stream: the last sequence when the round started; every acknowledgement must be above it. */
        final Map<String, Long> lastAtStart = new HashMap<>(Map.of("CRASH", 0L, "LAST", 0L));
        final Map<String, Long> maxAcked = new HashMap<>(Map.of("CRASH", 0L, "LAST", 0L));
        final AtomicLong acked = new AtomicLong();
        final AtomicLong asyncAcked = new AtomicLong();
        final AtomicLong verified = new AtomicLong();
        final AtomicLong survivors = new AtomicLong();
        final AtomicLong tornCuts = new AtomicLong();
        final AtomicLong dedupeChecks = new AtomicLong();

        Campaign(long seed, Path dir) {
            this.seed = seed;
            this.rnd = new Random(seed);
            this.dir = dir;
            this.store = dir.resolve("store");
        }

        void createStreams() throws Exception {
            Connection nc = server.connect();
            JetStreamManagement jsm = StoreServer.management(nc);
            jsm.addStream(StreamConfiguration.builder().name("CRASH").subjects("crash.>").storageType(StorageType.File)
                    .maxMessages(MAX_MSGS).build());
            // the limit per subject deletes as it stores: deletes never synced meet the crash
            jsm.addStream(StreamConfiguration.builder().name("LAST").subjects("last.*").storageType(StorageType.File)
                    .maxMessagesPerSubject(1).build());
            nc.close();
        }

        void round(int round) throws Exception {
            RoundRun run = new RoundRun();
            for (int c = 0; c < PUBLISHERS; c++) {
                JetStream js = server.connect().jetStream(JetStreamOptions.builder().requestTimeout(StoreServer.API_TIMEOUT).build());
                String prefix = round + "-" + c + "-";
                run.threads.add(new Thread(() -> publish(js, run, round, prefix), "publisher-" + prefix));
            }
            run.threads.forEach(Thread::start);
            long delay = 100 + rnd.nextInt(1400);
            Thread.sleep(delay); // the random moment of the crash
            run.killing.set(true);
            server.kill();
            run.stop.set(true);
            for (Thread t : run.threads) {
                t.join(30_000);
                assertFalse(t.isAlive(), t.getName() + " did not stop");
            }
            // kill() returned once every connection was closed, so every PubAck received has been
            // handled; jnats leaves the other publishes pending forever (they are unacknowledged)
            assertTrue(run.problems.isEmpty(), "round " + round + ": " + run.problems);
            long roundAcks = run.acks.values().stream().mapToLong(Map::size).sum();
            acked.addAndGet(roundAcks);
            run.acks.forEach((stream, acks) -> acks.forEach((seq, id) -> {
                known.get(stream).put(seq, new Known(id, true));
                maxAcked.merge(stream, seq, Math::max);
            }));
            server = StoreServer.start(dir, store);
            verify(round, run.sent);
            checkDuplicates(round, run);
            continuePublishing(round);
            System.out.printf("crash round %d: killed after %d ms, %d sent, %d acknowledged%n", round, delay, run.sent.size(),
                    roundAcks);
        }

        private void publish(JetStream js, RoundRun run, int round, String prefix) {
            Random choose = new Random(seed ^ (round * 1_000_003L) ^ prefix.hashCode());
            Semaphore window = new Semaphore(WINDOW);
            try {
                for (long n = 0; !run.stop.get(); n++) {
                    if (!window.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                        continue;
                    }
                    String id = (choose.nextInt(5) == 0 ? "L" : "C") + prefix + n;
                    Expected e = Expected.of(seed, id);
                    run.sent.add(id);
                    CompletableFuture<PublishAck> f;
                    try {
                        f = js.publishAsync(e.subject(), e.jnatsHeaders(), e.payload(), PublishOptions.builder().messageId(id).build());
                    } catch (Exception closed) {
                        if (!run.killing.get()) {
                            run.problems.add(prefix + n + " could not be published before the kill: " + closed);
                        }
                        return; // the server is gone
                    }
                    f.whenComplete((ack, error) -> {
                        window.release();
                        if (error == null) {
                            acknowledged(run, e, id, ack);
                        } else if (error instanceof JetStreamApiException api) {
                            run.problems.add(id + " refused: " + api.getMessage());
                        }
                    });
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Runs on jnats' threads while the round goes on: checks and records one PubAck. */
        private void acknowledged(RoundRun run, Expected e, String id, PublishAck ack) {
            long seq = ack.getSeqno();
            if (!e.stream().equals(ack.getStream()) || ack.isDuplicate()) {
                run.problems.add(id + ": unexpected ack " + ack);
                return;
            }
            if (seq <= lastAtStart.get(e.stream())) {
                run.problems.add(id + ": acknowledged at " + seq + ", a sequence used before this round (last then "
                        + lastAtStart.get(e.stream()) + ")");
            }
            String before = run.acks.get(e.stream()).putIfAbsent(seq, id);
            if (before != null) {
                run.problems.add(e.stream() + " sequence " + seq + " acknowledged for both " + before + " and " + id);
            }
            asyncAcked.incrementAndGet();
        }

        /**
         * Everything known must be there; anything else in the streams must be something this round sent
         * (stored, its acknowledgement lost with the server); the log must not report lost data.
         */
        void verify(int round, Set<String> sentThisRound) throws Exception {
            List<String> errors = server.errors();
            assertTrue(errors.isEmpty(), "round " + round + ": the restarted server logged errors: " + errors);
            assertFalse(server.output().contains("lost"), "round " + round + ": the log reports lost data:\n" + server.output());
            tornCuts.addAndGet(server.output().lines().filter(l -> l.contains("incomplete record")).count());
            Connection nc = server.connect();
            JetStreamManagement jsm = StoreServer.management(nc);
            verifyCrash(round, jsm, sentThisRound);
            verifyLast(round, jsm, sentThisRound);
        }

        private void verifyCrash(int round, JetStreamManagement jsm, Set<String> sentThisRound) throws Exception {
            TreeMap<Long, Known> k = known.get("CRASH");
            StreamState st = jsm.getStreamInfo("CRASH").getStreamState();
            String where = "round " + round + ", CRASH " + st;
            assertNull(st.getLostStreamData(), where);
            long first = st.getFirstSequence();
            long last = st.getLastSequence();
            assertTrue(last >= maxAcked.get("CRASH"), where + ": last sequence below the highest acknowledged, "
                    + maxAcked.get("CRASH"));
            // nothing removes messages from this stream but max_msgs, from the front
            assertEquals(Math.max(1, last - MAX_MSGS + 1), first, where + ": first sequence");
            assertEquals(last - first + 1, st.getMsgCount(), where + ": message count");
            k.headMap(first).clear();
            assertTrue(k.isEmpty() || k.lastKey() <= last, where + ": known message " + (k.isEmpty() ? 0 : k.lastKey())
                    + " past the end");
            Map<String, Long> seqOfId = new HashMap<>();
            k.forEach((seq, m) -> seqOfId.put(m.id(), seq));
            Map<Long, MessageInfo> read = StoreServer.read(jsm, "CRASH", LongStream.rangeClosed(first, last).boxed().toList());
            for (long seq = first; seq <= last; seq++) {
                MessageInfo m = read.get(seq);
                assertNotNull(m, where + ": message " + seq + " missing");
                String id = m.getHeaders() == null ? null : m.getHeaders().getFirst(Expected.ID);
                assertNotNull(id, where + ": message " + seq + " is not one the test published");
                Known was = k.get(seq);
                if (was != null) {
                    assertEquals(was.id(), id, where + ": sequence " + seq + " holds another message");
                } else {
                    assertTrue(sentThisRound.contains(id), where + ": " + id + " at " + seq + " was not sent in this round");
                    Long other = seqOfId.put(id, seq);
                    assertNull(other, where + ": " + id + " stored at both " + other + " and " + seq);
                    k.put(seq, new Known(id, false));
                    survivors.incrementAndGet();
                }
                Expected.of(seed, id).check(m, id);
                verified.incrementAndGet();
            }
            lastAtStart.put("CRASH", last);
        }

        /** max_msgs_per_subject 1: each subject's last message, at or after the last one known for it. */
        private void verifyLast(int round, JetStreamManagement jsm, Set<String> sentThisRound) throws Exception {
            TreeMap<Long, Known> k = known.get("LAST");
            StreamState st = jsm.getStreamInfo("LAST").getStreamState();
            String where = "round " + round + ", LAST " + st;
            assertNull(st.getLostStreamData(), where);
            long last = st.getLastSequence();
            assertTrue(last >= maxAcked.get("LAST"), where + ": last sequence below the highest acknowledged, "
                    + maxAcked.get("LAST"));
            Map<String, Long> knownBySubject = new HashMap<>();
            k.forEach((seq, m) -> knownBySubject.merge(Expected.of(seed, m.id()).subject(), seq, Math::max));
            TreeMap<Long, Known> now = new TreeMap<>();
            int found = 0;
            for (int s = 0; s < LAST_SUBJECTS; s++) {
                String subject = "last." + s;
                Long before = knownBySubject.get(subject);
                MessageInfo m;
                try {
                    m = jsm.getLastMessage("LAST", subject);
                } catch (JetStreamApiException e) {
                    assertEquals(10037, e.getApiErrorCode(), where + ": " + e);
                    assertNull(before, where + ": " + subject + " lost its message " + before);
                    continue;
                }
                found++;
                String id = m.getHeaders() == null ? null : m.getHeaders().getFirst(Expected.ID);
                assertNotNull(id, where + ": message " + m.getSeq() + " is not one the test published");
                assertTrue(before == null || m.getSeq() >= before, where + ": " + subject + " went back from " + before
                        + " to " + m.getSeq());
                if (before != null && m.getSeq() == before) {
                    assertEquals(k.get(before).id(), id, where + ": sequence " + before + " holds another message");
                    now.put(before, k.get(before));
                } else {
                    assertTrue(sentThisRound.contains(id), where + ": " + id + " at " + m.getSeq() + " was not sent in this round");
                    now.put(m.getSeq(), new Known(id, false));
                    survivors.incrementAndGet();
                }
                assertTrue(m.getSeq() <= last, where);
                Expected.of(seed, id).check(m, id);
                verified.incrementAndGet();
            }
            assertEquals(found, st.getMsgCount(), where + ": one message per subject");
            k.clear();
            k.putAll(now);
            lastAtStart.put("LAST", last);
        }

        /**
         * Publishing an id again must find what the store kept: an acknowledged message or a survivor is
         * a duplicate of its sequence (nats-server rebuilds its duplicate window from the stored
         * messages); a message that did not survive is stored anew.
         */
        private void checkDuplicates(int round, RoundRun run) throws Exception {
            Connection nc = server.connect();
            JetStream js = nc.jetStream(JetStreamOptions.builder().requestTimeout(StoreServer.API_TIMEOUT).build());
            TreeMap<Long, Known> k = known.get("CRASH");
            Map<String, Long> kept = new HashMap<>();
            k.forEach((seq, m) -> kept.put(m.id(), seq));
            List<String> ackedIds = new ArrayList<>(run.acks.get("CRASH").values());
            ackedIds.removeIf(id -> !kept.containsKey(id)); // dropped by max_msgs since
            List<String> survivorIds = new ArrayList<>();
            k.forEach((seq, m) -> {
                if (!m.acked() && run.sent.contains(m.id())) {
                    survivorIds.add(m.id());
                }
            });
            Set<String> ackedSet = new HashSet<>(run.acks.get("CRASH").values());
            List<String> goneIds = new ArrayList<>();
            for (String id : run.sent) {
                if (id.startsWith("C") && !kept.containsKey(id) && !ackedSet.contains(id)) {
                    goneIds.add(id);
                }
            }
            Collections.sort(ackedIds);
            Collections.sort(survivorIds);
            Collections.sort(goneIds);
            long next = lastAtStart.get("CRASH") + 1;
            for (String id : pick(ackedIds, 3)) {
                PublishAck a = republish(js, id);
                assertTrue(a.isDuplicate(), "round " + round + ": acknowledged " + id + " published again was stored again at "
                        + a.getSeqno() + " (it is at " + kept.get(id) + ")");
                assertEquals((long) kept.get(id), a.getSeqno(), "round " + round + ": duplicate of " + id);
                dedupeChecks.incrementAndGet();
            }
            for (String id : pick(survivorIds, 3)) {
                PublishAck a = republish(js, id);
                assertTrue(a.isDuplicate(), "round " + round + ": stored " + id + " published again was stored again");
                assertEquals((long) kept.get(id), a.getSeqno(), "round " + round + ": duplicate of " + id);
                dedupeChecks.incrementAndGet();
            }
            for (String id : pick(goneIds, 3)) {
                PublishAck a = republish(js, id);
                assertFalse(a.isDuplicate(), "round " + round + ": " + id + " is not in the stream but was called a duplicate");
                assertEquals(next++, a.getSeqno(), "round " + round + ": sequence of " + id);
                k.put(a.getSeqno(), new Known(id, true));
                acked.incrementAndGet();
                dedupeChecks.incrementAndGet();
            }
            lastAtStart.put("CRASH", next - 1);
            nc.close();
        }

        private List<String> pick(List<String> from, int n) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < n && !from.isEmpty(); i++) {
                out.add(from.remove(rnd.nextInt(from.size())));
            }
            return out;
        }

        private PublishAck republish(JetStream js, String id) throws Exception {
            Expected e = Expected.of(seed, id);
            return js.publish(e.subject(), e.jnatsHeaders(), e.payload(), PublishOptions.builder().messageId(id).build());
        }

        /** The next message takes the next sequence: none acknowledged is ever given out again. */
        private void continuePublishing(int round) throws Exception {
            Connection nc = server.connect();
            JetStream js = nc.jetStream(JetStreamOptions.builder().requestTimeout(StoreServer.API_TIMEOUT).build());
            for (String stream : List.of("CRASH", "LAST")) {
                String id = (stream.equals("CRASH") ? "C" : "L") + round + "-after";
                long want = lastAtStart.get(stream) + 1;
                PublishAck a = republish(js, id);
                assertFalse(a.isDuplicate(), id);
                assertEquals(want, a.getSeqno(), "round " + round + ": first sequence on " + stream + " after the restart");
                known.get(stream).put(a.getSeqno(), new Known(id, true));
                lastAtStart.put(stream, a.getSeqno());
                maxAcked.merge(stream, a.getSeqno(), Math::max);
                acked.incrementAndGet();
            }
            nc.close();
        }
    }
}
