package io.natsj.protocol;

import static io.natsj.protocol.ParserHarness.assertEvents;
import static io.natsj.protocol.ParserHarness.bytes;

import io.natsj.protocol.ParserHarness.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Well-formed client operations. Each input is fed whole, split in two at every byte and one byte at a
 * time, and must give the same events. Inputs marked "Go:" were sent to nats-server 2.9.10, which
 * answered as the comment says.
 */
class ProtocolParserOpsTest {

    static Stream<Arguments> validOps() {
        return Stream.of(
            ops("PING\r\n", "PING"),
            ops("ping\r\n", "PING"),
            ops("PiNg xyz garbage\r\n", "PING"), // Go: PONG
            ops("PING\n", "PING"), // Go: PONG
            ops("PINGPONG\n", "PING"), // Go: one PONG
            ops("PING" + "x".repeat(10_000) + "\r\n", "PING"), // Go: PONG, no control-line limit
            ops("PONG\r\n", "PONG"),
            ops("pongxx\r\n", "PONG"),
            ops("+OK\r\n", "+OK"),
            ops("+okxyz\r\n", "+OK"), // Go: ignored
            ops("PUB a 2\r\nhi\r\n", "PUB a total=2 size=2 [hi]"),
            ops("pub\ta\t \t2\r\nhi\r\n", "PUB a total=2 size=2 [hi]"), // Go: MSG a 1 2
            ops("PUB a r 2\nhi\r\n", "PUB a reply=r total=2 size=2 [hi]"),
            ops("PUB  a 2 \r\nhi\r\n", "PUB a total=2 size=2 [hi]"),
            ops("PUB a 0\r\n\r\n", "PUB a total=0 size=0 []"),
            ops("PUB a 002\r\nhi\r\n", "PUB a total=2 size=002 [hi]"), // Go: MSG a 1 002
            ops("PUB \na 1\r\nx\r\n", "PUB \\na total=1 size=1 [x]"), // Go: MSG \na 1 1
            ops("PUB a 12\r\nPUB b 1\r\nx\r\n\r\n", "PUB a total=12 size=12 [PUB b 1\\r\\nx\\r\\n]"),
            ops("PUB a 2\r\n\r\n\r\n", "PUB a total=2 size=2 [\\r\\n]"),
            ops("PUB a 1\r\n\u0000\r\n", "PUB a total=1 size=1 [\\x00]"),
            ops("HPUB a 12 14\r\nNATS/1.0\r\n\r\nhi\r\n",
                "HPUB a hdr=12 hdrsize=12 total=14 size=14 [NATS/1.0\\r\\n\\r\\nhi]"),
            ops("hpub a r 12 14\r\nNATS/1.0\r\n\r\nhi\r\n",
                "HPUB a reply=r hdr=12 hdrsize=12 total=14 size=14 [NATS/1.0\\r\\n\\r\\nhi]"),
            ops("HPUB a\t12  14\r\nNATS/1.0\r\n\r\nhi\r\n",
                "HPUB a hdr=12 hdrsize=12 total=14 size=14 [NATS/1.0\\r\\n\\r\\nhi]"),
            ops("HPUB a 0 2\r\nhi\r\n", "HPUB a hdr=0 hdrsize=0 total=2 size=2 [hi]"), // Go: plain MSG a 1 2
            ops("HPUB a 002 0003\r\nabc\r\n", "HPUB a hdr=2 hdrsize=002 total=3 size=0003 [abc]"), // Go: HMSG a 1 002 0003
            // Go parses no HMSG arguments from a client and takes an empty payload: a publish without subject.
            ops("HMSG a 1 2\r\n\r\n", "HPUB  hdr=0 hdrsize= total=0 size= []"), // Go: +OK when verbose
            ops("SUB a 1\r\n", "SUB a - 1"),
            ops("SUB a q 1\r\n", "SUB a q 1"),
            ops("sub  a \t 1 \r\n", "SUB a - 1"),
            ops("SUB \na 1\r\n", "SUB a - 1"), // Go: +OK, subscribed
            ops("SUB a\rb 1\n", "SUB a - b"), // Go: sid "b" (the line loses its last byte once a CR was seen)
            ops("UNSUB 1\r\n", "UNSUB 1 -1"),
            ops("UNSUB\t1\t\t2 \r\n", "UNSUB 1 2"), // Go: two more messages delivered
            ops("UNSUB 1 0\r\n", "UNSUB 1 0"),
            ops("UNSUB 1 x\r\n", "UNSUB 1 -1"), // Go: bad max unsubscribes at once
            ops("UNSUB 1 -2\r\n", "UNSUB 1 -1"),
            ops("UNSUB 1 9999999999\r\n", "UNSUB 1 -1"),
            ops("CONNECT {\"verbose\":false}\r\n", "CONNECT {\"verbose\":false}"),
            ops("connect\t {\"verbose\":false} \t \r\n", "CONNECT {\"verbose\":false}"),
            ops("CONNECT{\"verbose\":false}\r\n", "CONNECT {\"verbose\":false}"), // Go: accepted
            ops("CONNECT {}\n", "CONNECT {}"),
            ops("CONNECT\n{\"verbose\":false}\r\n", "CONNECT {\"verbose\":false}"), // Go: accepted
            ops("CONNECT" + " ".repeat(5000) + "{}\r\n", "CONNECT {}"), // Go: blanks before args are free
            ops("CONNECT\r\n", "CONNECT "), // Go: JSON error, closed without -ERR (server's part)
            ops("CONNECTX\r\n", "CONNECT X"),
            ops("INFO {}\r\n", "INFO {}"),
            ops("INFO\r\n", "INFO "));
    }

    private static Arguments ops(String input, String... events) {
        return Arguments.of(input, List.of(events));
    }

    @ParameterizedTest
    @MethodSource("validOps")
    void eachOperationGivesTheSameEventsHoweverSplit(String input, List<String> expected) {
        assertEvents(Config.DEFAULT, bytes(input), expected);
    }

    @Test
    void allOperationsConcatenatedInOneBuffer() {
        StringBuilder input = new StringBuilder();
        List<String> expected = new ArrayList<>();
        validOps().forEach(a -> {
            input.append((String) a.get()[0]);
            @SuppressWarnings("unchecked")
            List<String> events = (List<String>) a.get()[1];
            expected.addAll(events);
        });
        assertEvents(Config.DEFAULT, bytes(input.toString()), expected);
    }

    @Test
    void payloadsContainingProtocolText() {
        String[] payloads = {"", "\r", "\n", "\r\n", "PUB a 1\r\nx\r\n", "PING\r\n", "\r\n\r\n", "x\ry\nz", "PUB"};
        StringBuilder input = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (String p : payloads) {
            input.append("PUB s r ").append(p.length()).append("\r\n").append(p).append("\r\n");
            expected.add("PUB s reply=r total=" + p.length() + " size=" + p.length() + " ["
                + RecordingHandler.text(bytes(p), 0, p.length()) + "]");
        }
        assertEvents(Config.DEFAULT, bytes(input.toString()), expected);
    }

    @Test
    void largeSplitPayloadIsDeliveredWhole() {
        String payload = "0123456789".repeat(10_000); // above PayloadBuffer.RETAINED_CAPACITY
        String input = "PUB big " + payload.length() + "\r\n" + payload + "\r\nPUB small 2\r\nhi\r\n";
        List<String> expected = List.of(
            "PUB big total=100000 size=100000 [" + payload + "]",
            "PUB small total=2 size=2 [hi]");
        byte[] all = bytes(input);
        int[] cuts = {5, 20, 1000, 50_000, all.length - 20, all.length - 5};
        for (int cut : cuts) {
            byte[] first = java.util.Arrays.copyOfRange(all, 0, cut);
            byte[] second = java.util.Arrays.copyOfRange(all, cut, all.length);
            org.junit.jupiter.api.Assertions.assertEquals(expected, ParserHarness.feed(Config.DEFAULT, first, second));
        }
    }

    @Test
    void longestControlLineIsAccepted() {
        String subject = "a".repeat(4094);
        assertEvents(Config.DEFAULT, "PUB " + subject + " 1\r\nx\r\n", "PUB " + subject + " total=1 size=1 [x]");
    }

    @Test
    void controlLinesAboveTheDefaultWhenConfigured() {
        Config wide = Config.DEFAULT.withMaxControlLine(10_000);
        String subject = "s".repeat(9_998); // with " 1": exactly 10,000 argument bytes
        List<String> accepted = List.of("PUB " + subject + " 1\r\nx\r\n",
            "PUB " + subject + " total=1 size=1 [x]");
        List<String> refused = List.of("PUB s" + subject + " 1\r\nx\r\n", "ERROR MAX_CONTROL_LINE");
        for (List<String> c : List.of(accepted, refused)) {
            byte[] input = bytes(c.get(0));
            for (int cut : new int[] {0, 3, 4097, 9_000, input.length - 4}) {
                org.junit.jupiter.api.Assertions.assertEquals(List.of(c.get(1)), ParserHarness.feed(wide,
                    java.util.Arrays.copyOfRange(input, 0, cut), java.util.Arrays.copyOfRange(input, cut, input.length)));
            }
        }
    }

    @Test
    void subscriptionArgumentsKeepOneCharPerByte() {
        // Latin-1: the two UTF-8 bytes of e-acute become two chars, as the match cache decodes them.
        byte[] input = "SUB caf\u00e9.* q 1\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEvents(Config.DEFAULT, input, List.of("SUB caf\u00c3\u00a9.* q 1"));
    }

    @Test
    void limitsChangedBetweenOperationsApplyToTheNextOne() {
        RecordingHandler handler = new RecordingHandler();
        ProtocolParser parser = new ProtocolParser(handler, 4096, 2);
        parser.parse(io.netty.buffer.Unpooled.wrappedBuffer(bytes("PUB a 2\r\nhi\r\n")));
        parser.setMaxPayload(5);
        parser.setHeadersSupported(true);
        parser.parse(io.netty.buffer.Unpooled.wrappedBuffer(bytes("PUB a 5\r\nhello\r\nHPUB a 0 1\r\nx\r\n")));
        parser.setHeadersSupported(false);
        parser.parse(io.netty.buffer.Unpooled.wrappedBuffer(bytes("HPUB a 0 1\r\nx\r\n")));
        org.junit.jupiter.api.Assertions.assertEquals(List.of(
            "PUB a total=2 size=2 [hi]",
            "PUB a total=5 size=5 [hello]",
            "HPUB a hdr=0 hdrsize=0 total=1 size=1 [x]",
            "ERROR HEADERS_NOT_SUPPORTED"), handler.events);
    }
}
