package io.natsj.it.dropin;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.natsj.it.support.ServerProcess;
import io.natsj.it.support.ServerProcess.Binary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server profiled with Java Flight Recorder keeps serving. HotSpot suspends threads for JFR's method
 * sampling with SIGUSR2 by default, the signal that means "lame duck mode" to natsj as to nats-server;
 * bin/natsj moves the JVM's use to another signal, so that only a USR2 someone sends counts.
 */
class ProfiledServerTest {
    private static final Pattern LISTENING = Pattern.compile("Listening for client connections on 127\\.0\\.0\\.1:(\\d+)");

    @Test
    void methodSamplingDoesNotPutTheServerIntoLameDuckMode(@TempDir Path dir) throws Exception {
        Path recording = dir.resolve("natsj.jfr");
        Map<String, String> env = Map.of("NATSJ_JAVA_OPTS",
                "-XX:StartFlightRecording=settings=profile,filename=" + recording);
        try (ServerProcess p = ServerProcess.startWithEnv(Binary.NATSJ, dir, env,
                "-a", "127.0.0.1", "-p", "-1")) {
            p.awaitReady();
            Matcher listening = LISTENING.matcher(p.output());
            assertTrue(listening.find(), p.output());
            int port = Integer.parseInt(listening.group(1));
            Options options = new Options.Builder().server("nats://127.0.0.1:" + port).maxReconnects(0).build();
            try (Connection pub = Nats.connect(options); Connection sub = Nats.connect(options)) {
                AtomicLong received = new AtomicLong();
                Dispatcher d = sub.createDispatcher(m -> received.incrementAndGet());
                d.subscribe("profiled");
                sub.flush(Duration.ofSeconds(5));
                // Enough traffic for the sampler (every 10 to 20 ms) to stop the event loop many times.
                byte[] payload = new byte[64];
                long sent = 0;
                while (sent < 300_000) {
                    for (int i = 0; i < 1000; i++) {
                        pub.publish("profiled", payload);
                    }
                    sent += 1000;
                    pub.flush(Duration.ofSeconds(5));
                }
                long expected = sent;
                await("every message delivered").atMost(Duration.ofSeconds(20)).until(() -> received.get() == expected);
            }
            assertFalse(p.output().contains("lame duck"), p.output());
            try (Connection late = Nats.connect(new Options.Builder().server("nats://127.0.0.1:" + port)
                    .maxReconnects(0).build())) {
                assertEquals(Connection.Status.CONNECTED, late.getStatus());
            }
            // A USR2 that is sent still means lame duck mode.
            p.signal("USR2");
            p.awaitOutput("Entering lame duck mode, stop accepting new clients", Duration.ofSeconds(10));
        }
    }
}
