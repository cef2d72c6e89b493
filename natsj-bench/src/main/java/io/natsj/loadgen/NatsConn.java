package io.natsj.loadgen;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * One client connection over a blocking socket, speaking the raw text protocol. Writes go through a
 * 64 KiB buffer (or straight out, for a publisher's ready-made blocks); reads are fed to a
 * {@link ProtocolReader}. Server PINGs are answered after each read. Whoever reads (the owning
 * thread, or one reader thread) is the only reader; writes may come from either, so they are locked.
 */
final class NatsConn implements ProtocolReader.Listener, Closeable {
    static final int BUFFER = 64 * 1024;
    static final String CONNECT =
            "CONNECT {\"verbose\":false,\"pedantic\":false,\"headers\":true,\"no_responders\":true,\"protocol\":1}\r\n";
    private static final byte[] PING = ascii("PING\r\n");
    private static final byte[] PONG = ascii("PONG\r\n");

    /** Per-message callbacks a scenario wants; the defaults take nothing. */
    interface Tap {
        default boolean wantsMsgArgs() {
            return false;
        }

        default void onMsgArgs(NatsConn conn, byte[] buf, int off, int len) {}

        default boolean wantsSequence() {
            return false;
        }

        default void onSequence(long seq) {}

        default boolean wantsPayload() {
            return false;
        }

        default void onMessage(NatsConn conn, byte[] args, int argsLen, byte[] payload, int payloadLen) {}
    }

    private static final Tap NO_TAP = new Tap() {};

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Tap tap;
    private final ProtocolReader reader;
    private final byte[] rbuf = new byte[BUFFER];
    private final byte[] wbuf = new byte[BUFFER];
    private final Object writeLock = new Object();
    private int wlen;
    private boolean pongDue;
    private long pongs;
    private volatile String firstError;
    private volatile int errors;

    private NatsConn(Socket socket, Tap tap) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.tap = tap;
        this.reader = new ProtocolReader(this);
    }

    static NatsConn open(Target target) throws IOException {
        return open(target, NO_TAP, 0);
    }

    /**
     * Connects, sends CONNECT and PING and waits for the PONG, as a client library's connect does.
     * receiveBuffer: SO_RCVBUF to ask for before connecting, 0 for the system's autotuned default.
     */
    static NatsConn open(Target target, Tap tap, int receiveBuffer) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            if (receiveBuffer > 0) {
                s.setReceiveBufferSize(receiveBuffer);
            }
            s.connect(new InetSocketAddress(target.host(), target.port()), 10_000);
            NatsConn c = new NatsConn(s, tap);
            c.sendAscii(CONNECT);
            c.flush(10_000);
            return c;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    int localPort() {
        return socket.getLocalPort();
    }

    ProtocolReader reader() {
        return reader;
    }

    /** The first -ERR the server sent, or null. */
    String firstError() {
        return firstError;
    }

    int errors() {
        return errors;
    }

    void sendAscii(String s) throws IOException {
        byte[] b = ascii(s);
        send(b, 0, b.length);
    }

    void send(byte[] b, int off, int len) throws IOException {
        synchronized (writeLock) {
            if (wlen + len > wbuf.length) {
                flushBufferLocked();
                if (len > wbuf.length) {
                    out.write(b, off, len);
                    return;
                }
            }
            System.arraycopy(b, off, wbuf, wlen, len);
            wlen += len;
        }
    }

    /** Writes what send() buffered. */
    void flushBuffer() throws IOException {
        synchronized (writeLock) {
            flushBufferLocked();
        }
    }

    private void flushBufferLocked() throws IOException {
        if (wlen > 0) {
            out.write(wbuf, 0, wlen);
            wlen = 0;
        }
    }

    /** Writes b after anything buffered, without copying it. */
    void writeDirect(byte[] b, int off, int len) throws IOException {
        synchronized (writeLock) {
            flushBufferLocked();
            out.write(b, off, len);
        }
    }

    /**
     * PING, then read until its PONG (the Go client's Flush): once it returns the server has read and
     * routed everything written before. Only for a connection without a reader thread.
     */
    void flush(long timeoutMillis) throws IOException {
        long target = pongs + 1;
        send(PING, 0, PING.length);
        flushBuffer();
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (pongs < target) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                throw new SocketTimeoutException("no PONG within " + timeoutMillis + " ms");
            }
            socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
            if (readOnce() < 0) {
                throw new IOException("connection closed by the server" + errorSuffix());
            }
        }
        socket.setSoTimeout(0);
    }

    private String errorSuffix() {
        return firstError == null ? "" : " (-ERR " + firstError + ")";
    }

    /** One socket read, parsed; answers PINGs. Returns the bytes read, -1 at end of stream. */
    int readOnce() throws IOException {
        int n = in.read(rbuf);
        if (n < 0) {
            return -1;
        }
        reader.feed(rbuf, 0, n);
        if (pongDue) {
            pongDue = false;
            writeDirect(PONG, 0, PONG.length);
        }
        return n;
    }

    /** Bounds blocking reads (0 = wait for ever). */
    void readTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void onPing() {
        pongDue = true;
    }

    @Override
    public void onPong() {
        pongs++;
    }

    @Override
    public void onErr(String text) {
        if (firstError == null) {
            firstError = text;
        }
        errors++;
    }

    @Override
    public boolean wantsMsgArgs() {
        return tap.wantsMsgArgs();
    }

    @Override
    public void onMsgArgs(byte[] buf, int off, int len) {
        tap.onMsgArgs(this, buf, off, len);
    }

    @Override
    public boolean wantsSequence() {
        return tap.wantsSequence();
    }

    @Override
    public void onSequence(long seq) {
        tap.onSequence(seq);
    }

    @Override
    public boolean wantsPayload() {
        return tap.wantsPayload();
    }

    @Override
    public void onMessage(byte[] args, int argsLen, byte[] payload, int payloadLen) {
        tap.onMessage(this, args, argsLen, payload, payloadLen);
    }

    /** Closes at once, with a reset rather than a FIN: no TIME_WAIT sockets pile up between runs. */
    @Override
    public void close() {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // already closed
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
