package io.natsj.auth;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How clients authenticate and what they may do: nats-server's authorization options (the
 * {@code authorization} block, {@code accounts}, {@code no_auth_user}, {@code system_account}, and the
 * {@code --user}, {@code --pass} and {@code --auth} flags). Immutable.
 *
 * @param token {@code authorization { token }} or {@code --auth}: plain or bcrypt; null: none
 * @param username single user ({@code authorization { user }} or {@code --user}); null: none
 * @param password its password, plain or bcrypt
 * @param users every user of the users lists, nkeys included, with their accounts
 * @param authTimeout null: nats-server's default (2 s; with TLS, the TLS timeout + 1 s)
 * @param defaultPermissions for users without permissions of their own; null: unrestricted
 * @param accounts by name, in configuration order; {@code $G} is implicit
 * @param noAuthUser a user of {@code users} that clients without credentials become; null: none
 * @param systemAccount null: {@code $SYS}, created if not configured (unless noSystemAccount)
 */
public record AuthOptions(String token, String username, String password, List<User> users, Duration authTimeout,
        Permissions defaultPermissions, Map<String, Account> accounts, String noAuthUser, String systemAccount,
        boolean noSystemAccount) {
    public static final AuthOptions NONE = new AuthOptions(null, null, null, List.of(), null, null, Map.of(), null,
            null, false);

    public AuthOptions {
        users = users == null ? List.of() : List.copyOf(users);
        accounts = accounts == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(accounts));
    }

    /** Whether clients must authenticate (INFO's auth_required). */
    public boolean authRequired() {
        return token != null || username != null || !users.isEmpty();
    }

    public AuthOptions withToken(String t) {
        return new AuthOptions(t, username, password, users, authTimeout, defaultPermissions, accounts, noAuthUser,
                systemAccount, noSystemAccount);
    }

    public AuthOptions withUser(String u, String p) {
        return new AuthOptions(token, u, p, users, authTimeout, defaultPermissions, accounts, noAuthUser,
                systemAccount, noSystemAccount);
    }

    public AuthOptions withUsers(List<User> list) {
        return new AuthOptions(token, username, password, list, authTimeout, defaultPermissions, accounts, noAuthUser,
                systemAccount, noSystemAccount);
    }

    public AuthOptions withAuthTimeout(Duration d) {
        return new AuthOptions(token, username, password, users, d, defaultPermissions, accounts, noAuthUser,
                systemAccount, noSystemAccount);
    }

    public AuthOptions withDefaultPermissions(Permissions p) {
        return new AuthOptions(token, username, password, users, authTimeout, p, accounts, noAuthUser,
                systemAccount, noSystemAccount);
    }

    public AuthOptions withAccounts(Map<String, Account> a) {
        return new AuthOptions(token, username, password, users, authTimeout, defaultPermissions, a, noAuthUser,
                systemAccount, noSystemAccount);
    }

    public AuthOptions withNoAuthUser(String u) {
        return new AuthOptions(token, username, password, users, authTimeout, defaultPermissions, accounts, u,
                systemAccount, noSystemAccount);
    }

    public AuthOptions withSystemAccount(String s, boolean none) {
        return new AuthOptions(token, username, password, users, authTimeout, defaultPermissions, accounts,
                noAuthUser, s, none);
    }

    /** Never prints secrets. */
    @Override
    public String toString() {
        return "AuthOptions[token=" + (token != null) + ", user=" + username + ", users=" + users
                + ", accounts=" + accounts.keySet() + ", noAuthUser=" + noAuthUser + "]";
    }
}
