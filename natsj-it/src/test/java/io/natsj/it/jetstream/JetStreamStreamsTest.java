package io.natsj.it.jetstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.PurgeOptions;
import io.nats.client.api.PurgeResponse;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.natsj.it.support.ServerProcess;
import io.natsj.it.support.ServerProcess.Binary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streams with jnats as an application uses them: created, published to (with nats-server's publish
 * checks), inspected, kept across a restart (file storage, synced before each acknowledgement), and
 * deleted. The same steps run against nats-server too, so the expectations are its behaviour.
 */
class JetStreamStreamsTest {
    private static final Pattern CLIENT_PORT = Pattern.compile("Listening for client connections on 127\\.0\\.0\\.1:(\\d+)");

    @Test
    void streamLifeOnNatsj(@TempDir Path dir) throws Exception {
        life(Binary.NATSJ, dir);
    }

    @Test
    void streamLifeOnNatsServer(@TempDir Path dir) throws Exception {
        life(Binary.GO, dir);
    }

    private static ServerProcess start(Binary binary, Path dir) {
        ServerProcess p = ServerProcess.start(binary, dir, "-a", "127.0.0.1", "-p", "-1", "-js", "-sd", dir.resolve("store").toString());
        p.awaitReady();
        return p;
    }

    private static Connection connect(ServerProcess p) throws Exception {
        Matcher m = CLIENT_PORT.matcher(p.output());
        assertTrue(m.find(), p.output());
        return Nats.connect(new Options.Builder().server("nats://127.0.0.1:" + m.group(1)).maxReconnects(0)
                .connectionTimeout(Duration.ofSeconds(5)).build());
    }

    private static void life(Binary binary, Path dir) throws Exception {
        try (ServerProcess p = start(binary, dir); Connection nc = connect(p)) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            StreamInfo created = jsm.addStream(StreamConfiguration.builder().name("ORDERS").subjects("orders.*")
                    .storageType(StorageType.File).build());
            assertEquals("ORDERS", created.getConfiguration().getName());
            assertEquals(Duration.ofMinutes(2), created.getConfiguration().getDuplicateWindow());
            JetStream js = nc.jetStream();
            for (int i = 1; i <= 10; i++) {
                PublishAck ack = js.publish("orders.new", ("order " + i).getBytes(StandardCharsets.UTF_8));
                assertEquals("ORDERS", ack.getStream());
                assertEquals(i, ack.getSeqno());
                assertFalse(ack.isDuplicate());
            }
            PublishAck first = js.publish("orders.paid", "x".getBytes(StandardCharsets.UTF_8),
                    PublishOptions.builder().messageId("pay-1").build());
            PublishAck again = js.publish("orders.paid", "x".getBytes(StandardCharsets.UTF_8),
                    PublishOptions.builder().messageId("pay-1").build());
            assertEquals(11, first.getSeqno());
            assertTrue(again.isDuplicate());
            assertEquals(11, again.getSeqno());
            JetStreamApiException wrong = assertThrows(JetStreamApiException.class, () -> js.publish("orders.new",
                    "y".getBytes(StandardCharsets.UTF_8), PublishOptions.builder().expectedLastSequence(3).build()));
            assertEquals(10071, wrong.getApiErrorCode());
            assertEquals(12, js.publish("orders.new", "z".getBytes(StandardCharsets.UTF_8),
                    PublishOptions.builder().expectedLastSequence(11).expectedStream("ORDERS").build()).getSeqno());
            StreamInfo info = jsm.getStreamInfo("ORDERS");
            assertEquals(12, info.getStreamState().getMsgCount());
            assertEquals(1, info.getStreamState().getFirstSequence());
            assertEquals(12, info.getStreamState().getLastSequence());
            JetStreamApiException overlap = assertThrows(JetStreamApiException.class, () -> jsm.addStream(
                    StreamConfiguration.builder().name("MORE").subjects("orders.>").build()));
            assertEquals(10065, overlap.getApiErrorCode());
        }
        // A restart keeps the stream and every acknowledged message.
        try (ServerProcess p = start(binary, dir); Connection nc = connect(p)) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            StreamInfo info = jsm.getStreamInfo("ORDERS");
            assertEquals(12, info.getStreamState().getMsgCount());
            assertEquals(13, nc.jetStream().publish("orders.new", "after".getBytes(StandardCharsets.UTF_8)).getSeqno());
            assertTrue(jsm.getStreamNames().contains("ORDERS"));
            // Reading, deleting and purging messages.
            MessageInfo byLast = jsm.getLastMessage("ORDERS", "orders.paid");
            assertEquals(11, byLast.getSeq());
            assertEquals("x", new String(byLast.getData(), StandardCharsets.UTF_8));
            MessageInfo bySeq = jsm.getMessage("ORDERS", 2);
            assertEquals("orders.new", bySeq.getSubject());
            assertEquals("order 2", new String(bySeq.getData(), StandardCharsets.UTF_8));
            assertTrue(jsm.deleteMessage("ORDERS", 2));
            assertTrue(jsm.deleteMessage("ORDERS", 3, false));
            assertEquals(10037, assertThrows(JetStreamApiException.class, () -> jsm.getMessage("ORDERS", 2)).getApiErrorCode());
            assertEquals(10043, assertThrows(JetStreamApiException.class, () -> jsm.deleteMessage("ORDERS", 2)).getApiErrorCode());
            assertEquals(11, jsm.getStreamInfo("ORDERS").getStreamState().getMsgCount());
            PurgeResponse paid = jsm.purgeStream("ORDERS", PurgeOptions.subject("orders.paid"));
            assertEquals(1, paid.getPurged());
            PurgeResponse keep = jsm.purgeStream("ORDERS", PurgeOptions.builder().keep(2).build());
            assertEquals(8, keep.getPurged());
            StreamInfo kept = jsm.getStreamInfo("ORDERS");
            assertEquals(2, kept.getStreamState().getMsgCount());
            assertEquals(13, kept.getStreamState().getLastSequence());
            assertTrue(jsm.deleteStream("ORDERS"));
            JetStreamApiException gone = assertThrows(JetStreamApiException.class, () -> jsm.getStreamInfo("ORDERS"));
            assertEquals(10059, gone.getApiErrorCode());
            assertTrue(jsm.getStreamNames().isEmpty());
        }
    }
}
