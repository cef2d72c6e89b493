package io.natsj.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link ProtocolParser} on a client's inbound stream. One invocation parses a stream of
 * {@value #OPS} operations, cut into reads of {@code readSize} bytes held in pooled direct buffers
 * (what the server's Netty reads deliver), so scores and {@code gc.alloc.rate.norm} are per operation.
 * A read size that does not divide the message size makes control lines and payloads straddle reads,
 * which exercises the parser's split path (payload collected in its reused buffer).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dio.netty.tryReflectionSetAccessible=true", "-Dio.netty.jfr.enabled=false"})
public class ParserBenchmark {
    /** Operations per stream (and per invocation). */
    static final int OPS = 1000;

    /** What the stream holds. */
    public enum Workload {
        /** {@code PUB subject size}. */
        PUB,
        /** {@code PUB subject reply size}. */
        PUB_REPLY,
        /** {@code HPUB subject hdr_size total_size} with a 22-byte header block. */
        HPUB,
        /** Mostly PUB/HPUB, with PING, PONG, SUB and UNSUB among them (1 in 10 each). */
        MIXED
    }

    @Param
    public Workload workload;

    /** Payload bytes (after the header block, for HPUB). */
    @Param({"16", "1024"})
    public int payload;

    /** Bytes per read. 65536: few messages straddle reads; 1021: every 1 KiB payload does. */
    @Param({"65536", "1021"})
    public int readSize;

    private ProtocolParser parser;
    private CountingHandler handler;
    private List<ByteBuf> reads;

    @Setup(Level.Trial)
    public void setUp(Blackhole blackhole) {
        reads = cut(ParserStreams.of(workload, payload, OPS), readSize);
        handler = new CountingHandler(blackhole);
        parser = new ProtocolParser(handler, ProtocolParser.DEFAULT_MAX_CONTROL_LINE, 1024 * 1024);
        parser.setHeadersSupported(true);
        parse();
        if (handler.ops != OPS) {
            throw new IllegalStateException("parsed " + handler.ops + " operations, expected " + OPS);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        parser.release();
        reads.forEach(ByteBuf::release);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long parse() {
        for (int i = 0, n = reads.size(); i < n; i++) {
            ByteBuf read = reads.get(i);
            read.readerIndex(0);
            parser.parse(read);
        }
        return handler.checksum;
    }

    private static List<ByteBuf> cut(byte[] stream, int readSize) {
        List<ByteBuf> reads = new ArrayList<>();
        for (int off = 0; off < stream.length; off += readSize) {
            int length = Math.min(readSize, stream.length - off);
            ByteBuf read = PooledByteBufAllocator.DEFAULT.directBuffer(length, length);
            read.writeBytes(stream, off, length);
            reads.add(read);
        }
        return reads;
    }
}
