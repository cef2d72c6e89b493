package io.natsj.jetstream;

import io.natsj.protocol.GoJson;
import java.nio.charset.StandardCharsets;

/**
 * A pull consumer's MSG.NEXT request body, read as nats-server's nextReqFromMsg reads it: nothing (one
 * message), a number (a batch), or a JSON JSApiConsumerGetNextRequest.
 *
 * @param expiresNanos 0 when the request does not expire
 */
record NextRequest(int batch, long maxBytes, boolean noWait, long expiresNanos, long heartbeatNanos) {
    /** A request nats-server refuses with 400 "Bad Request - &lt;message&gt;". */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    static NextRequest parse(byte[] body) throws Invalid {
        String req = new String(body, StandardCharsets.UTF_8).strip();
        if (req.isEmpty()) {
            return new NextRequest(1, 0, false, 0, 0);
        }
        if (req.charAt(0) == '{') {
            try {
                GoJson.Struct s = GoJson.struct("server.JSApiConsumerGetNextRequest", req);
                long expires = s.integer("expires", "time.Duration", 64);
                long batch = s.integer("batch", "int", 64);
                long maxBytes = s.integer("max_bytes", "int", 64);
                boolean noWait = s.bool("no_wait");
                long hb = s.integer("idle_heartbeat", "time.Duration", 64);
                if (hb > 0 && hb * 2 > expires) {
                    throw new Invalid("heartbeat value too large");
                }
                return new NextRequest((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, batch)), maxBytes, noWait,
                        Math.max(0, expires), hb);
            } catch (GoJson.SyntaxError | GoJson.TypeError e) {
                throw new Invalid(e.getMessage());
            }
        }
        try {
            return new NextRequest(Integer.parseInt(req), 0, false, 0, 0);
        } catch (NumberFormatException e) {
            return new NextRequest(1, 0, false, 0, 0);
        }
    }

    /**
     * The delay of {@code -NAK <arg>}: a JSON {@code {"delay":ns}} or a Go duration; Long.MIN_VALUE when
     * it reads as neither (nats-server then treats it as a plain nak and warns).
     */
    static long nakDelay(String arg) {
        try {
            if (arg.startsWith("{")) {
                return GoJson.struct("server.ConsumerNakOptions", arg).integer("delay", "time.Duration", 64);
            }
            return io.natsj.config.GoDurations.parse(arg).toNanos();
        } catch (GoJson.SyntaxError | GoJson.TypeError | IllegalArgumentException e) {
            return Long.MIN_VALUE;
        }
    }
}
