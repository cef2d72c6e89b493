package io.natsj.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.natsj.protocol.ParserHarness.Config;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Random streams of well-formed operations, cut into random reads, give exactly the events the
 * operations describe: the parser's result never depends on where the reads end.
 */
class ProtocolParserPropertiesTest {

    /** One operation's wire bytes and the event it must produce. */
    record Op(byte[] wire, String event) {
        @Override
        public String toString() {
            return RecordingHandler.text(wire, 0, wire.length);
        }
    }

    @Property(tries = 1000, edgeCases = EdgeCasesMode.MIXIN)
    void randomStreamsCutAnywhereGiveTheSameEvents(
            @ForAll @Size(min = 1, max = 30) List<@From("ops") Op> ops,
            @ForAll @Size(max = 12) List<@IntRange(min = 0, max = 100_000) Integer> cutSeeds) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        List<String> expected = new ArrayList<>();
        for (Op op : ops) {
            wire.writeBytes(op.wire());
            expected.add(op.event());
        }
        byte[] input = wire.toByteArray();
        TreeSet<Integer> cuts = new TreeSet<>();
        for (int seed : cutSeeds) {
            cuts.add(seed % (input.length + 1));
        }
        List<byte[]> reads = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            reads.add(Arrays.copyOfRange(input, from, cut));
            from = cut;
        }
        reads.add(Arrays.copyOfRange(input, from, input.length));
        assertEquals(expected, ParserHarness.feed(Config.DEFAULT, reads.toArray(new byte[0][])));
    }

    @Provide
    Arbitrary<Op> ops() {
        return Arbitraries.oneOf(pub(), hpub(), sub(), unsub(), simple());
    }

    private static Arbitrary<String> token() {
        return Arbitraries.strings().withChars("abcXYZ.*>_$-09").ofMinLength(1).ofMaxLength(12);
    }

    private static Arbitrary<String> blanks() {
        return Arbitraries.strings().withChars(" \t").ofMinLength(1).ofMaxLength(3);
    }

    private static Arbitrary<String> lineEnd() {
        return Arbitraries.of("\r\n", "\n");
    }

    private static Arbitrary<byte[]> payload() {
        Arbitrary<byte[]> protocolLike = Arbitraries.of("", "\r\n", "PUB a 1\r\nx\r\n", "\r", "\n", "PING\r\n")
            .map(s -> s.getBytes(StandardCharsets.US_ASCII));
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(3000);
        return Arbitraries.oneOf(protocolLike, random);
    }

    private static Arbitrary<String> opName(String name) {
        return Arbitraries.of(name, name.toLowerCase(), name.substring(0, 1) + name.substring(1).toLowerCase());
    }

    private Arbitrary<Op> pub() {
        return Combinators.combine(opName("PUB"), token(), token().optional(), payload(), blanks(), lineEnd())
            .as((name, subject, reply, payload, blank, eol) -> {
                String line = name + blank + subject + reply.map(r -> blank + r).orElse("") + blank
                    + payload.length + eol;
                String event = "PUB " + subject + reply.map(r -> " reply=" + r).orElse("")
                    + " total=" + payload.length + " size=" + payload.length
                    + " [" + RecordingHandler.text(payload, 0, payload.length) + "]";
                return new Op(concat(line, payload), event);
            });
    }

    private Arbitrary<Op> hpub() {
        Arbitrary<String> headers = Arbitraries.of("NATS/1.0\r\n\r\n", "NATS/1.0\r\nK: v\r\nK: w\r\n\r\n", "");
        return Combinators.combine(token(), token().optional(), headers, payload(), blanks())
            .as((subject, reply, headerText, body, blank) -> {
                byte[] hdr = headerText.getBytes(StandardCharsets.US_ASCII);
                byte[] all = new byte[hdr.length + body.length];
                System.arraycopy(hdr, 0, all, 0, hdr.length);
                System.arraycopy(body, 0, all, hdr.length, body.length);
                String line = "HPUB" + blank + subject + reply.map(r -> blank + r).orElse("") + blank
                    + hdr.length + blank + all.length + "\r\n";
                String event = "HPUB " + subject + reply.map(r -> " reply=" + r).orElse("")
                    + " hdr=" + hdr.length + " hdrsize=" + hdr.length
                    + " total=" + all.length + " size=" + all.length
                    + " [" + RecordingHandler.text(all, 0, all.length) + "]";
                return new Op(concat(line, all), event);
            });
    }

    private Arbitrary<Op> sub() {
        return Combinators.combine(opName("SUB"), token(), token().optional(), token(), blanks(), lineEnd())
            .as((name, subject, queue, sid, blank, eol) -> new Op(
                bytes(name + blank + subject + queue.map(q -> blank + q).orElse("") + blank + sid + eol),
                "SUB " + subject + " " + queue.orElse("-") + " " + sid));
    }

    private Arbitrary<Op> unsub() {
        Arbitrary<Integer> max = Arbitraries.integers().between(-1, 999_999_999);
        return Combinators.combine(opName("UNSUB"), token(), max, blanks(), lineEnd())
            .as((name, sid, m, blank, eol) -> new Op(
                bytes(name + blank + sid + (m >= 0 ? blank + m : "") + eol),
                "UNSUB " + sid + " " + m));
    }

    private Arbitrary<Op> simple() {
        return Arbitraries.of(
            new Op(bytes("PING\r\n"), "PING"),
            new Op(bytes("PONG whatever\n"), "PONG"),
            new Op(bytes("+OK\r\n"), "+OK"),
            new Op(bytes("CONNECT {\"verbose\":false,\"headers\":true}\r\n"),
                "CONNECT {\"verbose\":false,\"headers\":true}"),
            new Op(bytes("INFO {}\r\n"), "INFO {}"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(String line, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes(line));
        out.writeBytes(payload);
        out.writeBytes(bytes("\r\n"));
        return out.toByteArray();
    }
}
