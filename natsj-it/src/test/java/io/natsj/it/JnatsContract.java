package io.natsj.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamStatusException;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the real Java client (jnats) relies on, run against one server. Subclasses provide the
 * server: {@link JnatsOnNatsjTest} (natsj, through the JUnit extension) and {@link JnatsOnGoTest}
 * (the Go nats-server, which proves the tests themselves right).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JnatsContract {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final List<Connection> connections = new ArrayList<>();

    /** nats://host:port of the server under test. */
    protected abstract String url();

    protected Connection connect() throws Exception {
        return connect(new Options.Builder());
    }

    protected Connection connect(Options.Builder options) throws Exception {
        Connection nc = Nats.connect(options.server(url()).connectionTimeout(Duration.ofSeconds(5)).maxReconnects(0).build());
        connections.add(nc);
        return nc;
    }

    @AfterEach
    void closeConnections() throws InterruptedException {
        for (Connection nc : connections) {
            nc.close();
        }
        connections.clear();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Message m) {
        return new String(m.getData(), StandardCharsets.UTF_8);
    }

    /** The subjects of every message now pending on {@code sub} (after a flush they have all arrived). */
    private static List<String> drainSubjects(Subscription sub) throws InterruptedException {
        List<String> subjects = new ArrayList<>();
        long n = sub.getPendingMessageCount();
        for (long i = 0; i < n; i++) {
            subjects.add(sub.nextMessage(Duration.ofSeconds(1)).getSubject());
        }
        return subjects;
    }

    @Test
    void publishSubscribeAcrossConnections() throws Exception {
        Connection subConn = connect();
        Connection pubConn = connect();
        Subscription sub = subConn.subscribe("greet.world");
        subConn.flush(WAIT);

        pubConn.publish("greet.world", "reply.here", bytes("hello"));
        Message m = sub.nextMessage(WAIT);

        assertNotNull(m, "message not delivered");
        assertEquals("greet.world", m.getSubject());
        assertEquals("reply.here", m.getReplyTo());
        assertEquals("hello", text(m));
        assertFalse(m.hasHeaders(), "a plain publish arrives without headers");
    }

    @Test
    void flushMeansEverythingBeforeItWasDelivered() throws Exception {
        Connection subConn = connect();
        Connection pubConn = connect();
        Subscription sub = subConn.subscribe("flush.test");
        subConn.flush(WAIT);

        for (int i = 0; i < 500; i++) {
            pubConn.publish("flush.test", bytes(Integer.toString(i)));
        }
        pubConn.flush(WAIT); // the server has processed all 500 publishes
        subConn.flush(WAIT); // and every MSG it queued for us precedes this PONG

        assertEquals(500, sub.getPendingMessageCount(), "messages delivered before the subscriber's flush returned");
        for (int i = 0; i < 500; i++) {
            assertEquals(Integer.toString(i), text(sub.nextMessage(WAIT)), "messages from one publisher arrive in order");
        }
    }

    @Test
    void wildcards() throws Exception {
        Connection nc = connect();
        Subscription star = nc.subscribe("w.*");
        Subscription gt = nc.subscribe("w.>");
        Subscription literal = nc.subscribe("w.a.b");
        Subscription middle = nc.subscribe("w.*.c");
        for (String s : List.of("w", "w.a", "w.a.b", "w.a.b.c", "w.x.c", "v.a")) {
            nc.publish(s, bytes(s));
        }
        nc.flush(WAIT);

        assertEquals(List.of("w.a"), drainSubjects(star), "w.* matches exactly one more token");
        assertEquals(List.of("w.a", "w.a.b", "w.a.b.c", "w.x.c"), drainSubjects(gt), "w.> matches one or more tokens");
        assertEquals(List.of("w.a.b"), drainSubjects(literal));
        assertEquals(List.of("w.x.c"), drainSubjects(middle));
    }

    @Test
    void queueGroupDeliversEachMessageToExactlyOneMember() throws Exception {
        int members = 3;
        int messages = 600;
        Map<Integer, Set<String>> received = new ConcurrentHashMap<>();
        AtomicInteger total = new AtomicInteger();
        List<Connection> memberConns = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            int member = i;
            received.put(member, ConcurrentHashMap.newKeySet());
            Connection nc = connect();
            Dispatcher d = nc.createDispatcher(m -> {
                received.get(member).add(text(m));
                total.incrementAndGet();
            });
            d.subscribe("work", "workers");
            nc.flush(WAIT);
            memberConns.add(nc);
        }
        Connection plainConn = connect();
        Subscription plain = plainConn.subscribe("work");
        plainConn.flush(WAIT);

        Connection pub = connect();
        for (int i = 0; i < messages; i++) {
            pub.publish("work", bytes("job-" + i));
        }
        pub.flush(WAIT);
        await().atMost(WAIT).until(() -> total.get() >= messages);
        for (Connection nc : memberConns) {
            nc.flush(WAIT); // anything still on its way (a duplicate) would arrive before this returns
        }
        plainConn.flush(WAIT);

        Set<String> union = new HashSet<>();
        received.values().forEach(union::addAll);
        assertEquals(messages, total.get(), "each message to exactly one member (no duplicates, none lost)");
        assertEquals(messages, union.size(), "every message delivered to some member");
        for (int i = 0; i < members; i++) {
            assertFalse(received.get(i).isEmpty(), "member " + i + " got none of " + messages + " messages: " + sizes(received));
        }
        assertEquals(messages, plain.getPendingMessageCount(), "a plain subscriber on the same subject gets every message");
    }

    private static String sizes(Map<Integer, Set<String>> received) {
        StringBuilder sb = new StringBuilder();
        received.forEach((k, v) -> sb.append("member ").append(k).append(": ").append(v.size()).append("; "));
        return sb.toString();
    }

    @Test
    void requestReply() throws Exception {
        Connection service = connect();
        Dispatcher d = service.createDispatcher(m -> service.publish(m.getReplyTo(), bytes("echo:" + text(m))));
        d.subscribe("svc.echo");
        service.flush(WAIT);

        Connection client = connect();
        Message reply = client.request("svc.echo", bytes("one"), WAIT);
        assertNotNull(reply, "no reply");
        assertEquals("echo:one", text(reply));

        List<CompletableFuture<Message>> futures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            futures.add(client.request("svc.echo", bytes("r" + i)));
        }
        for (int i = 0; i < 200; i++) {
            assertEquals("echo:r" + i, text(futures.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS)), "reply " + i + " matched to its request");
        }
    }

    @Test
    void headersRoundTrip() throws Exception {
        Connection nc = connect();
        Subscription sub = nc.subscribe("hdr.test");
        nc.flush(WAIT);
        Headers h = new Headers();
        h.add("X-Single", "one");
        h.add("X-Multi", "a", "b");
        h.add("X-Spaces", "value with spaces");
        nc.publish(NatsMessage.builder().subject("hdr.test").replyTo("r.1").headers(h).data(bytes("body")).build());

        Message m = sub.nextMessage(WAIT);
        assertNotNull(m, "message with headers not delivered");
        assertTrue(m.hasHeaders(), "headers lost");
        assertEquals(List.of("one"), m.getHeaders().get("X-Single"));
        assertEquals(List.of("a", "b"), m.getHeaders().get("X-Multi"));
        assertEquals(List.of("value with spaces"), m.getHeaders().get("X-Spaces"));
        assertEquals("r.1", m.getReplyTo());
        assertEquals("body", text(m));
    }

    @Test
    void headersWithEmptyPayload() throws Exception {
        Connection nc = connect();
        Subscription sub = nc.subscribe("hdr.empty");
        nc.flush(WAIT);
        Headers h = new Headers().add("K", "v");
        nc.publish("hdr.empty", h, new byte[0]);
        Message m = sub.nextMessage(WAIT);
        assertNotNull(m);
        assertEquals(List.of("v"), m.getHeaders().get("K"));
        assertEquals(0, m.getData().length);
    }

    @Test
    void requestWithoutRespondersFailsFast() throws Exception {
        Connection nc = connect(new Options.Builder().reportNoResponders());
        long start = System.nanoTime();
        CompletableFuture<Message> f = nc.request("nobody.listens", bytes("anyone?"));
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        JetStreamStatusException status = assertInstanceOf(JetStreamStatusException.class, e.getCause(), "no-responders status expected");
        assertEquals(503, status.getStatus().getCode());
        assertTrue(millis < 5000, "no-responders should answer at once, took " + millis + " ms");
    }

    @Test
    void requestWithoutRespondersIsCancelledByDefault() throws Exception {
        Connection nc = connect();
        long start = System.nanoTime();
        Message reply = nc.request("nobody.listens.either", bytes("?"), Duration.ofSeconds(10));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // jnats cancels the request on a 503: the blocking request returns null at once, not after 10 s
        assertNull(reply);
        assertTrue(millis < 5000, "no-responders should end the request at once, took " + millis + " ms");
    }

    // jnats also enforces the max on its side, so these two show the client works with the server;
    // that the server itself stops after max is shown by the raw differential cases (UNSUB max).
    @Test
    void autoUnsubscribe() throws Exception {
        Connection nc = connect();
        Subscription sub = nc.subscribe("auto.unsub");
        sub.unsubscribe(5);
        for (int i = 0; i < 10; i++) {
            nc.publish("auto.unsub", bytes("m" + i));
        }
        nc.flush(WAIT);

        assertEquals(5, sub.getPendingMessageCount() + sub.getDeliveredCount(), "exactly five messages after UNSUB with max 5");
        for (int i = 0; i < 5; i++) {
            assertEquals("m" + i, text(sub.nextMessage(WAIT)));
        }
        assertFalse(sub.isActive(), "subscription ended after its fifth message");
    }

    @Test
    void autoUnsubscribeOnDispatcher() throws Exception {
        Connection nc = connect();
        AtomicInteger got = new AtomicInteger();
        Dispatcher d = nc.createDispatcher(m -> got.incrementAndGet());
        d.subscribe("auto.disp");
        d.unsubscribe("auto.disp", 3);
        Connection pub = connect();
        for (int i = 0; i < 10; i++) {
            pub.publish("auto.disp", bytes("m" + i));
        }
        pub.flush(WAIT);
        nc.flush(WAIT);
        await().atMost(WAIT).until(() -> got.get() >= 3);
        nc.flush(WAIT);
        assertEquals(3, got.get());
    }

    @Test
    void drainDeliversEverythingAlreadyPublished() throws Exception {
        Connection subConn = connect();
        AtomicInteger got = new AtomicInteger();
        Dispatcher d = subConn.createDispatcher(m -> got.incrementAndGet());
        d.subscribe("drain.test");
        subConn.flush(WAIT);

        Connection pub = connect();
        int n = 2000;
        for (int i = 0; i < n; i++) {
            pub.publish("drain.test", bytes("m" + i));
        }
        pub.flush(WAIT);

        CompletableFuture<Boolean> drained = subConn.drain(WAIT);
        assertTrue(drained.get(WAIT.toSeconds() + 5, TimeUnit.SECONDS), "drain completed");
        assertEquals(n, got.get(), "every message published before the drain was handled");
        assertEquals(Connection.Status.CLOSED, subConn.getStatus());
    }

    @Test
    void payloadOfExactlyMaxPayload() throws Exception {
        Connection nc = connect();
        long max = nc.getServerInfo().getMaxPayload();
        assertEquals(1024 * 1024, max, "default max_payload is 1 MiB");
        Subscription sub = nc.subscribe("big");
        nc.flush(WAIT);
        byte[] payload = new byte[(int) max];
        new Random(42).nextBytes(payload);

        nc.publish("big", payload);
        Message m = sub.nextMessage(WAIT);
        assertNotNull(m, "1 MiB message not delivered");
        assertArrayEquals(payload, m.getData());
    }

    @Test
    void largeRequestAndReply() throws Exception {
        Connection service = connect();
        Dispatcher d = service.createDispatcher(m -> service.publish(m.getReplyTo(), m.getData()));
        d.subscribe("big.echo");
        service.flush(WAIT);
        byte[] payload = new byte[1024 * 1024 - 1024];
        new Random(7).nextBytes(payload);

        Message reply = connect().request("big.echo", payload, WAIT);
        assertNotNull(reply);
        assertArrayEquals(payload, reply.getData());
    }

    @Test
    void tenThousandSubscriptions() throws Exception {
        int n = 10_000;
        Connection nc = connect();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        Dispatcher d = nc.createDispatcher(m -> seen.add(m.getSubject()));
        for (int i = 0; i < n; i++) {
            d.subscribe("many." + i);
        }
        nc.flush(WAIT);

        Connection pub = connect();
        for (int i = 0; i < n; i++) {
            pub.publish("many." + i, bytes("x"));
        }
        pub.publish("many.not.subscribed", bytes("x"));
        pub.flush(WAIT);
        await().atMost(WAIT).until(() -> seen.size() >= n);
        nc.flush(WAIT);
        assertEquals(n, seen.size(), "each of the subscriptions got its message");
        assertFalse(seen.contains("many.not.subscribed"));
    }

    @Test
    void concurrentPublishersKeepTheirOrderForEverySubscriber() throws Exception {
        int publishers = 4;
        int perPublisher = 5000;
        int subscribers = 3;
        List<Map<Integer, List<Integer>>> seen = new ArrayList<>();
        List<AtomicInteger> counts = new ArrayList<>();
        List<Connection> subConns = new ArrayList<>();
        for (int s = 0; s < subscribers; s++) {
            Map<Integer, List<Integer>> bySender = new ConcurrentHashMap<>();
            AtomicInteger count = new AtomicInteger();
            Connection nc = connect();
            Dispatcher d = nc.createDispatcher(m -> {
                String[] parts = text(m).split(":");
                bySender.computeIfAbsent(Integer.parseInt(parts[0]), k -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
                count.incrementAndGet();
            });
            d.subscribe("fanin.>");
            nc.flush(WAIT);
            seen.add(bySender);
            counts.add(count);
            subConns.add(nc);
        }
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int p = 0; p < publishers; p++) {
            int publisher = p;
            Connection pub = connect(new Options.Builder().maxMessagesInOutgoingQueue(2 * perPublisher));
            Thread t = new Thread(() -> {
                try {
                    for (int i = 0; i < perPublisher; i++) {
                        pub.publish("fanin." + publisher, bytes(publisher + ":" + i));
                    }
                    pub.flush(WAIT);
                } catch (Exception e) {
                    failures.add(e);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(WAIT.toMillis() * 3);
        }
        assertTrue(failures.isEmpty(), "publishing failed: " + failures);
        int total = publishers * perPublisher;
        await().atMost(WAIT.multipliedBy(3)).until(() -> counts.stream().allMatch(c -> c.get() >= total));
        for (Connection nc : subConns) {
            nc.flush(WAIT);
        }
        for (int s = 0; s < subscribers; s++) {
            assertEquals(total, counts.get(s).get(), "subscriber " + s + " got every message once");
            for (int p = 0; p < publishers; p++) {
                List<Integer> got = seen.get(s).get(p);
                assertEquals(perPublisher, got.size(), "subscriber " + s + ", publisher " + p);
                for (int i = 0; i < perPublisher; i++) {
                    if (got.get(i) != i) {
                        throw new AssertionError("subscriber " + s + " got publisher " + p + "'s messages out of order at index " + i
                                + ": " + got.subList(Math.max(0, i - 3), Math.min(got.size(), i + 4)));
                    }
                }
            }
        }
    }
}
