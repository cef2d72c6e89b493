package io.natsj.routing;

import java.nio.charset.StandardCharsets;

/**
 * The subscriptions and publish subjects of {@link MatchBenchmark}: connections of 10 subscriptions
 * each, connection {@code c} holding
 * <ul>
 *   <li>{@code svc.<c>.*}, {@code events.<c>.>} and {@code *.<c>.status} (wildcards: 30%),</li>
 *   <li>{@code svc.<c>.3} in queue group {@code workers},</li>
 *   <li>{@code _INBOX.<c>.4} and {@code svc.<c>.<i>} for i = 5..9 (literals).</li>
 * </ul>
 * So every publish walks a {@code *} at the first level as well as its literal path.
 */
final class Subscriptions {
    private static final int PER_CONNECTION = 10;

    private Subscriptions() {
    }

    static SubjectIndex index(int count) {
        SubjectIndex index = new SubjectIndex();
        Subscriber connection = null;
        for (int s = 0; s < count; s++) {
            int c = s / PER_CONNECTION;
            int i = s % PER_CONNECTION;
            if (i == 0) {
                connection = new Subscriber() { };
            }
            String subject = switch (i) {
                case 0 -> "svc." + c + ".*";
                case 1 -> "events." + c + ".>";
                case 2 -> "*." + c + ".status";
                case 4 -> "_INBOX." + c + "." + i;
                default -> "svc." + c + "." + i;
            };
            index.insert(new Subscription(connection, subject, i == 3 ? "workers" : null, Integer.toString(i)));
        }
        return index;
    }

    /** {@code svc.<c>.5} of a connection in the middle: matches {@code svc.<c>.*} and itself. */
    static byte[] hitSubject(int count) {
        int connections = Math.max(1, count / PER_CONNECTION);
        return ("svc." + connections / 2 + ".5").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * {@code n} distinct subjects {@code svc.<c>.<k>} for c over twice the connections: those of an
     * existing connection match {@code svc.<c>.*} and, for k = 3 or 5..9, one more; the others match
     * nothing (a publish nobody listens to).
     */
    static String[] cycle(int count, int n) {
        int spread = 2 * Math.max(1, count / PER_CONNECTION);
        String[] subjects = new String[n];
        for (int j = 0; j < n; j++) {
            subjects[j] = "svc." + j % spread + "." + j / spread;
        }
        return subjects;
    }

    static byte[][] bytes(String[] subjects) {
        byte[][] bytes = new byte[subjects.length][];
        for (int i = 0; i < subjects.length; i++) {
            bytes[i] = subjects[i].getBytes(StandardCharsets.US_ASCII);
        }
        return bytes;
    }
}
