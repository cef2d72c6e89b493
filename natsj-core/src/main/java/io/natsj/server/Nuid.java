package io.natsj.server;

import java.security.SecureRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * NATS unique identifiers, as the event ids nats-server puts in advisories: 22 base-62 characters, a
 * random 12-character prefix followed by a 10-character sequence that starts at a random value and
 * moves by a random increment; a new prefix when the sequence runs out.
 *
 * <p>Thread-safe: every method is synchronized (events are rare; this guards prefix and sequence).
 */
final class Nuid {
    private static final char[] DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int BASE = 62;
    private static final int PREFIX_LENGTH = 12;
    private static final int SEQ_LENGTH = 10;
    private static final long MAX_SEQ = 839299365868340224L; // 62^10
    private static final long MIN_INC = 33;
    private static final long MAX_INC = 333;

    private final SecureRandom random = new SecureRandom();
    private final char[] prefix = new char[PREFIX_LENGTH];
    private long seq;
    private long inc;

    Nuid() {
        randomizePrefix();
        resetSequential();
    }

    synchronized String next() {
        seq += inc;
        if (seq >= MAX_SEQ) {
            randomizePrefix();
            resetSequential();
        }
        char[] b = new char[PREFIX_LENGTH + SEQ_LENGTH];
        System.arraycopy(prefix, 0, b, 0, PREFIX_LENGTH);
        long l = seq;
        for (int i = b.length - 1; i >= PREFIX_LENGTH; i--) {
            b[i] = DIGITS[(int) (l % BASE)];
            l /= BASE;
        }
        return new String(b);
    }

    private void randomizePrefix() {
        byte[] r = new byte[PREFIX_LENGTH];
        random.nextBytes(r);
        for (int i = 0; i < PREFIX_LENGTH; i++) {
            prefix[i] = DIGITS[(r[i] & 0xff) % BASE];
        }
    }

    private void resetSequential() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        seq = r.nextLong(MAX_SEQ);
        inc = MIN_INC + r.nextLong(MAX_INC - MIN_INC);
    }
}
