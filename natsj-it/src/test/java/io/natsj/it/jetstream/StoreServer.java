package io.natsj.it.jetstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.MessageInfo;
import io.natsj.it.support.ServerProcess;
import io.natsj.it.support.ServerProcess.Binary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * bin/natsj (or, for the campaigns that run against both, the Go nats-server) with JetStream on a
 * store directory that outlives the process: started, killed with SIGKILL or stopped, and started
 * again on the same files, as the crash and corruption campaigns need. Each start takes a free port
 * ({@code -p -1}) and reads it from the log; both servers log it the same way.
 */
final class StoreServer implements AutoCloseable {
    private static final Pattern CLIENT_PORT = Pattern.compile("Listening for client connections on 127\\.0\\.0\\.1:(\\d+)");
    /** API requests wait this long: the machine is shared and restarts load it. */
    static final Duration API_TIMEOUT = Duration.ofSeconds(20);

    private final ServerProcess process;
    private final int port;
    /** Connections made by {@link #connect}, from any thread (the consumer campaign's workers connect concurrently). */
    private final List<Connection> connections = Collections.synchronizedList(new ArrayList<>());

    private StoreServer(ServerProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts natsj in {@code dir} (where its log goes) storing in {@code storeDir}; returns once it is ready. */
    static StoreServer start(Path dir, Path storeDir) {
        return start(Binary.NATSJ, dir, storeDir);
    }

    /**
     * Starts {@code binary} with the same flags, {@code -a 127.0.0.1 -p -1 -js -sd storeDir}. For
     * {@link Binary#GO} a missing nats-server skips the test, or fails it when CI=true.
     */
    static StoreServer start(Binary binary, Path dir, Path storeDir) {
        ServerProcess p = ServerProcess.start(binary, dir, "-a", "127.0.0.1", "-p", "-1", "-js", "-sd", storeDir.toString());
        try {
            p.awaitOutput("Server is ready", Duration.ofSeconds(60));
            Matcher m = CLIENT_PORT.matcher(p.output());
            assertTrue(m.find(), p.output());
            return new StoreServer(p, Integer.parseInt(m.group(1)));
        } catch (RuntimeException | Error e) {
            p.close();
            throw e;
        }
    }

    /**
     * A jnats connection that gives up at once when the server goes (no reconnect: a killed server's
     * pending publishes fail rather than wait), closed with the server.
     */
    Connection connect() throws Exception {
        Connection nc = Nats.connect(new Options.Builder().server("nats://127.0.0.1:" + port).maxReconnects(0)
                .connectionTimeout(Duration.ofSeconds(10)).errorListener(new ErrorListener() {
                    // the campaigns kill the server under busy connections: jnats' default listener would log every failure
                })
                .maxMessagesInOutgoingQueue(100_000).build());
        connections.add(nc);
        return nc;
    }

    static JetStreamManagement management(Connection nc) throws Exception {
        return nc.jetStreamManagement(JetStreamOptions.builder().requestTimeout(API_TIMEOUT).build());
    }

    /**
     * Reads the messages at {@code seqs} with STREAM.MSG.GET, a few requests in flight (one at a time
     * would take minutes in the long runs); a sequence with no message (10037) is left out, any other
     * answer fails.
     */
    static Map<Long, MessageInfo> read(JetStreamManagement jsm, String stream, List<Long> seqs) throws Exception {
        Map<Long, MessageInfo> out = new ConcurrentHashMap<>();
        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int part = t;
                parts.add(pool.submit(() -> {
                    for (int i = part; i < seqs.size(); i += threads) {
                        long seq = seqs.get(i);
                        try {
                            out.put(seq, jsm.getMessage(stream, seq));
                        } catch (JetStreamApiException e) {
                            assertEquals(10037, e.getApiErrorCode(), stream + " " + seq + ": " + e);
                        } catch (IllegalArgumentException e) {
                            // jnats could not even parse it (a header block that is not one): garbage served
                            throw new AssertionError(stream + " " + seq + " served something that is not a message: " + e, e);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : parts) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    /** Everything the server printed since it started. */
    String output() {
        return process.output();
    }

    /** The log lines at ERR level (nats-server's format: "[pid] date time [ERR] text"). */
    List<String> errors() {
        return process.output().lines().filter(l -> l.contains("[ERR]")).toList();
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: nothing is flushed or closed, as in a crash. */
    void kill() {
        process.kill();
        closeConnections();
    }

    /** A normal stop (SIGTERM, after which nats-server exits with 1): streams are closed, their files synced. */
    void stop() {
        closeConnections();
        process.signal("TERM");
        process.awaitExit(Duration.ofSeconds(60));
        assertTrue(process.output().contains("JetStream Shutdown\n"), "no clean JetStream shutdown:\n" + process.output());
    }

    int port() {
        return port;
    }

    private void closeConnections() {
        List<Connection> all;
        synchronized (connections) {
            all = new ArrayList<>(connections);
        }
        for (Connection nc : all) {
            try {
                nc.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        connections.clear();
    }

    @Override
    public void close() {
        closeConnections();
        process.close();
    }
}
