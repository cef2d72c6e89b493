package io.natsj.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtocolReaderTest {
    /** Records everything, so a stream cut anywhere can be compared with the whole. */
    private static final class Recorder implements ProtocolReader.Listener {
        final List<String> events = new ArrayList<>();

        @Override
        public void onPing() {
            events.add("PING");
        }

        @Override
        public void onPong() {
            events.add("PONG");
        }

        @Override
        public void onOk() {
            events.add("+OK");
        }

        @Override
        public void onErr(String text) {
            events.add("ERR " + text);
        }

        @Override
        public void onInfo(String json) {
            events.add("INFO " + json);
        }

        @Override
        public boolean wantsMsgArgs() {
            return true;
        }

        @Override
        public void onMsgArgs(byte[] buf, int off, int len) {
            events.add("ARGS " + new String(buf, off, len, StandardCharsets.US_ASCII));
        }

        @Override
        public boolean wantsSequence() {
            return true;
        }

        @Override
        public void onSequence(long seq) {
            events.add("SEQ " + seq);
        }
    }

    private static byte[] stream() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("INFO {\"server_id\":\"x\"}\r\nPING\r\n+OK\r\n".getBytes(StandardCharsets.US_ASCII));
        for (long seq : new long[] {7, 1L << 40}) {
            byte[] payload = new byte[12];
            for (int i = 0; i < 8; i++) {
                payload[i] = (byte) (seq >>> (56 - 8 * i));
            }
            out.writeBytes(("MSG a.b 1 " + payload.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(payload);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        // A payload full of CRLFs and protocol words must be skipped by its size, not scanned.
        out.writeBytes("HMSG a.b 2 _INBOX.r 12 22\r\nNATS/1.0\r\n\r\nPING\r\nMSG \r\n".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes("MSG e 3 0\r\n\r\nPONG\r\n-ERR 'Slow Consumer'\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static final List<String> EXPECTED = List.of("INFO {\"server_id\":\"x\"}", "PING", "+OK",
            "ARGS a.b 1 12", "SEQ 7", "ARGS a.b 1 12", "SEQ " + (1L << 40), "ARGS a.b 2 _INBOX.r 12 22",
            "SEQ " + 0x4e4154532f312e30L, "ARGS e 3 0", "PONG", "ERR 'Slow Consumer'");

    @Test
    void parsesTheWholeStreamInOneChunk() {
        Recorder r = new Recorder();
        ProtocolReader reader = new ProtocolReader(r);
        byte[] s = stream();
        reader.feed(s, 0, s.length);
        assertEquals(EXPECTED, r.events);
        assertEquals(4, reader.messages());
        assertEquals(0, reader.lastPayloadSize());
    }

    @Test
    void givesTheSameEventsWhereverTheStreamIsCut() {
        byte[] s = stream();
        for (int cut1 = 0; cut1 <= s.length; cut1++) {
            for (int cut2 = cut1; cut2 <= s.length; cut2 += 7) {
                Recorder r = new Recorder();
                ProtocolReader reader = new ProtocolReader(r);
                reader.feed(s, 0, cut1);
                reader.feed(s, cut1, cut2 - cut1);
                reader.feed(s, cut2, s.length - cut2);
                assertEquals(EXPECTED, r.events, "cut at " + cut1 + " and " + cut2);
                assertEquals(4, reader.messages());
            }
        }
    }

    @Test
    void refusesWhatIsNotTheProtocol() {
        ProtocolReader reader = new ProtocolReader(() -> { });
        byte[] junk = "HELLO\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThrows(IllegalStateException.class, () -> reader.feed(junk, 0, junk.length));
    }
}
