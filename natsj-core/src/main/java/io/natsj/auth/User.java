package io.natsj.auth;

import java.util.Set;

/**
 * One user that may connect: by name and password ({@code password} plain, or a bcrypt hash
 * {@code $2a$...}), or by nkey ({@code nkey} a public user key "U..."; then {@code username} and
 * {@code password} are null), as nats-server's {@code User} and {@code NkeyUser}. With TLS
 * {@code verify_and_map}, {@code username} is the certificate identity (subject DN, e-mail or DNS
 * name) and the password is null.
 *
 * @param permissions null: the authorization block's default permissions apply
 * @param account the account's name; null: the global account {@code $G}
 * @param allowedConnectionTypes null or empty: every type (STANDARD, WEBSOCKET, LEAFNODE, MQTT)
 */
public record User(String username, String password, String nkey, Permissions permissions, String account,
        Set<String> allowedConnectionTypes) {
    public User {
        allowedConnectionTypes = allowedConnectionTypes == null ? Set.of() : Set.copyOf(allowedConnectionTypes);
    }

    public static User of(String username, String password) {
        return new User(username, password, null, null, null, null);
    }

    public static User nkey(String publicKey) {
        return new User(null, null, publicKey, null, null, null);
    }

    public User withPermissions(Permissions p) {
        return new User(username, password, nkey, p, account, allowedConnectionTypes);
    }

    public User withAccount(String a) {
        return new User(username, password, nkey, permissions, a, allowedConnectionTypes);
    }

    public boolean isNkey() {
        return nkey != null;
    }

    /** For logs and errors: never the password. */
    @Override
    public String toString() {
        return isNkey() ? "User[nkey=" + nkey + "]" : "User[" + username + "]";
    }
}
