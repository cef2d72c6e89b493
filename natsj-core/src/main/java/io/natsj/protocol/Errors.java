package io.natsj.protocol;

/**
 * Every -ERR text natsj sends, spelled exactly as nats-server 2.9 spells it. The one place for them.
 */
public final class Errors {
    private Errors() {
    }

    public static final String UNKNOWN_PROTOCOL_OPERATION = "Unknown Protocol Operation";
    public static final String MAX_CONTROL_LINE_EXCEEDED = "maximum control line exceeded";
    public static final String MAX_PAYLOAD_VIOLATION = "Maximum Payload Violation";
    public static final String STALE_CONNECTION = "Stale Connection";
    public static final String MAX_CONNECTIONS_EXCEEDED = "maximum connections exceeded";
    public static final String MAX_SUBSCRIPTIONS_EXCEEDED = "maximum subscriptions exceeded";
    public static final String INVALID_CLIENT_PROTOCOL = "invalid client protocol";
    public static final String NO_RESPONDERS_REQUIRES_HEADERS = "no responders requires headers support";
    public static final String INVALID_SUBJECT = "Invalid Subject";
    public static final String INVALID_PUBLISH_SUBJECT = "Invalid Publish Subject";
    public static final String AUTHORIZATION_VIOLATION = "Authorization Violation";
    public static final String AUTHENTICATION_TIMEOUT = "Authentication Timeout";

    /** {@code Permissions Violation for Publish to "<subject>"}. */
    public static String publishViolation(String subject) {
        return "Permissions Violation for Publish to " + goQuote(subject);
    }

    /** {@code Permissions Violation for Subscription to "<subject>"[ using queue "<queue>"]}. */
    public static String subscriptionViolation(String subject, String queue) {
        String text = "Permissions Violation for Subscription to " + goQuote(subject);
        return queue == null ? text : text + " using queue " + goQuote(queue);
    }

    /** After a reload took the right away: {@code Permissions Violation for Subscription to "<subject>" (sid "<sid>")}. */
    public static String subscriptionViolationOnReload(String subject, String sid) {
        return "Permissions Violation for Subscription to " + goQuote(subject) + " (sid " + goQuote(sid) + ")";
    }

    /** {@code Permissions Violation for Publish with Reply of "<reply>"}. */
    public static String publishReplyViolation(String reply) {
        return "Permissions Violation for Publish with Reply of " + goQuote(reply);
    }

    /** A subject (one char per byte, as natsj keeps them) quoted as Go's %q quotes it. */
    public static String goQuote(String s) {
        return GoQuote.quoteLatin1(s);
    }
}
