package io.natsj.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Feeds input to a fresh parser in every way a socket could deliver it and checks that the handler
 * sees the same events each time. After each parse call the chunk's bytes are overwritten, as a reused
 * read buffer would be, so anything the parser kept without copying shows up as corruption.
 */
final class ParserHarness {
    /** Settings of the parser under test; defaults are nats-server's (4096, 1 MiB, headers on). */
    record Config(int maxControlLine, int maxPayload, boolean headers, boolean awaitingAuth) {
        static final Config DEFAULT = new Config(4096, 1024 * 1024, true, false);

        Config withHeaders(boolean on) {
            return new Config(maxControlLine, maxPayload, on, awaitingAuth);
        }

        Config withMaxControlLine(int max) {
            return new Config(max, maxPayload, headers, awaitingAuth);
        }

        Config withMaxPayload(int max) {
            return new Config(maxControlLine, max, headers, awaitingAuth);
        }

        Config withAwaitingAuth() {
            return new Config(maxControlLine, maxPayload, headers, true);
        }
    }

    private ParserHarness() {
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Parses the chunks in order with a new parser and returns the events. */
    static List<String> feed(Config config, byte[]... chunks) {
        RecordingHandler handler = new RecordingHandler();
        ProtocolParser parser = new ProtocolParser(handler, config.maxControlLine(), config.maxPayload());
        parser.setHeadersSupported(config.headers());
        parser.setAwaitingAuth(config.awaitingAuth());
        for (byte[] chunk : chunks) {
            byte[] copy = chunk.clone();
            ByteBuf buf = Unpooled.wrappedBuffer(copy);
            parser.parse(buf);
            assertEquals(0, buf.readableBytes(), "parse must consume every readable byte");
            Arrays.fill(copy, (byte) 'Z');
            buf.release();
        }
        parser.release();
        return handler.events;
    }

    /**
     * Asserts that the input gives exactly {@code expected} when fed whole, split in two at every
     * position, and one byte at a time.
     */
    static void assertEvents(Config config, byte[] input, List<String> expected) {
        assertEquals(expected, feed(config, input), "whole");
        for (int cut = 1; cut < input.length; cut++) {
            byte[] first = Arrays.copyOfRange(input, 0, cut);
            byte[] second = Arrays.copyOfRange(input, cut, input.length);
            assertEquals(expected, feed(config, first, second), "split at " + cut);
        }
        byte[][] singles = new byte[input.length][];
        for (int i = 0; i < input.length; i++) {
            singles[i] = new byte[] {input[i]};
        }
        assertEquals(expected, feed(config, singles), "byte at a time");
    }

    static void assertEvents(Config config, String input, String... expected) {
        assertEvents(config, bytes(input), List.of(expected));
    }

    static void assertEvents(String input, String... expected) {
        assertEvents(Config.DEFAULT, input, expected);
    }
}
