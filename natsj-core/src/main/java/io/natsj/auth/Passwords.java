package io.natsj.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * nats-server's isBcrypt and comparePasswords, for passwords and tokens.
 *
 * <p>A bcrypt comparison costs tens of milliseconds on purpose, and natsj authenticates on the event
 * loop that also serves other clients; so a successful comparison is remembered (as a SHA-256 of
 * hash and password, never the password) and a reconnecting client with the same credentials costs
 * a hash lookup. Failures are never remembered: guessing still pays bcrypt's price every time.
 */
public final class Passwords {
    /** Verified (hash, password) digests; bounded, cleared when full. Thread-safe. */
    private static final Set<ByteKey> VERIFIED = ConcurrentHashMap.newKeySet();
    static final int VERIFIED_LIMIT = 4096;

    private Passwords() {
    }

    /** Go's {@code ^\$2[abxy]\$\d{2}\$.*}: a bcrypt hash rather than a plain password. */
    public static boolean isBcrypt(String password) {
        return password != null && password.length() >= 7 && password.charAt(0) == '$'
                && password.charAt(1) == '2' && "abxy".indexOf(password.charAt(2)) >= 0
                && password.charAt(3) == '$' && isDigit(password.charAt(4)) && isDigit(password.charAt(5))
                && password.charAt(6) == '$';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * comparePasswords: a bcrypt server password is checked with bcrypt, any other must be equal (compared
     * in constant time; nats-server 2.9 uses plain string equality, with the same outcome).
     *
     * @param serverPassword the configured password or token (null taken as empty)
     * @param clientPassword what the client sent (null taken as empty)
     */
    public static boolean compare(String serverPassword, String clientPassword) {
        String server = serverPassword == null ? "" : serverPassword;
        String client = clientPassword == null ? "" : clientPassword;
        if (isBcrypt(server)) {
            ByteKey key = ByteKey.of(server, client);
            if (VERIFIED.contains(key)) {
                return true;
            }
            boolean ok = Bcrypt.matches(server, client);
            if (ok) {
                if (VERIFIED.size() >= VERIFIED_LIMIT) {
                    VERIFIED.clear();
                }
                VERIFIED.add(key);
            }
            return ok;
        }
        return MessageDigest.isEqual(server.getBytes(StandardCharsets.UTF_8), client.getBytes(StandardCharsets.UTF_8));
    }

    /** SHA-256 of the hash, a separator and the password: the key of a verified pair. */
    private record ByteKey(byte[] digest) {
        static ByteKey of(String hash, String password) {
            try {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                md.update(hash.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                return new ByteKey(md.digest(password.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is required of every JDK", e);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ByteKey k && MessageDigest.isEqual(digest, k.digest);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(digest);
        }
    }
}
