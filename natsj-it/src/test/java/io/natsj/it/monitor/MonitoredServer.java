package io.natsj.it.monitor;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.natsj.it.support.ServerProcess;
import io.natsj.it.support.ServerProcess.Binary;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A server (bin/natsj, or nats-server to compare) started with a monitoring port on a free port. */
final class MonitoredServer implements AutoCloseable {
    private static final Pattern CLIENT_PORT = Pattern.compile("Listening for client connections on 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern MONITOR_PORT = Pattern.compile("Starting http monitor on 127\\.0\\.0\\.1:(\\d+)");

    private final ServerProcess process;
    final int clientPort;
    final int monitorPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    MonitoredServer(Path dir, String... extraArgs) {
        this(Binary.NATSJ, dir, extraArgs);
    }

    MonitoredServer(Binary binary, Path dir, String... extraArgs) {
        String[] args = new String[6 + extraArgs.length];
        System.arraycopy(new String[] {"-a", "127.0.0.1", "-p", "-1", "-m", "-1"}, 0, args, 0, 6);
        System.arraycopy(extraArgs, 0, args, 6, extraArgs.length);
        process = ServerProcess.start(binary, dir, args);
        try {
            process.awaitReady();
            clientPort = port(CLIENT_PORT);
            monitorPort = port(MONITOR_PORT);
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
    }

    String monitorUrl(String path) {
        return "http://127.0.0.1:" + monitorPort + path;
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(monitorUrl(path))).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    Connection connect(String name) throws Exception {
        return Nats.connect(new Options.Builder().server("nats://127.0.0.1:" + clientPort).connectionName(name)
                .connectionTimeout(Duration.ofSeconds(5)).build());
    }

    String output() {
        return process.output();
    }

    private int port(Pattern p) {
        Matcher m = p.matcher(process.output());
        if (!m.find()) {
            throw new AssertionError("no " + p + " in:\n" + process.output());
        }
        return Integer.parseInt(m.group(1));
    }

    @Override
    public void close() {
        process.close();
    }
}
