package io.natsj.it.dropin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.it.support.ServerProcess;
import io.natsj.it.support.ServerProcess.Binary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configuration reload by SIGHUP and by {@code --signal reload}: a reloadable change applies to the
 * running server; a change nats-server cannot apply at runtime is refused with its message, and the
 * server keeps running on the old configuration. The log lines are compared with the Go server's.
 */
class ReloadTest {
    private static final Pattern RELOAD_LINE = Pattern.compile("\\[(?:INF|ERR)\\] ((?:Reloaded|Reload|Failed to reload)[^\\n]*)");

    @Test
    void reloadAppliesLimitsAndRefusesFixedOptionsLikeNatsServer(@TempDir Path dir) throws Exception {
        String natsj = reloadTranscript(Binary.NATSJ, dir.resolve("natsj"));
        String go = reloadTranscript(Binary.GO, dir.resolve("go"));
        assertEquals(go, natsj);
    }

    /** The reload lines a server logs through the steps below, in order. */
    private static String reloadTranscript(Binary binary, Path dir) throws Exception {
        java.nio.file.Files.createDirectories(dir);
        Path conf = dir.resolve("server.conf");
        Path pid = dir.resolve("server.pid");
        String base = "host: 127.0.0.1\nport: -1\nports_file_dir: \"" + dir + "\"\npid_file: \"" + pid + "\"\n";
        DropinSupport.write(conf, base + "max_payload: 1024\n");
        try (ServerProcess p = DropinSupport.startAsNatsServer(binary, dir, "-c", conf.toString())) {
            int port = DropinSupport.clientPort(DropinSupport.awaitPortsFile(dir, p.pid()));
            p.awaitReady();
            assertTrue(DropinSupport.firstLine(port).contains("\"max_payload\":1024"));

            DropinSupport.write(conf, base + "max_payload: 2048\nping_interval: \"30s\"\nmax_connections: 100\n");
            p.signal("HUP");
            p.awaitOutput("Reloaded server configuration", Duration.ofSeconds(10));
            assertTrue(DropinSupport.firstLine(port).contains("\"max_payload\":2048"), "new clients see the new limit");

            DropinSupport.write(conf, base + "max_payload: 2048\nping_interval: \"30s\"\nmax_connections: 100\nserver_name: renamed\n");
            ServerProcess.Result r = ServerProcess.run(binary, dir, "--signal", "reload=" + pid);
            assertEquals(0, r.exitCode(), r.output());
            p.awaitOutput("Failed to reload server configuration", Duration.ofSeconds(10));
            assertTrue(p.isAlive());
            assertTrue(DropinSupport.firstLine(port).contains("\"max_payload\":2048"), "old configuration kept");

            DropinSupport.write(conf, base + "max_payload: 2048\nping_interval: \"30s\"\nmax_connections: 100\nmax_control_line: 512\n");
            p.signal("HUP");
            p.awaitOutput("Reloaded: max_control_line = 512", Duration.ofSeconds(10));
            p.signal("INT");
            p.awaitExit(Duration.ofSeconds(20));
            return reloadLines(p.output());
        }
    }

    @Test
    void jetStreamOptionsThatCannotChangeAreRefusedLikeNatsServer(@TempDir Path dir) throws Exception {
        String natsj = jetStreamTranscript(Binary.NATSJ, dir.resolve("natsj"));
        String go = jetStreamTranscript(Binary.GO, dir.resolve("go"));
        assertEquals(go.replace(dir.resolve("go").toString(), "DIR"), natsj.replace(dir.resolve("natsj").toString(), "DIR"));
        assertTrue(natsj.contains("jetstream storage directory"), natsj);
    }

    /** Reloads that change the store directory, the limits, the domain; then one that changes nothing of JetStream's. */
    private static String jetStreamTranscript(Binary binary, Path dir) throws Exception {
        java.nio.file.Files.createDirectories(dir);
        Path conf = dir.resolve("server.conf");
        String base = "host: 127.0.0.1\nport: -1\n";
        String js = "jetstream { store_dir: \"%s\", max_mem: %s, max_file: 10M, domain: %s }\n";
        DropinSupport.write(conf, base + js.formatted(dir.resolve("a"), "1M", "d1"));
        try (ServerProcess p = DropinSupport.startAsNatsServer(binary, dir, "-c", conf.toString())) {
            p.awaitReady();
            int failures = 0;
            for (String change : java.util.List.of(js.formatted(dir.resolve("b"), "1M", "d1"), js.formatted(dir.resolve("a"), "2M", "d1"),
                    js.formatted(dir.resolve("a"), "1M", "d2"))) {
                DropinSupport.write(conf, base + change);
                p.signal("HUP");
                int expected = ++failures;
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                        .until(() -> p.output().split("Failed to reload server configuration", -1).length - 1 >= expected);
            }
            DropinSupport.write(conf, base + js.formatted(dir.resolve("a"), "1M", "d1") + "max_payload: 4096\n");
            p.signal("HUP");
            p.awaitOutput("Reloaded: max_payload = 4096", Duration.ofSeconds(10));
            assertTrue(p.isAlive());
            p.signal("INT");
            p.awaitExit(Duration.ofSeconds(20));
            return reloadLines(p.output());
        }
    }

    private static String reloadLines(String output) {
        StringBuilder sb = new StringBuilder();
        Matcher m = RELOAD_LINE.matcher(output);
        while (m.find()) {
            sb.append(m.group(1)).append('\n');
        }
        return sb.toString();
    }
}
