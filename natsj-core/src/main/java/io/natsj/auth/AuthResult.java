package io.natsj.auth;

import java.util.List;

/**
 * What {@link Authenticator#authenticate} decided.
 *
 * @param ok whether the client may go on
 * @param user on success: the user it is (a configured one, or for a token or the single user a synthetic
 *     one without password); null when the server requires no authentication
 * @param account on success: the account's name, {@code $G} when none
 * @param permissions on success: what it may publish and subscribe to (response defaults filled in as
 *     nats-server does); null: unrestricted
 * @param error on failure: what nats-server logs as an error, e.g. {@code authentication error - User "bob"};
 *     the client is then sent {@code -ERR 'Authorization Violation'} and closed
 * @param warning null, or a server warning nats-server logs (a user in CONNECT while it comes from the cert)
 * @param debug what nats-server logs at debug level for this client along the way, in order
 */
public record AuthResult(boolean ok, User user, String account, Permissions permissions, String error,
        String warning, List<String> debug) {
    public AuthResult {
        debug = debug == null ? List.of() : List.copyOf(debug);
    }

    static AuthResult success(User user, String account, Permissions permissions, String warning,
            List<String> debug) {
        return new AuthResult(true, user, account == null ? Account.GLOBAL : account, permissions, null, warning,
                debug);
    }

    static AuthResult failure(String error, String warning, List<String> debug) {
        return new AuthResult(false, null, null, null, error, warning, debug);
    }

    /** The user name the client is known by after authentication (for logs and monitoring), or "". */
    public String username() {
        return user == null || user.username() == null ? "" : user.username();
    }
}
