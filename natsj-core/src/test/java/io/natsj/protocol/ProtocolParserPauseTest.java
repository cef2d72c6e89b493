package io.natsj.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** pause() after a CONNECT leaves the rest of the buffer unread, and resume() goes on from there. */
class ProtocolParserPauseTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 64})
    void operationsAfterAPausingConnectWaitForResume(int chunk) {
        ProtocolParser[] self = new ProtocolParser[1];
        RecordingHandler h = new RecordingHandler() {
            @Override
            public void onConnect(String json) {
                super.onConnect(json);
                self[0].pause();
            }
        };
        ProtocolParser p = new ProtocolParser(h, 4096, 1024 * 1024);
        self[0] = p;
        byte[] all = "CONNECT {}\r\nSUB a 1\r\nPUB a 2\r\nhi\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII);
        ByteBuf held = Unpooled.buffer();
        for (int i = 0; i < all.length; i += chunk) {
            ByteBuf in = Unpooled.wrappedBuffer(all, i, Math.min(chunk, all.length - i));
            if (p.isPaused()) {
                held.writeBytes(in);
            } else {
                p.parse(in);
                if (p.isPaused()) {
                    held.writeBytes(in);
                }
            }
        }
        assertEquals(List.of("CONNECT {}"), h.events);
        assertTrue(held.isReadable());
        p.resume();
        p.parse(held);
        assertEquals(List.of("CONNECT {}", "SUB a - 1", "PUB a total=2 size=2 [hi]", "PING"), h.events);
    }
}
