package io.natsj.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OutboundTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void onlyTheFirstAppendSinceATakeAsksForAFlush() {
        Outbound out = new Outbound(channel, 1 << 20);
        assertEquals(Outbound.Result.APPENDED_FLUSH_NEEDED, out.appendBytes(bytes("PONG\r\n")));
        assertEquals(Outbound.Result.APPENDED, out.appendBytes(bytes("+OK\r\n")));
        assertEquals(Outbound.Result.APPENDED, out.appendErr("Invalid Subject"));
        ByteBuf taken = out.take();
        assertEquals("PONG\r\n+OK\r\n-ERR 'Invalid Subject'\r\n", taken.toString(StandardCharsets.US_ASCII));
        taken.release();
        assertNull(out.take());
        assertEquals(Outbound.Result.APPENDED_FLUSH_NEEDED, out.appendBytes(bytes("PING\r\n")));
    }

    @Test
    void theAppendThatCrossesMaxPendingMakesASlowConsumerAndLaterOnesAreRefused() {
        Outbound out = new Outbound(channel, 20);
        assertEquals(Outbound.Result.APPENDED_FLUSH_NEEDED, out.appendBytes(bytes("0123456789")));
        assertEquals(Outbound.Result.APPENDED, out.appendBytes(bytes("0123456789")));
        assertEquals(Outbound.Result.SLOW_CONSUMER, out.appendBytes(bytes("x")));
        assertEquals(Outbound.Result.CLOSED, out.appendBytes(bytes("y")));
        assertNull(out.take());
    }

    @Test
    void bytesQueuedInTheChannelCountTowardsMaxPending() {
        Outbound out = new Outbound(channel, 20);
        out.appendBytes(bytes("0123456789012345"));
        // Handed to the channel but not flushed: still pending from nats-server's point of view.
        channel.write(out.take());
        assertEquals(Outbound.Result.SLOW_CONSUMER, out.appendBytes(bytes("0123456789")));
    }

    @Test
    void closeFreesWhatWasNotTaken() {
        Outbound out = new Outbound(channel, 1 << 20);
        out.appendBytes(bytes("PONG\r\n"));
        out.close();
        assertEquals(0, out.buffered());
        assertEquals(Outbound.Result.CLOSED, out.appendBytes(bytes("PONG\r\n")));
    }
}
