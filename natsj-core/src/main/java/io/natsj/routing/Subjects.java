package io.natsj.routing;

/**
 * Subject and queue-name rules of nats-server 2.9.10 (sublist.go, client.go). Stateless; any thread.
 *
 * <p>Tokens are separated by '.'. A token is a wildcard only when it is exactly {@code *} or {@code >};
 * {@code foo.*bar} is a literal subject. Go works on bytes; for '.', '*', '>' and the ASCII whitespace
 * checked here, UTF-8 bytes and Java chars give the same answers, because no byte of a multi-byte
 * UTF-8 sequence is ASCII.
 */
public final class Subjects {
    /** Go's {@code sysGroup}: a client may not use it as a queue group name. */
    static final String SYSTEM_QUEUE = "_sys_";

    private Subjects() {
    }

    /**
     * Go's {@code IsValidSubject}: non-empty tokens, no ' ', '\t', '\n', '\r' or '\f' anywhere, and
     * nothing after a {@code >} token. Use it for subjects that come from configuration or APIs.
     *
     * <p>A client's SUB is checked more loosely by Go; see {@link #isValidSubscribeSubject(String)}.
     */
    public static boolean isValidSubject(String subject) {
        if (!isValidSubscribeSubject(subject)) {
            return false;
        }
        for (int i = 0; i < subject.length(); i++) {
            switch (subject.charAt(i)) {
                case ' ', '\t', '\n', '\r', '\f':
                    return false;
                default:
                    break;
            }
        }
        return true;
    }

    /**
     * What nats-server 2.9.10 accepts on a client's SUB: processSub does not call IsValidSubject; the
     * only check is Sublist.Insert's, which rejects an empty token and any token after {@code >}, and
     * nothing else (whitespace cannot reach it except '\f', which the real server accepts:
     * {@code SUB foo\fbar 1} subscribes). On false the server answers {@code -ERR 'Invalid Subject'}
     * and keeps the connection. {@link SubjectIndex#insert} enforces the same rule.
     */
    public static boolean isValidSubscribeSubject(String subject) {
        int n = subject.length();
        if (n == 0) {
            return false;
        }
        int start = 0;
        for (int i = 0; i <= n; i++) {
            if (i == n || subject.charAt(i) == '.') {
                if (i == start) {
                    return false;
                }
                boolean fullWildcard = i - start == 1 && subject.charAt(start) == '>';
                if (fullWildcard && i != n) {
                    return false;
                }
                start = i + 1;
            }
        }
        return true;
    }

    /**
     * Go's {@code IsValidLiteralSubject}, used for a pedantic client's PUB/HPUB: non-empty tokens and no
     * token that is exactly {@code *} or {@code >}. Go checks no whitespace here. Allocation-free.
     * On false Go sends {@code -ERR 'Invalid Publish Subject'} but still delivers the message.
     */
    public static boolean isValidLiteralSubject(byte[] subject, int offset, int length) {
        if (length <= 0) {
            return false;
        }
        int end = offset + length;
        int start = offset;
        for (int i = offset; i <= end; i++) {
            if (i == end || subject[i] == '.') {
                if (i == start) {
                    return false;
                }
                if (i - start == 1 && (subject[start] == '*' || subject[start] == '>')) {
                    return false;
                }
                start = i + 1;
            }
        }
        return true;
    }

    /**
     * Go validates no queue-name syntax on SUB (any non-whitespace bytes are accepted), but a client
     * using the reserved group {@code _sys_} is refused with
     * {@code -ERR 'Permissions Violation for Subscription to "<subject>" using queue "_sys_"'}
     * (client.go processSubEx), connection kept. Returns true for that reserved name.
     */
    public static boolean isReservedQueue(String queue) {
        return SYSTEM_QUEUE.equals(queue);
    }

    /** True if some token is exactly {@code *} or {@code >} (Go's subjectHasWildcard). */
    static boolean hasWildcard(String subject) {
        int n = subject.length();
        for (int i = 0; i < n; i++) {
            char c = subject.charAt(i);
            if ((c == '*' || c == '>')
                    && (i == 0 || subject.charAt(i - 1) == '.')
                    && (i + 1 == n || subject.charAt(i + 1) == '.')) {
                return true;
            }
        }
        return false;
    }
}
