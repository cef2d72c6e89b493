package io.natsj.loadgen;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Many connections served by one selector thread: the idle connections and the subscription holders,
 * far too many for a thread each. Every connection counts its deliveries and answers server PINGs.
 * Connections are opened in batches: each one sends CONNECT, its SUBs and a PING in one write, and
 * the batch is done when every PONG is back (so its subscriptions are in force), which keeps the
 * listen backlog short and shows how fast the server takes new clients.
 */
final class ConnectionPool implements Closeable {
    private final Selector selector;
    private final Thread loop;
    private final List<Member> members = new ArrayList<>();
    private final Object readyLock = new Object();
    private final ByteBuffer buf = ByteBuffer.allocate(NatsConn.BUFFER);
    private int ready;
    private volatile boolean running = true;
    private volatile long delivered;
    private volatile int closedByServer;
    private volatile String firstError;
    private volatile DeliveryCounter counter;

    ConnectionPool() throws IOException {
        selector = Selector.open();
        loop = new Thread(this::selectLoop, "connection-pool");
        loop.setDaemon(true);
        loop.start();
    }

    /**
     * Opens count connections, batch at a time; subjectsOf(i) gives the subjects connection i
     * subscribes to (sids 1..n). Returns when every connection has its PONG.
     */
    void open(Target target, int count, int batch, IntFunction<List<String>> subjectsOf, long timeoutMillis)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        InetSocketAddress address = new InetSocketAddress(target.host(), target.port());
        for (int from = 0; from < count; from += batch) {
            int to = Math.min(count, from + batch);
            int readyBefore;
            synchronized (readyLock) {
                readyBefore = ready;
            }
            for (int i = from; i < to; i++) {
                SocketChannel ch = SocketChannel.open();
                Member m = new Member(ch);
                synchronized (members) {
                    members.add(m);
                }
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ch.connect(address);
                StringBuilder hello = new StringBuilder(NatsConn.CONNECT);
                int sid = 1;
                for (String subject : subjectsOf.apply(i)) {
                    hello.append("SUB ").append(subject).append(' ').append(sid++).append("\r\n");
                }
                hello.append("PING\r\n");
                ByteBuffer out = ByteBuffer.wrap(NatsConn.ascii(hello.toString()));
                while (out.hasRemaining()) {
                    ch.write(out);
                }
                ch.configureBlocking(false);
                ch.register(selector, SelectionKey.OP_READ, m);
            }
            selector.wakeup();
            awaitReady(readyBefore + (to - from), deadline);
        }
    }

    private void awaitReady(int wanted, long deadline) throws InterruptedException, IOException {
        synchronized (readyLock) {
            while (ready < wanted) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0 || !running) {
                    throw new IOException(ready + " of " + wanted + " connections ready before the timeout"
                            + (firstError == null ? "" : " (-ERR " + firstError + ")")
                            + (closedByServer == 0 ? "" : ", " + closedByServer + " closed by the server"));
                }
                readyLock.wait(Math.min(left, 100));
            }
        }
    }

    /** Deliveries from now on are also added to this counter. */
    void countInto(DeliveryCounter c) {
        counter = c;
    }

    int size() {
        synchronized (members) {
            return members.size();
        }
    }

    long delivered() {
        return delivered;
    }

    int closedByServer() {
        return closedByServer;
    }

    String firstError() {
        return firstError;
    }

    private void selectLoop() {
        try {
            while (running) {
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    read(key);
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | RuntimeException e) {
            if (running) {
                firstError = "pool reader failed: " + e;
                running = false;
            }
        }
    }

    private void read(SelectionKey key) throws IOException {
        Member m = (Member) key.attachment();
        buf.clear();
        int n;
        try {
            n = m.channel.read(buf);
        } catch (IOException e) {
            n = -1;
        }
        if (n < 0) {
            key.cancel();
            m.channel.close();
            closedByServer++;
            return;
        }
        long before = m.reader.messages();
        m.reader.feed(buf.array(), 0, n);
        long fresh = m.reader.messages() - before;
        if (fresh > 0) {
            delivered += fresh;
            DeliveryCounter c = counter;
            if (c != null) {
                c.add(fresh);
            }
        }
        if (m.pongDue) {
            m.pongDue = false;
            // Six bytes into an idle socket's empty send buffer: a non-blocking write takes them all.
            m.channel.write(ByteBuffer.wrap(NatsConn.ascii("PONG\r\n")));
        }
    }

    /** Closes every connection with a reset (no TIME_WAIT left behind), then the selector. */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            loop.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (members) {
            for (Member m : members) {
                try {
                    if (m.channel.isOpen()) {
                        m.channel.setOption(StandardSocketOptions.SO_LINGER, 0);
                    }
                    m.channel.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            members.clear();
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    private final class Member implements ProtocolReader.Listener {
        final SocketChannel channel;
        final ProtocolReader reader = new ProtocolReader(this);
        boolean pongDue;
        boolean handshakeDone;

        Member(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public void onPing() {
            pongDue = true;
        }

        @Override
        public void onPong() {
            if (!handshakeDone) {
                handshakeDone = true;
                synchronized (readyLock) {
                    ready++;
                    readyLock.notifyAll();
                }
            }
        }

        @Override
        public void onErr(String text) {
            if (firstError == null) {
                firstError = text;
            }
        }
    }
}
