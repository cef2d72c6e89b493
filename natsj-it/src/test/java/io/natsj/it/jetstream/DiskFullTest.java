package io.natsj.it.jetstream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.api.StreamState;
import io.natsj.it.support.ServerProcess;
import io.natsj.it.support.ServerProcess.Binary;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JetStream file storage on a disk that fills up or turns read-only, on a real file system: a small
 * tmpfs mounted for the test (root only; the test is skipped elsewhere, and fails under CI=true).
 *
 * <p>What must hold: a publisher whose message was not written gets an error acknowledgement naming
 * the cause (nats-server's "stream store failed" with the system's text), never a success; the server
 * stays up (core pub/sub and memory streams go on); every acknowledged message stays readable and
 * intact, across a restart too, with no damaged record left behind for recovery to report as lost;
 * and once there is room again (a purge, or the disk freed) or the directory is writable again,
 * publishing works again without a restart.
 *
 * <p>Linux refuses to remount a file system read-only while a process has a file open for writing
 * there (EBUSY), so the read-only case restarts natsj on a stream directory made read-only by a
 * read-only bind mount over it, and makes it writable again while natsj runs.
 */
class DiskFullTest {
    private static final Pattern CLIENT_PORT = Pattern.compile("Listening for client connections on 127\\.0\\.0\\.1:(\\d+)");
    private static final int PAYLOAD = 1000;
    private static final long TMPFS_BYTES = 4L * 1024 * 1024;
    /** Left free by the ballast file: the stream fills it. */
    private static final long ROOM = 192 * 1024;

    @TempDir
    Path dir;
    private Path store;
    private final List<Path> mounts = new ArrayList<>();
    private final List<ServerProcess> servers = new ArrayList<>();

    @BeforeEach
    void mountTmpfs() throws Exception {
        store = dir.resolve("store");
        Files.createDirectories(store);
        Result r = sh("mount", "-t", "tmpfs", "-o", "size=" + TMPFS_BYTES, "tmpfs", store.toString());
        if (r.code != 0) {
            String why = "cannot mount a tmpfs (needs root): " + r.output.strip();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("DiskFullTest must run under CI: " + why);
            }
            Assumptions.abort(why);
        }
        mounts.add(store);
    }

    @AfterEach
    void unmount() {
        for (ServerProcess p : servers) {
            p.close();
            System.out.println("---- natsj output:\n" + p.output()); // in the surefire report, for a failure
        }
        for (int i = mounts.size() - 1; i >= 0; i--) {
            Path m = mounts.get(i);
            if (sh("umount", m.toString()).code != 0) {
                sh("umount", "-l", m.toString()); // lazily, whatever still holds it
            }
        }
    }

    @Test
    void aFullDiskFailsPublishesClearlyAndLosesNothing() throws Exception {
        TreeMap<Long, Integer> acked = new TreeMap<>();
        Path ballast = store.resolve("ballast");
        ServerProcess p = start();
        try (Connection nc = connect(p)) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            createStreams(jsm);
            JetStream js = nc.jetStream();
            fill(ballast);
            JetStreamApiException full = publishUntilFull(js, acked);
            assertClearStoreError(full, "No space left on device");
            // A burst of unacknowledged publishes on the full disk: each is answered, none with a
            // success for a message that was not stored.
            burst(js, 200, acked, "No space left on device");
            assertServerUp(nc, js);
            assertStored(jsm, acked);
            assertEquals(acked.size(), jsm.getStreamInfo("F").getStreamState().getMsgCount());
            JetStreamApiException noRoom = assertThrows(JetStreamApiException.class, () -> jsm.addStream(
                    StreamConfiguration.builder().name("G").subjects("g.>").storageType(StorageType.File).build()));
            assertTrue(noRoom.getErrorDescription().contains("No space left on device"), noRoom.getErrorDescription());
            String out = p.output();
            assertTrue(count(out, "No space left on device") <= 5, "errors are not logged once per message:\n" + tail(out));

            // Room again: publishing goes on from the next sequence.
            Files.delete(ballast);
            PublishAck again = js.publish("f.x", payload(1_000_000));
            assertEquals(acked.lastKey() + 1, again.getSeqno());
            acked.put(again.getSeqno(), 1_000_000);
            assertStored(jsm, acked);
            // The stream that could not be made then can be now.
            jsm.addStream(StreamConfiguration.builder().name("G").subjects("g.>").storageType(StorageType.File).build());
            assertEquals(1, js.publish("g.x", payload(1)).getSeqno());
        }
        stop(p);

        ServerProcess q = start();
        try (Connection nc = connect(q)) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            StreamState st = jsm.getStreamInfo("F").getStreamState();
            assertNull(st.getLostStreamData(), "damaged records after the restart: " + st);
            assertEquals(acked.size(), st.getMsgCount());
            assertEquals(acked.firstKey(), st.getFirstSequence());
            assertEquals(acked.lastKey(), st.getLastSequence());
            assertStored(jsm, acked);
            assertEquals(acked.lastKey() + 1, nc.jetStream().publish("f.x", payload(7)).getSeqno());
            assertNoDamageReported(q.output());
        }
        stop(q);
    }

    @Test
    void aPurgeMakesRoomOnAFullDisk() throws Exception {
        TreeMap<Long, Integer> acked = new TreeMap<>();
        ServerProcess p = start();
        long last;
        try (Connection nc = connect(p)) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            createStreams(jsm);
            JetStream js = nc.jetStream();
            fill(store.resolve("ballast"));
            assertClearStoreError(publishUntilFull(js, acked), "No space left on device");
            assertServerUp(nc, js);

            // Nothing but the stream's own files can go: the purge must free them while the disk is full.
            assertTrue(jsm.purgeStream("F").isSuccess());
            StreamState purged = jsm.getStreamInfo("F").getStreamState();
            assertEquals(0, purged.getMsgCount());
            assertEquals(acked.lastKey(), purged.getLastSequence());
            acked.clear();
            for (int i = 0; i < 20; i++) {
                PublishAck a = js.publish("f.x", payload(500 + i));
                acked.put(a.getSeqno(), 500 + i);
            }
            assertEquals(purged.getLastSequence() + 1, acked.firstKey());
            assertStored(jsm, acked);
            last = acked.lastKey();
        }
        stop(p);

        ServerProcess q = start();
        try (Connection nc = connect(q)) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            StreamState st = jsm.getStreamInfo("F").getStreamState();
            assertNull(st.getLostStreamData(), "damaged records after the restart: " + st);
            assertEquals(20, st.getMsgCount());
            assertEquals(last, st.getLastSequence());
            assertStored(jsm, acked);
            assertNoDamageReported(q.output());
        }
        stop(q);
    }

    @Test
    void aStreamThatCouldNotBeCreatedCanBeOnceThereIsRoom() throws Exception {
        ServerProcess p = start();
        try (Connection nc = connect(p)) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            // Room for one page: the new stream's first segment takes it, its configuration finds none.
            Path page = store.resolve("page");
            Files.write(page, new byte[4096]);
            Path ballast = store.resolve("ballast");
            fillUp(ballast);
            Files.delete(page);
            JetStreamApiException full = assertThrows(JetStreamApiException.class, () -> jsm.addStream(
                    StreamConfiguration.builder().name("G").subjects("g.>").storageType(StorageType.File).build()));
            assertTrue(full.getErrorDescription().contains("No space left on device"), full.getErrorDescription());
            assertTrue(nc.RTT() != null);
            Files.delete(ballast);
            jsm.addStream(StreamConfiguration.builder().name("G").subjects("g.>").storageType(StorageType.File).build());
            assertEquals(1, nc.jetStream().publish("g.x", payload(1)).getSeqno());
        }
        stop(p);
        ServerProcess q = start();
        try (Connection nc = connect(q)) {
            assertEquals(1, nc.jetStreamManagement().getStreamInfo("G").getStreamState().getMsgCount());
        }
        stop(q);
    }

    @Test
    void aReadOnlyStreamDirectoryIsReadableAndWritableAgainOnceRemounted() throws Exception {
        TreeMap<Long, Integer> acked = new TreeMap<>();
        ServerProcess p = start();
        try (Connection nc = connect(p)) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            createStreams(jsm);
            JetStream js = nc.jetStream();
            for (int i = 0; i < 10; i++) {
                acked.put(js.publish("f.x", payload(i)).getSeqno(), i);
            }
        }
        stop(p);

        Path streamDir = store.resolve("jetstream").resolve("$G").resolve("streams").resolve("F");
        assertTrue(Files.isDirectory(streamDir), streamDir + " is not where the stream is kept");
        mustRun("mount", "--bind", streamDir.toString(), streamDir.toString());
        mounts.add(streamDir);
        mustRun("mount", "-o", "remount,ro,bind", streamDir.toString());

        ServerProcess q = start();
        try (Connection nc = connect(q)) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            JetStream js = nc.jetStream();
            StreamInfo info = jsm.getStreamInfo("F");
            assertEquals(10, info.getStreamState().getMsgCount());
            assertStored(jsm, acked);
            JetStreamApiException ro = assertThrows(JetStreamApiException.class, () -> js.publish("f.x", payload(99)));
            assertClearStoreError(ro, "Read-only file system");
            for (int i = 0; i < 50; i++) {
                assertThrows(JetStreamApiException.class, () -> js.publish("f.x", payload(99)));
            }
            burst(js, 100, acked, "Read-only file system");
            assertEquals(10, acked.size());
            jsm.addStream(StreamConfiguration.builder().name("M").subjects("m.>").storageType(StorageType.Memory).build());
            assertServerUp(nc, js);
            assertStored(jsm, acked);
            assertTrue(count(q.output(), "Read-only file system") <= 5, "errors are not logged once per message:\n" + tail(q.output()));

            mustRun("mount", "-o", "remount,rw,bind", streamDir.toString());
            PublishAck back = await("publishing once the directory is writable").atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(200)).ignoreException(JetStreamApiException.class)
                    .until(() -> js.publish("f.x", payload(11)), a -> a != null);
            assertEquals(11, back.getSeqno());
            acked.put(11L, 11);
            assertStored(jsm, acked);
        }
        stop(q);
        mustRun("umount", streamDir.toString());
        mounts.remove(streamDir);

        ServerProcess r = start();
        try (Connection nc = connect(r)) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            StreamState st = jsm.getStreamInfo("F").getStreamState();
            assertNull(st.getLostStreamData(), "damaged records after the restart: " + st);
            assertEquals(11, st.getMsgCount());
            assertStored(jsm, acked);
            assertNoDamageReported(r.output());
        }
        stop(r);
    }

    // --- steps

    private ServerProcess start() {
        ServerProcess p = ServerProcess.start(Binary.NATSJ, dir, "-a", "127.0.0.1", "-p", "-1", "-js", "-sd", store.toString());
        servers.add(p);
        p.awaitReady();
        return p;
    }

    private static void stop(ServerProcess p) {
        p.signal("TERM");
        p.awaitExit(Duration.ofSeconds(30));
    }

    private static Connection connect(ServerProcess p) throws Exception {
        Matcher m = CLIENT_PORT.matcher(p.output());
        assertTrue(m.find(), p.output());
        return Nats.connect(new Options.Builder().server("nats://127.0.0.1:" + m.group(1)).maxReconnects(0)
                .connectionTimeout(Duration.ofSeconds(5)).build());
    }

    private static void createStreams(JetStreamManagement jsm) throws Exception {
        jsm.addStream(StreamConfiguration.builder().name("F").subjects("f.>").storageType(StorageType.File).build());
        jsm.addStream(StreamConfiguration.builder().name("M").subjects("m.>").storageType(StorageType.Memory).build());
    }

    /** A file taking all the room but {@link #ROOM}, as another program filling the disk would. */
    private void fill(Path ballast) throws IOException {
        long usable = Files.getFileStore(store).getUsableSpace();
        long size = usable - ROOM;
        assertTrue(size > 0, "the tmpfs has " + usable + " bytes free");
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'b');
        try (OutputStream out = Files.newOutputStream(ballast)) {
            for (long written = 0; written < size; written += chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, size - written));
            }
        }
    }

    /** A file taking all the room there is. */
    private static void fillUp(Path ballast) throws IOException {
        byte[] chunk = new byte[4096];
        try (OutputStream out = Files.newOutputStream(ballast)) {
            while (true) {
                out.write(chunk);
                out.flush();
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left on device")) {
                throw e;
            }
        }
    }

    /** Publishes (waiting for each acknowledgement) until one is refused; returns the refusal. */
    private static JetStreamApiException publishUntilFull(JetStream js, TreeMap<Long, Integer> acked) throws Exception {
        for (int i = 0; i < 10 * ROOM / PAYLOAD; i++) {
            try {
                PublishAck a = js.publish("f.x", payload(i));
                assertEquals(acked.isEmpty() ? 1 : acked.lastKey() + 1, a.getSeqno(), "sequences are not contiguous");
                acked.put(a.getSeqno(), i);
            } catch (JetStreamApiException e) {
                assertTrue(acked.size() > 10, "refused too early, after " + acked.size() + ": " + e.getMessage());
                return e;
            }
        }
        throw new AssertionError("the disk never filled: " + acked.size() + " messages stored");
    }

    /** {@code n} publishes in flight at once: every one answered, each success stored. */
    private static void burst(JetStream js, int n, TreeMap<Long, Integer> acked, String cause) throws Exception {
        List<CompletableFuture<PublishAck>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            futures.add(js.publishAsync("f.x", payload(2_000_000 + i)));
        }
        int refused = 0;
        for (int i = 0; i < n; i++) {
            try {
                PublishAck a = futures.get(i).get(30, TimeUnit.SECONDS);
                acked.put(a.getSeqno(), 2_000_000 + i);
            } catch (ExecutionException e) {
                // jnats wraps the refusal of an asynchronous publish in a RuntimeException
                Throwable why = e.getCause() instanceof RuntimeException r && r.getCause() != null ? r.getCause() : e.getCause();
                JetStreamApiException api = assertInstanceOf(JetStreamApiException.class, why, String.valueOf(why));
                assertClearStoreError(api, cause);
                refused++;
            }
        }
        assertTrue(refused > 0, "nothing was refused");
    }

    private static void assertClearStoreError(JetStreamApiException e, String cause) {
        assertEquals(10077, e.getApiErrorCode(), e.getMessage());
        assertEquals(503, e.getErrorCode(), e.getMessage());
        assertTrue(e.getErrorDescription().contains(cause), e.getErrorDescription());
    }

    /** Core pub/sub, a PING and the memory stream all still work. */
    private static void assertServerUp(Connection nc, JetStream js) throws Exception {
        assertNotNull(nc.RTT());
        Subscription sub = nc.subscribe("core.check");
        nc.publish("core.check", "ping".getBytes(StandardCharsets.UTF_8));
        Message m = sub.nextMessage(Duration.ofSeconds(5));
        assertNotNull(m, "core pub/sub stopped");
        sub.unsubscribe();
        PublishAck mem = js.publish("m.x", "in memory".getBytes(StandardCharsets.UTF_8));
        assertEquals("M", mem.getStream());
    }

    /** Every acknowledged message is there, byte for byte. */
    private static void assertStored(JetStreamManagement jsm, TreeMap<Long, Integer> acked) throws Exception {
        for (var e : acked.entrySet()) {
            MessageInfo mi = jsm.getMessage("F", e.getKey());
            assertArrayEquals(payload(e.getValue()), mi.getData(), "message " + e.getKey());
        }
    }

    private static void assertNoDamageReported(String out) {
        for (String bad : List.of("damaged", "lost", "incomplete record", "cut short")) {
            assertFalse(out.contains(bad), "the restart found damage (\"" + bad + "\"):\n" + tail(out));
        }
    }

    private static byte[] payload(int i) {
        byte[] b = new byte[PAYLOAD];
        byte[] tag = ("message " + i + " ").getBytes(StandardCharsets.US_ASCII);
        for (int k = 0; k < b.length; k++) {
            b[k] = tag[k % tag.length];
        }
        return b;
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static String tail(String out) {
        return out.length() <= 6000 ? out : "..." + out.substring(out.length() - 6000);
    }

    private record Result(int code, String output) {
    }

    private static Result sh(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, out + " (timed out)");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }

    private static void mustRun(String... cmd) {
        Result r = sh(cmd);
        assertEquals(0, r.code, String.join(" ", cmd) + ": " + r.output);
    }
}
