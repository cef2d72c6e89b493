package io.natsj.it.support;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A bare TCP client for protocol tests. A reader thread keeps everything the server sends; the
 * test sends bytes and waits (with a bound) until the output satisfies a condition or the server
 * closes the connection. Nothing here interprets the protocol beyond splitting it into frames.
 */
public final class RawClient implements AutoCloseable {
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(3);

    private final String name;
    private final Socket socket;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private volatile boolean closedByServer;
    private volatile String closeDetail = "";
    private volatile boolean closedByUs;
    private Thread reader;

    private RawClient(String name, Socket socket) {
        this.name = name;
        this.socket = socket;
    }

    /** Connects and starts reading; returns once the greeting line (INFO) arrived or the server closed. */
    public static RawClient connect(TestServer server, String name) {
        RawClient c = open(server, name, -1);
        c.startReading();
        c.waitFor(out -> !out.frames().isEmpty(), Duration.ofSeconds(5));
        return c;
    }

    /**
     * Connects without reading anything: the server's writes pile up in the socket buffers
     * (made small with {@code receiveBuffer}) until {@link #startReading()} is called.
     */
    public static RawClient connectNotReading(TestServer server, String name, int receiveBuffer) {
        return open(server, name, receiveBuffer);
    }

    private static RawClient open(TestServer server, String name, int receiveBuffer) {
        try {
            Socket s = new Socket();
            if (receiveBuffer > 0) {
                s.setReceiveBufferSize(receiveBuffer);
            }
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(server.host(), server.port()), 5000);
            return new RawClient(name, s);
        } catch (IOException e) {
            throw new UncheckedIOException("connect to " + server, e);
        }
    }

    public synchronized void startReading() {
        if (reader != null) {
            return;
        }
        reader = new Thread(this::readLoop, "raw-client-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    private void readLoop() {
        byte[] buf = new byte[64 * 1024];
        try {
            InputStream in = socket.getInputStream();
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    closeDetail = "EOF";
                    break;
                }
                synchronized (received) {
                    received.write(buf, 0, n);
                }
            }
        } catch (IOException e) {
            closeDetail = e.getMessage();
        }
        if (!closedByUs) {
            closedByServer = true;
        }
    }

    /**
     * Reads on the calling thread until {@code condition} holds, the server closes, or {@code timeout}
     * passes; for clients made with {@link #connectNotReading} that read only when told to.
     */
    public boolean readNow(Predicate<ServerOutput> condition, Duration timeout) {
        synchronized (this) {
            if (reader != null) {
                throw new IllegalStateException("the reader thread is running");
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] buf = new byte[16 * 1024];
        try {
            InputStream in = socket.getInputStream();
            while (!condition.test(output())) {
                long left = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                socket.setSoTimeout((int) Math.max(1, left));
                int n;
                try {
                    n = in.read(buf);
                } catch (java.net.SocketTimeoutException e) {
                    return false;
                }
                if (n < 0) {
                    closeDetail = "EOF";
                    closedByServer = true;
                    return condition.test(output());
                }
                synchronized (received) {
                    received.write(buf, 0, n);
                }
            }
            return true;
        } catch (IOException e) {
            closeDetail = e.getMessage();
            closedByServer = true;
            return condition.test(output());
        } finally {
            try {
                socket.setSoTimeout(0);
            } catch (IOException ignored) {
                // closed
            }
        }
    }

    /** The client side's port, which names this connection in /proc/net/tcp. */
    public int localPort() {
        return socket.getLocalPort();
    }

    public String name() {
        return name;
    }

    /** Sends bytes; a write failing because the server already closed is not an error here. */
    public RawClient send(byte[] bytes) {
        synchronized (sent) {
            sent.write(bytes, 0, bytes.length);
        }
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        } catch (IOException e) {
            if (!closedByServer && !socket.isClosed()) {
                closeDetail = "write failed: " + e.getMessage();
            }
        }
        return this;
    }

    /** Sends text as ISO-8859-1 bytes (one byte per char), exactly as written: no line ending is added. */
    public RawClient send(String text) {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Everything this client sent, CR and LF made visible. */
    public String sentText() {
        synchronized (sent) {
            return ServerOutput.escape(sent.toString(StandardCharsets.ISO_8859_1));
        }
    }

    public byte[] bytes() {
        synchronized (received) {
            return received.toByteArray();
        }
    }

    public ServerOutput output() {
        return ServerOutput.parse(bytes());
    }

    /** The first line the server sent (its INFO), or "" if none. */
    public String greeting() {
        ServerOutput out = output();
        return out.frames().isEmpty() ? "" : out.frames().get(0);
    }

    public boolean closedByServer() {
        return closedByServer;
    }

    public String closeDetail() {
        return closeDetail;
    }

    /**
     * Waits until the output satisfies {@code condition}, the server closes, or {@code timeout} passes.
     * Returns whether the condition holds at the end.
     */
    public boolean waitFor(Predicate<ServerOutput> condition, Duration timeout) {
        try {
            await().atMost(timeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> closedByServer || condition.test(output()));
        } catch (ConditionTimeoutException e) {
            return false;
        }
        return condition.test(output());
    }

    /** Waits until {@code n} PONGs have arrived in total (or the server closed, or the wait ran out). */
    public boolean awaitPongs(long n, Duration timeout) {
        return waitFor(out -> out.pongs() >= n, timeout);
    }

    /** Sends PING and waits for its PONG: everything sent before has then been processed. */
    public boolean ping() {
        long next = output().pongs() + 1;
        send("PING\r\n");
        return awaitPongs(next, DEFAULT_WAIT);
    }

    /** Waits until the server closes the connection; returns whether it did within the timeout. */
    public boolean awaitClosed(Duration timeout) {
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(5)).until(() -> closedByServer);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() {
        closedByUs = !closedByServer;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        Thread r;
        synchronized (this) {
            r = reader;
        }
        if (r != null) {
            try {
                r.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return name + "@" + socket.getPort();
    }
}
