package io.natsj.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** nats-server's isBcrypt and comparePasswords, for passwords and tokens. */
public final class Passwords {
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
            return Bcrypt.matches(server, client);
        }
        return MessageDigest.isEqual(server.getBytes(StandardCharsets.UTF_8), client.getBytes(StandardCharsets.UTF_8));
    }
}
