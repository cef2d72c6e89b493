package io.natsj.protocol;

import static io.natsj.protocol.ParserHarness.assertEvents;
import static io.natsj.protocol.ParserHarness.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.protocol.ParserHarness.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Protocol violations, each as nats-server 2.9.10 answered when sent the same bytes (after
 * {@code CONNECT {"verbose":false}}): "-ERR X, closed" or "closed, no -ERR". Every case is also fed
 * split at every byte and one byte at a time. Ops before the error are delivered; nothing after it.
 */
class ProtocolParserErrorsTest {
    private static final String UNKNOWN = "ERROR UNKNOWN_OPERATION";
    private static final String MAX_LINE = "ERROR MAX_CONTROL_LINE";
    private static final String MAX_PAYLOAD = "ERROR MAX_PAYLOAD";
    private static final String BAD_PUB = "ERROR INVALID_PUB_ARGUMENTS";
    private static final String BAD_SUB = "ERROR INVALID_SUB_ARGUMENTS";
    private static final String BAD_UNSUB = "ERROR INVALID_UNSUB_ARGUMENTS";
    private static final String NO_HEADERS = "ERROR HEADERS_NOT_SUPPORTED";
    private static final String AUTH = "ERROR AUTHORIZATION_VIOLATION";
    private static final String CLIENT_ERR = "ERROR CLIENT_ERROR";

    static Stream<Arguments> goAnswers() {
        Config noHeaders = Config.DEFAULT.withHeaders(false);
        return Stream.of(
            // Bytes where an op must start. Go: -ERR 'Unknown Protocol Operation', closed.
            c("\r\nPING\r\n", UNKNOWN),
            c("\nPING\r\n", UNKNOWN),
            c(" PING\r\n", UNKNOWN),
            c("\u0000", UNKNOWN),
            c("PING\r\n\r\nPING\r\n", "PING", UNKNOWN),
            c("XYZ\r\n", UNKNOWN),
            c("PIN\r\n", UNKNOWN),
            c("PIN"), // Go: waits
            c("+O\r\n", UNKNOWN),
            c("-ERR\r\n", UNKNOWN),
            c("PUB\r\n", UNKNOWN),
            c("PUBX a 1\r\n", UNKNOWN),
            c("SUB\r\n", UNKNOWN),
            c("UNSUB\r\n", UNKNOWN),
            c("HPUB\r\n", UNKNOWN),
            c("HM\r\n", UNKNOWN),
            c("HMSG\r\n", UNKNOWN),
            c("HMSG a 1 2\r\nPING\r\n", UNKNOWN), // empty payload must be followed by CRLF
            // Route, leafnode and server ops from a client. Go: -ERR 'Unknown Protocol Operation', closed.
            c("MSG a 1 1\r\nx\r\n", UNKNOWN),
            c("RS+ a\r\n", UNKNOWN),
            c("RMSG $G a 1\r\nx\r\n", UNKNOWN),
            c("LS+ a\r\n", UNKNOWN),
            c("LMSG a 1\r\n", UNKNOWN),
            c("A+ a\r\n", UNKNOWN),
            // A payload not followed by exactly CRLF. Go: -ERR 'Unknown Protocol Operation', closed, not delivered.
            c("PUB a 2\r\nhi\nPING\r\n", UNKNOWN),
            c("PUB a 2\r\nhix\r\n", UNKNOWN),
            c("PUB a 2\r\nh\r\nPING\r\n", UNKNOWN),
            c("PUB a 2\r\nhi\r\r\n", UNKNOWN),
            c("PUB a 2\r\nhi\r\n\r\n", "PUB a total=2 size=2 [hi]", UNKNOWN),
            // PUB arguments. Go: closed without -ERR.
            c("PUB a\r\n", BAD_PUB),
            c("PUB \r\n", BAD_PUB),
            c("PUB a b c 2\r\nhi\r\n", BAD_PUB),
            c("PUB a -1\r\n", BAD_PUB),
            c("PUB a x\r\n", BAD_PUB),
            c("PUB a +2\r\nhi\r\n", BAD_PUB),
            c("PUB a 9999999999\r\n", BAD_PUB), // 10 digits: not a size at all
            c("PUB a\r 1\nx\r\n", BAD_PUB), // the line loses its last byte once a CR was seen: "a\r "
            c("PUB a\rb 1\nx\r\n", BAD_PUB),
            c("PUB a 1\r\r\nx\r\n", BAD_PUB), // size "1\r"
            // max_payload. Go: -ERR 'Maximum Payload Violation', closed.
            c("PUB a 999999999\r\n", MAX_PAYLOAD),
            c("PUB a 1048577\r\n", MAX_PAYLOAD),
            c("PUB a 1048576\r\n"), // Go: waits for the payload
            c(Config.DEFAULT.withMaxPayload(2), "PUB a 2\r\nhi\r\nPUB a 3\r\n", "PUB a total=2 size=2 [hi]", MAX_PAYLOAD),
            c(Config.DEFAULT.withMaxPayload(-1), "PUB a 999999999\r\n"), // no limit
            // HPUB. Go: bad arguments closed without -ERR; total over max_payload -ERR, closed.
            c("HPUB a 3 2\r\nhi\r\n", BAD_PUB),
            c("HPUB a 2\r\nhi\r\n", BAD_PUB),
            c("HPUB a b c 1 2\r\nhi\r\n", BAD_PUB),
            c("HPUB a x 2\r\nhi\r\n", BAD_PUB),
            c("HPUB a 1 x\r\nhi\r\n", BAD_PUB),
            c("HPUB a 2000000 1\r\n", BAD_PUB), // hdr > total is checked before max_payload
            c("HPUB a 12 1048577\r\n", MAX_PAYLOAD),
            c("HPUB a 1048577 1048577\r\n", MAX_PAYLOAD),
            // HPUB without headers negotiated. Go: closed without -ERR, before looking at the arguments.
            c(noHeaders, "HPUB a 12 14\r\nNATS/1.0\r\n\r\nhi\r\n", NO_HEADERS),
            c(noHeaders, "HPUB a 12 1048577\r\n", NO_HEADERS),
            c(noHeaders, "HPUB a b\r\n", NO_HEADERS),
            c(noHeaders, "HPUB\r\n", UNKNOWN),
            // SUB and UNSUB arguments. Go: closed without -ERR.
            c("SUB a\r\nPING\r\n", BAD_SUB),
            c("SUB \r\n", BAD_SUB),
            c("SUB a q 1 x\r\n", BAD_SUB),
            c("UNSUB \r\n", BAD_UNSUB),
            c("UNSUB 1 2 3\r\n", BAD_UNSUB),
            // -ERR from a client. Go: logs "Client Error ...", closes without -ERR.
            c("-ERR 'x'\r\nPING\r\n", "-ERR 'x'", CLIENT_ERR),
            c("-err\tfoo\r\n", "-ERR foo", CLIENT_ERR),
            // max_control_line 4096 counts the argument bytes after the op name and its blanks.
            // Go: -ERR 'maximum control line exceeded', closed.
            c("PUB " + "a".repeat(4095) + " 1\r\nx\r\n", MAX_LINE),
            c("PUB " + "a".repeat(4097), MAX_LINE), // Go: even before the line is complete
            c("PUB " + "a".repeat(4096)), // Go: waits
            c("PUB " + "a".repeat(4096) + "\r"), // Go: waits (the CR is not counted)
            c("PUB " + "a ".repeat(2049) + "\r\n", MAX_LINE), // length beats bad arguments
            c("SUB " + "a".repeat(4095) + " 1\r\n", MAX_LINE),
            c("UNSUB " + "1".repeat(4097) + "\r\n", MAX_LINE),
            c("-ERR " + "1".repeat(4097) + "\r\n", MAX_LINE),
            c("HMSG " + "1".repeat(4097) + "\r\n", MAX_LINE),
            c("INFO " + "1".repeat(4097) + "\r\n", MAX_LINE),
            c("CONNECT {\"verbose\":false,\"name\":\"" + "n".repeat(5000) + "\"}\r\n", MAX_LINE),
            c(Config.DEFAULT.withMaxControlLine(8), "SUB a 1\r\nSUB abcdef 1\r\nSUB abcdefg 1\r\n", "SUB a - 1", "SUB abcdef - 1", MAX_LINE),
            // Awaiting authentication. Go (--user/--pass): -ERR 'Authorization Violation', closed, on the
            // first byte of any op not starting with C.
            c(Config.DEFAULT.withAwaitingAuth(), "PING\r\n", AUTH),
            c(Config.DEFAULT.withAwaitingAuth(), "\r\n", AUTH),
            c(Config.DEFAULT.withAwaitingAuth(), "X", AUTH),
            c(Config.DEFAULT.withAwaitingAuth(), "C"),
            c(Config.DEFAULT.withAwaitingAuth(), "CRAP\r\n", UNKNOWN),
            c(Config.DEFAULT.withAwaitingAuth(), "CONNECT {}\r\n", "CONNECT {}"));
    }

    private static Arguments c(String input, String... events) {
        return c(Config.DEFAULT, input, events);
    }

    private static Arguments c(Config config, String input, String... events) {
        String name = input.length() > 40 ? input.substring(0, 40) + "...(" + input.length() + ")" : input;
        return Arguments.of(RecordingHandler.text(bytes(name), 0, name.length()), config, input, List.of(events));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goAnswers")
    void answersAsNatsServerDoes(String name, Config config, String input, List<String> expected) {
        assertEvents(config, bytes(input), expected);
    }

    @Test
    void errorsCarryGoTextsAndCloseFlags() {
        assertEquals("Unknown Protocol Operation", ProtocolError.UNKNOWN_OPERATION.text);
        assertEquals("maximum control line exceeded", ProtocolError.MAX_CONTROL_LINE.text);
        assertEquals("Maximum Payload Violation", ProtocolError.MAX_PAYLOAD.text);
        assertEquals("Authorization Violation", ProtocolError.AUTHORIZATION_VIOLATION.text);
        for (ProtocolError silent : List.of(ProtocolError.INVALID_PUB_ARGUMENTS, ProtocolError.INVALID_SUB_ARGUMENTS,
            ProtocolError.INVALID_UNSUB_ARGUMENTS, ProtocolError.HEADERS_NOT_SUPPORTED, ProtocolError.CLIENT_ERROR)) {
            assertNull(silent.text, silent.name());
        }
        for (ProtocolError e : ProtocolError.values()) {
            assertTrue(e.closes, e.name());
        }
    }

    @Test
    void nothingIsParsedAfterAnError() {
        RecordingHandler handler = new RecordingHandler();
        ProtocolParser parser = new ProtocolParser(handler, 4096, 1024);
        parser.parse(io.netty.buffer.Unpooled.wrappedBuffer(bytes("PING\r\nXPING\r\n")));
        parser.parse(io.netty.buffer.Unpooled.wrappedBuffer(bytes("PING\r\n")));
        assertEquals(List.of("PING", UNKNOWN), handler.events);
    }

    @Test
    void handlerCanStopTheParser() {
        // A server rejecting CONNECT closes the connection; Go drops the rest of the read.
        List<String> events = new ArrayList<>();
        ProtocolParser[] parser = new ProtocolParser[1];
        RecordingHandler handler = new RecordingHandler() {
            @Override
            public void onConnect(String json) {
                super.onConnect(json);
                parser[0].stop();
            }
        };
        parser[0] = new ProtocolParser(handler, 4096, 1024);
        parser[0].parse(io.netty.buffer.Unpooled.wrappedBuffer(bytes("PING\r\nCONNECT x\r\nPUB a 1\r\nx\r\n")));
        events.addAll(handler.events);
        assertEquals(List.of("PING", "CONNECT x"), events);
    }

    @Test
    void releaseDuringOnPubIsSafe() {
        ProtocolParser[] parser = new ProtocolParser[1];
        RecordingHandler handler = new RecordingHandler() {
            @Override
            public void onPub(PubMessage m) {
                super.onPub(m);
                parser[0].release();
            }
        };
        parser[0] = new ProtocolParser(handler, 4096, 1024);
        parser[0].parse(io.netty.buffer.Unpooled.wrappedBuffer(bytes("PUB a 2\r\nh")));
        parser[0].parse(io.netty.buffer.Unpooled.wrappedBuffer(bytes("i\r\nPING\r\n")));
        parser[0].release();
        assertEquals(List.of("PUB a total=2 size=2 [hi]"), handler.events);
    }
}
