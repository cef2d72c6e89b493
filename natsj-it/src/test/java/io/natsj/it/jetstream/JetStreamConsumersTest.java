package io.natsj.it.jetstream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.ObjectStore;
import io.nats.client.Options;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.ObjectStoreConfiguration;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.natsj.it.support.ServerProcess;
import io.natsj.it.support.ServerProcess.Binary;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consumers as applications use them through jnats: pull fetch with acks, push subscriptions,
 * redelivery after a nak and after ack_wait, acknowledged acks kept across a restart, work-queue and
 * interest retention, key-value buckets and object stores. Each scenario runs against nats-server
 * 2.9.10 too, so the expectations are its behaviour.
 */
class JetStreamConsumersTest {
    private static final Pattern CLIENT_PORT = Pattern.compile("Listening for client connections on 127\\.0\\.0\\.1:(\\d+)");

    private static ServerProcess start(Binary binary, Path dir) {
        ServerProcess p = ServerProcess.start(binary, dir, "-a", "127.0.0.1", "-p", "-1", "-js", "-sd", dir.resolve("store").toString());
        p.awaitReady();
        return p;
    }

    private static Connection connect(ServerProcess p) throws Exception {
        Matcher m = CLIENT_PORT.matcher(p.output());
        String port = null;
        while (m.find()) {
            port = m.group(1);
        }
        assertNotNull(port, p.output());
        return Nats.connect(new Options.Builder().server("nats://127.0.0.1:" + port).maxReconnects(0)
                .connectionTimeout(Duration.ofSeconds(5)).build());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(Binary.class)
    void pullFetchAckAndRedelivery(Binary binary, @TempDir Path dir) throws Exception {
        try (ServerProcess p = start(binary, dir); Connection nc = connect(p)) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name("ORDERS").subjects("orders.>").storageType(StorageType.File).build());
            JetStream js = nc.jetStream();
            for (int i = 1; i <= 20; i++) {
                js.publish("orders." + (i % 2 == 0 ? "even" : "odd"), bytes("order " + i));
            }
            io.nats.client.Subscription metrics = nc.subscribe("$JS.EVENT.METRIC.CONSUMER.ACK.ORDERS.worker");
            nc.flush(Duration.ofSeconds(2));
            jsm.addOrUpdateConsumer("ORDERS", ConsumerConfiguration.builder().durable("worker").ackPolicy(AckPolicy.Explicit)
                    .ackWait(Duration.ofSeconds(1)).sampleFrequency("100%").build());
            JetStreamSubscription sub = js.subscribe(null, PullSubscribeOptions.bind("ORDERS", "worker"));
            List<Message> batch = sub.fetch(10, Duration.ofSeconds(3));
            assertEquals(10, batch.size());
            for (int i = 0; i < 10; i++) {
                Message m = batch.get(i);
                assertEquals("order " + (i + 1), new String(m.getData(), StandardCharsets.UTF_8));
                assertEquals(i + 1, m.metaData().streamSequence());
                assertEquals(i + 1, m.metaData().consumerSequence());
                assertEquals(1, m.metaData().deliveredCount());
                assertEquals(20 - (i + 1), m.metaData().pendingCount());
            }
            for (int i = 0; i < 9; i++) {
                batch.get(i).ack();
            }
            for (int i = 0; i < 9; i++) { // sample_freq 100%: every acknowledgement has its metric
                Message metric = metrics.nextMessage(Duration.ofSeconds(3));
                assertNotNull(metric, "ack metric " + (i + 1));
                String body = new String(metric.getData(), StandardCharsets.UTF_8);
                assertTrue(body.contains("\"type\":\"io.nats.jetstream.metric.v1.consumer_ack\"")
                        && body.contains("\"stream_seq\":" + (i + 1) + ","), body);
            }
            batch.get(9).nak(); // comes back at once, delivered twice
            // nats-server takes acks on a goroutine of their own, apart from pull requests: a round trip
            // through the API first, so that the next pull does not overtake the nak there.
            nc.flush(Duration.ofSeconds(2));
            jsm.getConsumerInfo("ORDERS", "worker");
            List<Message> next = sub.fetch(1, Duration.ofSeconds(3));
            assertEquals(1, next.size());
            assertEquals(10, next.get(0).metaData().streamSequence());
            assertEquals(2, next.get(0).metaData().deliveredCount());
            next.get(0).ackSync(Duration.ofSeconds(3));
            ConsumerInfo ci = jsm.getConsumerInfo("ORDERS", "worker");
            if (binary == Binary.NATSJ) {
                // Everything delivered is acknowledged: the floor is the last delivered (stream 10), and the ten
                // never delivered are pending. nats-server 2.9.10 says 11 for both here (it counts the
                // nak'ed message's redelivery as a new one), and goes on as natsj does below.
                assertEquals(10, ci.getAckFloor().getStreamSequence());
                assertEquals(10, ci.getNumPending());
            }
            assertEquals(0, ci.getNumAckPending());

            // Not acknowledged: redelivered once ack_wait has passed, after what was never delivered.
            List<Message> more = sub.fetch(5, Duration.ofSeconds(3));
            assertEquals(List.of(11L, 12L, 13L, 14L, 15L), more.stream().map(m -> m.metaData().streamSequence()).toList());
            List<Message> fresh = sub.fetch(5, Duration.ofSeconds(3));
            assertEquals(List.of(16L, 17L, 18L, 19L, 20L), fresh.stream().map(m -> m.metaData().streamSequence()).toList());
            for (Message m : fresh) {
                m.ackSync(Duration.ofSeconds(3));
            }
            List<Message> again = sub.fetch(5, Duration.ofSeconds(5));
            assertEquals(List.of(11L, 12L, 13L, 14L, 15L), again.stream().map(m -> m.metaData().streamSequence()).toList());
            for (Message m : again) {
                assertEquals(2, m.metaData().deliveredCount());
                m.ackSync(Duration.ofSeconds(3));
            }
            assertTrue(sub.fetch(1, Duration.ofMillis(500)).isEmpty());
            ci = jsm.getConsumerInfo("ORDERS", "worker");
            assertEquals(20, ci.getAckFloor().getStreamSequence());
            assertEquals(0, ci.getNumPending());
            assertEquals(0, ci.getNumAckPending());
            assertEquals(0, ci.getRedelivered());
        }
    }

    @ParameterizedTest
    @EnumSource(Binary.class)
    void pushSubscriptionsFilteredAndOrdered(Binary binary, @TempDir Path dir) throws Exception {
        try (ServerProcess p = start(binary, dir); Connection nc = connect(p)) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name("EVENTS").subjects("ev.*").storageType(StorageType.Memory).build());
            JetStream js = nc.jetStream();
            for (int i = 1; i <= 10; i++) {
                js.publish(i % 2 == 0 ? "ev.a" : "ev.b", bytes("e" + i));
            }
            JetStreamSubscription push = js.subscribe("ev.a", PushSubscribeOptions.builder().durable("pa").build());
            for (int i = 2; i <= 10; i += 2) {
                Message m = push.nextMessage(Duration.ofSeconds(3));
                assertNotNull(m);
                assertEquals("ev.a", m.getSubject());
                assertEquals("e" + i, new String(m.getData(), StandardCharsets.UTF_8));
                m.ack();
            }
            js.publish("ev.a", bytes("e12"));
            Message live = push.nextMessage(Duration.ofSeconds(3));
            assertEquals("e12", new String(live.getData(), StandardCharsets.UTF_8));
            live.ack();

            JetStreamSubscription ordered = js.subscribe("ev.*", PushSubscribeOptions.builder().ordered(true).build());
            for (int i = 1; i <= 10; i++) {
                Message m = ordered.nextMessage(Duration.ofSeconds(3));
                assertNotNull(m, "ordered message " + i);
                assertEquals("e" + i, new String(m.getData(), StandardCharsets.UTF_8));
            }
            assertEquals("e12", new String(ordered.nextMessage(Duration.ofSeconds(3)).getData(), StandardCharsets.UTF_8));
            assertNull(ordered.nextMessage(Duration.ofMillis(300)));
        }
    }

    @ParameterizedTest
    @EnumSource(Binary.class)
    void rateLimitedPushConsumer(Binary binary, @TempDir Path dir) throws Exception {
        try (ServerProcess p = start(binary, dir); Connection nc = connect(p)) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name("SLOW").subjects("slow").maxMsgSize(1100)
                    .storageType(StorageType.Memory).build());
            JetStream js = nc.jetStream();
            byte[] kb = new byte[1000];
            for (int i = 0; i < 21; i++) {
                js.publish("slow", kb);
            }
            // 80,000 bits/s is 10,000 bytes/s, with a burst of the stream's max message size: 20 of the 21
            // messages (each 1,000 bytes plus subject and ack reply) wait for the bucket, about 2.2 s.
            long start = System.nanoTime();
            JetStreamSubscription sub = js.subscribe("slow", PushSubscribeOptions.builder()
                    .configuration(ConsumerConfiguration.builder().rateLimit(80_000).ackPolicy(AckPolicy.None).build()).build());
            for (int i = 0; i < 21; i++) {
                assertNotNull(sub.nextMessage(Duration.ofSeconds(5)), "message " + (i + 1));
            }
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertTrue(millis >= 1800 && millis < 4000, "21 rate-limited messages took " + millis + " ms");
        }
    }

    /**
     * natsj only: nats-server 2.9.10 writes consumer state in the background, and when SIGKILLed (as
     * {@link ServerProcess#close} does) right after acknowledged acks it comes back with them pending
     * again (6 pending here instead of 3) and redelivers them.
     */
    @ParameterizedTest
    @EnumSource(value = Binary.class, names = "NATSJ")
    void acknowledgedAcksSurviveAKill(Binary binary, @TempDir Path dir) throws Exception {
        try (ServerProcess p = start(binary, dir); Connection nc = connect(p)) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name("JOBS").subjects("jobs").storageType(StorageType.File).build());
            JetStream js = nc.jetStream();
            for (int i = 1; i <= 10; i++) {
                js.publish("jobs", bytes("job " + i));
            }
            jsm.addOrUpdateConsumer("JOBS", ConsumerConfiguration.builder().durable("d").ackPolicy(AckPolicy.Explicit).build());
            JetStreamSubscription sub = js.subscribe(null, PullSubscribeOptions.bind("JOBS", "d"));
            List<Message> got = sub.fetch(6, Duration.ofSeconds(3));
            assertEquals(6, got.size());
            for (int i = 0; i < 6; i += 2) {
                got.get(i).ackSync(Duration.ofSeconds(3)); // 1, 3, 5 acknowledged and confirmed
            }
        }
        try (ServerProcess p = start(binary, dir); Connection nc = connect(p)) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> jsm.getConsumerInfo("JOBS", "d") != null);
            ConsumerInfo ci = jsm.getConsumerInfo("JOBS", "d");
            assertEquals(6, ci.getDelivered().getStreamSequence());
            assertEquals(1, ci.getAckFloor().getStreamSequence());
            assertEquals(3, ci.getNumAckPending());
            JetStreamSubscription sub = nc.jetStream().subscribe(null, PullSubscribeOptions.bind("JOBS", "d"));
            List<Long> seen = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            while (seen.size() < 7 && System.nanoTime() < deadline) {
                for (Message m : sub.fetch(10, Duration.ofSeconds(2))) {
                    seen.add(m.metaData().streamSequence());
                    m.ackSync(Duration.ofSeconds(3));
                }
            }
            seen.sort(null);
            assertEquals(List.of(2L, 4L, 6L, 7L, 8L, 9L, 10L), seen);
        }
    }

    @ParameterizedTest
    @EnumSource(Binary.class)
    void workQueueAndInterestRetention(Binary binary, @TempDir Path dir) throws Exception {
        try (ServerProcess p = start(binary, dir); Connection nc = connect(p)) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            JetStream js = nc.jetStream();
            jsm.addStream(StreamConfiguration.builder().name("WQ").subjects("wq.>").retentionPolicy(RetentionPolicy.WorkQueue)
                    .storageType(StorageType.File).build());
            for (int i = 1; i <= 5; i++) {
                js.publish("wq.a", bytes("w" + i));
            }
            jsm.addOrUpdateConsumer("WQ", ConsumerConfiguration.builder().durable("w").ackPolicy(AckPolicy.Explicit).build());
            JetStreamSubscription sub = js.subscribe(null, PullSubscribeOptions.bind("WQ", "w"));
            for (Message m : sub.fetch(3, Duration.ofSeconds(3))) {
                m.ackSync(Duration.ofSeconds(3));
            }
            assertEquals(2, jsm.getStreamInfo("WQ").getStreamState().getMsgCount());

            jsm.addStream(StreamConfiguration.builder().name("INT").subjects("int.>").retentionPolicy(RetentionPolicy.Interest)
                    .storageType(StorageType.Memory).build());
            // Nobody interested yet: acknowledged with a sequence of its own, not stored.
            assertEquals(1, js.publish("int.x", bytes("unheard")).getSeqno());
            assertEquals(0, jsm.getStreamInfo("INT").getStreamState().getMsgCount());
            jsm.addOrUpdateConsumer("INT", ConsumerConfiguration.builder().durable("a").ackPolicy(AckPolicy.Explicit).build());
            jsm.addOrUpdateConsumer("INT", ConsumerConfiguration.builder().durable("b").ackPolicy(AckPolicy.Explicit).build());
            for (int i = 1; i <= 4; i++) {
                js.publish("int.x", bytes("i" + i));
            }
            JetStreamSubscription a = js.subscribe(null, PullSubscribeOptions.bind("INT", "a"));
            JetStreamSubscription b = js.subscribe(null, PullSubscribeOptions.bind("INT", "b"));
            for (Message m : a.fetch(4, Duration.ofSeconds(3))) {
                m.ackSync(Duration.ofSeconds(3));
            }
            assertEquals(4, jsm.getStreamInfo("INT").getStreamState().getMsgCount());
            List<Message> bs = b.fetch(2, Duration.ofSeconds(3));
            for (Message m : bs) {
                m.ackSync(Duration.ofSeconds(3));
            }
            assertEquals(2, jsm.getStreamInfo("INT").getStreamState().getMsgCount());
            jsm.deleteConsumer("INT", "b");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(
                    () -> assertEquals(0, jsm.getStreamInfo("INT").getStreamState().getMsgCount()));
        }
    }

    @ParameterizedTest
    @EnumSource(Binary.class)
    void keyValueBucket(Binary binary, @TempDir Path dir) throws Exception {
        try (ServerProcess p = start(binary, dir); Connection nc = connect(p)) {
            KeyValueManagement kvm = nc.keyValueManagement();
            kvm.create(KeyValueConfiguration.builder().name("CFG").maxHistoryPerKey(5).storageType(StorageType.File).build());
            KeyValue kv = nc.keyValue("CFG");
            long r1 = kv.put("color", "red");
            long r2 = kv.update("color", bytes("blue"), r1);
            assertEquals(r1 + 1, r2);
            assertEquals("blue", kv.get("color").getValueAsString());
            assertEquals(r1, kv.get("color", r1).getRevision());
            List<KeyValueEntry> watched = new java.util.concurrent.CopyOnWriteArrayList<>();
            var watch = kv.watchAll(new io.nats.client.api.KeyValueWatcher() {
                @Override
                public void watch(KeyValueEntry e) {
                    watched.add(e);
                }

                @Override
                public void endOfData() {
                }
            });
            kv.put("size", "L");
            kv.delete("color");
            await().atMost(Duration.ofSeconds(5)).until(() -> watched.size() >= 3);
            assertEquals(KeyValueOperation.DELETE, watched.get(watched.size() - 1).getOperation());
            watch.unsubscribe();
            assertNull(kv.get("color"));
            assertEquals(List.of("size"), kv.keys());
            assertEquals(3, kv.history("color").size());
            kv.purge("size");
            assertTrue(kv.keys().isEmpty());
        }
    }

    @ParameterizedTest
    @EnumSource(Binary.class)
    void objectStore(Binary binary, @TempDir Path dir) throws Exception {
        try (ServerProcess p = start(binary, dir); Connection nc = connect(p)) {
            nc.objectStoreManagement().create(ObjectStoreConfiguration.builder("FILES").storageType(StorageType.File).build());
            ObjectStore os = nc.objectStore("FILES");
            byte[] data = new byte[300_000];
            new Random(7).nextBytes(data);
            os.put("blob.bin", new ByteArrayInputStream(data));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            os.get("blob.bin", out);
            assertTrue(java.util.Arrays.equals(data, out.toByteArray()));
            assertEquals(1, os.getList().size());
            os.delete("blob.bin");
            assertTrue(os.getList().stream().allMatch(i -> i.isDeleted()));
        }
    }
}
