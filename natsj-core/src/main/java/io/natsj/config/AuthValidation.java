package io.natsj.config;

import io.natsj.auth.Account;
import io.natsj.auth.AuthOptions;
import io.natsj.auth.User;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The checks nats-server makes of authorization options when a server is created (validateAuth in
 * auth.go, and configureAccounts' system account lookup), plus the checks its configuration parser
 * makes that a Java caller could otherwise get past (nkeys, duplicate users, exports and imports).
 * Called by {@code NatsServerOptions.Builder.build()}; a configuration file has already passed the
 * parser's checks with their positions, so for it only the start-up checks can fail here, as in Go
 * (where {@code -t} does not make them either).
 */
public final class AuthValidation {
    private AuthValidation() {
    }

    /** @throws IllegalArgumentException with nats-server's text for the first problem */
    public static void validate(AuthOptions a) {
        String problem = problem(a);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    static String problem(AuthOptions a) {
        String p = structure(a);
        if (p != null) {
            return p;
        }
        for (User u : a.users()) {
            for (String type : u.allowedConnectionTypes()) {
                if (!UsersReader.CONNECTION_TYPES.contains(type.toUpperCase(Locale.ROOT))) {
                    return "unknown connection type " + GoFormat.q(type);
                }
            }
        }
        p = noAuthUser(a);
        if (p != null) {
            return p;
        }
        String sys = a.systemAccount();
        if (sys != null && !Account.GLOBAL.equals(sys) && !a.accounts().containsKey(sys)) {
            return "error resolving system account: account missing";
        }
        return null;
    }

    /** What Go's parser would have refused, for options built in Java. */
    private static String structure(AuthOptions a) {
        Set<String> names = new HashSet<>();
        for (User u : a.users()) {
            if (u.isNkey()) {
                if (!Nkeys.isValidPublicUserKey(u.nkey())) {
                    return "Not a valid public nkey for a user";
                }
                if (u.username() != null || (u.password() != null && !u.password().isEmpty())) {
                    return "Nkey users do not take usernames or passwords";
                }
                if (!names.add(u.nkey())) {
                    return "Duplicate nkey " + GoFormat.q(u.nkey()) + " detected";
                }
            } else {
                if (u.username() == null || u.username().isEmpty()) {
                    return "User entry requires a user";
                }
                if (!names.add(u.username())) {
                    return "Duplicate user " + GoFormat.q(u.username()) + " detected";
                }
            }
            // No Go text: its users hold the account itself, not a name that could be missing.
            if (u.account() != null && !Account.GLOBAL.equals(u.account()) && !a.accounts().containsKey(u.account())) {
                return GoFormat.q(u.account()) + " account not defined for user " + u;
            }
        }
        if (a.accounts().containsKey(Account.GLOBAL)) {
            return GoFormat.q(Account.GLOBAL) + " is a Reserved Account";
        }
        List<String> graph = AccountGraph.problems(a.accounts());
        return graph.isEmpty() ? null : graph.get(0);
    }

    /** Go's validateNoAuthUser (without operators, which natsj does not have). */
    private static String noAuthUser(AuthOptions a) {
        String name = a.noAuthUser();
        if (name == null || name.isEmpty()) {
            return null;
        }
        boolean anyUser = false;
        for (User u : a.users()) {
            if (!u.isNkey()) {
                anyUser = true;
                if (name.equals(u.username())) {
                    return null;
                }
            }
        }
        if (!anyUser) {
            return "no_auth_user: \"" + name + "\" present, but users are not defined";
        }
        return "no_auth_user: \"" + name + "\" not present as user in authorization block or account configuration";
    }
}
