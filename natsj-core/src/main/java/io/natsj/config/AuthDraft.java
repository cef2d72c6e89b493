package io.natsj.config;

import io.natsj.auth.Account;
import io.natsj.auth.AuthOptions;
import io.natsj.auth.Permissions;
import io.natsj.auth.User;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The authorization options while a file is read: the readers of {@code authorization},
 * {@code accounts} and the other keys add to it in file order, as nats-server's parsers add to its
 * Options. Starts from what the builder already had, which (like Go's options given to
 * ProcessConfigFile) counts for the duplicate and conflict checks.
 */
final class AuthDraft {
    String token;
    String username;
    String password;
    final List<User> users;
    Duration authTimeout;
    Permissions defaultPermissions;
    final Map<String, Account> accounts;
    String noAuthUser;
    String systemAccount;
    boolean noSystemAccount;

    AuthDraft(AuthOptions a) {
        token = a.token();
        username = a.username();
        password = a.password();
        users = new ArrayList<>(a.users());
        authTimeout = a.authTimeout();
        defaultPermissions = a.defaultPermissions();
        accounts = new LinkedHashMap<>(a.accounts());
        noAuthUser = a.noAuthUser();
        systemAccount = a.systemAccount();
        noSystemAccount = a.noSystemAccount();
    }

    /** Go's setupUsersAndNKeysDuplicateCheckMap: every user name and nkey so far. */
    Set<String> namesAndNkeys() {
        Set<String> s = new HashSet<>();
        for (User u : users) {
            s.add(u.isNkey() ? u.nkey() : u.username());
        }
        return s;
    }

    AuthOptions toOptions() {
        return new AuthOptions(token, username, password, users, authTimeout, defaultPermissions, accounts,
                noAuthUser, systemAccount, noSystemAccount);
    }

    static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
