package io.natsj.auth;

import java.time.Duration;

/**
 * {@code allow_responses}: a client may publish to the reply subject of a request it received, up to
 * {@code maxMsgs} times within {@code expires}, even where its publish permissions deny that subject.
 * Zero means nats-server's default: 1 message, 2 minutes ({@link CompiledPermissions} applies them);
 * negative values mean unlimited.
 */
public record ResponsePermission(int maxMsgs, Duration expires) {
    public static final int DEFAULT_MAX_MSGS = 1;

    public ResponsePermission {
        expires = expires == null ? Duration.ZERO : expires;
    }

    public static ResponsePermission defaults() {
        return new ResponsePermission(DEFAULT_MAX_MSGS, Duration.ZERO);
    }
}
