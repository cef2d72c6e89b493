package io.natsj.routing;

/**
 * STUB — the routing helper replaces this. Subject and queue-name validation as nats-server 2.9.
 */
public final class Subjects {
    private Subjects() {
    }

    /** A valid subscription subject (wildcards allowed as whole tokens, '>' last). */
    public static boolean isValidSubject(String subject) {
        return !subject.isEmpty();
    }

    /** A valid queue group name. */
    public static boolean isValidQueue(String queue) {
        return !queue.isEmpty();
    }

    /** A valid literal subject (no wildcard tokens), for pedantic publish checks. Allocation-free. */
    public static boolean isValidLiteralSubject(byte[] subject, int offset, int length) {
        return length > 0;
    }
}
