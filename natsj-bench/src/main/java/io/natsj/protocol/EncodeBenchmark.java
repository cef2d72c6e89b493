package io.natsj.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@link MessageEncoder#writeMessage}: one MSG/HMSG per operation into a reused pooled direct buffer
 * (the kind the server's outbound buffers are), cleared before each write. The message comes from a
 * payload in a direct buffer, as the parser hands it over from a read.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dio.netty.tryReflectionSetAccessible=true", "-Dio.netty.jfr.enabled=false"})
public class EncodeBenchmark {
    private static final String HEADERS = "NATS/1.0\r\nK: value\r\n\r\n";

    /** Which frame is written. */
    public enum Frame {
        /** {@code MSG subject sid size}. */
        MSG,
        /** {@code MSG subject sid reply size}. */
        MSG_REPLY,
        /** {@code HMSG subject sid hdr_size total_size} to a receiver that negotiated headers. */
        HMSG,
        /** An HPUB to a receiver without headers: a MSG of the body alone, its size written anew. */
        HMSG_STRIPPED
    }

    @Param
    public Frame frame;

    /** Body bytes (after the header block, for the HMSG frames). */
    @Param({"16", "1024"})
    public int payload;

    private final byte[] sid = "42".getBytes(StandardCharsets.US_ASCII);
    private final PubMessage msg = new PubMessage();
    private boolean receiverHeaders;
    private ByteBuf out;

    @Setup(Level.Trial)
    public void setUp() {
        boolean headers = frame == Frame.HMSG || frame == Frame.HMSG_STRIPPED;
        String body = "x".repeat(payload);
        String content = headers ? HEADERS + body : body;
        String reply = frame == Frame.MSG_REPLY ? " _INBOX.4fJk2cQ9xZ.17" : "";
        String sizes = headers ? HEADERS.length() + " " + content.length() : Integer.toString(content.length());
        describe(msg, "orders.eu.created" + reply + " " + sizes, headers);
        msg.payload = PooledByteBufAllocator.DEFAULT.directBuffer(content.length() + 16);
        msg.payload.writeZero(7); // the payload starts inside a read, not at its first byte
        msg.payloadIndex = msg.payload.writerIndex();
        msg.payload.writeCharSequence(content, StandardCharsets.US_ASCII);
        receiverHeaders = frame == Frame.HMSG;
        out = PooledByteBufAllocator.DEFAULT.directBuffer(MessageEncoder.maxEncodedSize(msg, sid.length));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        out.release();
        msg.payload.release();
    }

    @Benchmark
    public int writeMessage() {
        out.clear();
        MessageEncoder.writeMessage(out, msg, sid, receiverHeaders);
        return out.writerIndex();
    }

    /** Reads PUB/HPUB arguments into {@code m} with the parser's own argument reader. */
    private static void describe(PubMessage m, String arguments, boolean headers) {
        byte[] line = arguments.getBytes(StandardCharsets.US_ASCII);
        PubArgs args = new PubArgs();
        String error = headers ? args.readHpub(line, line.length, m) : args.readPub(line, line.length, m);
        if (error != null) {
            throw new IllegalStateException(error);
        }
    }
}
