package io.natsj.config;

import io.natsj.auth.Permissions;
import io.natsj.auth.User;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The top-level {@code authorization} block, as nats-server's parseAuthorization reads it and its
 * processConfigFileLine then checks it: a single user, a token, or a users array (never two of them,
 * and not a single user or token together with users of accounts), unique user names and nkeys.
 */
final class AuthorizationReader {
    /** What parseAuthorization returns. */
    private static final class Block {
        String user = "";
        String pass = "";
        String token = "";
        Double timeout;
        List<User> users;
        List<User> nkeys = List.of();
        Permissions defaultPermissions;
    }

    private AuthorizationReader() {
    }

    /** Reads {@code tk} (the block) into {@code d}; problems are added to {@code errors}. */
    static void apply(ConfigValue tk, AuthDraft d, List<String> errors) {
        Block auth = parse(tk, errors);
        if (auth == null) {
            // Go's parseAuthorization recovered from a panic and returned nil, which its caller then
            // dereferences: a second panic, reported at the block.
            errors.add(tk.source() + ": runtime error: invalid memory address or nil pointer dereference");
            return;
        }
        d.username = AuthDraft.emptyToNull(auth.user);
        d.password = AuthDraft.emptyToNull(auth.pass);
        d.token = AuthDraft.emptyToNull(auth.token);
        d.authTimeout = timeout(auth.timeout);
        if ((!auth.user.isEmpty() || !auth.pass.isEmpty()) && !auth.token.isEmpty()) {
            errors.add(tk.source() + ": Cannot have a user/pass and token");
            return;
        }
        Set<String> names = d.namesAndNkeys();
        if (auth.users != null || !names.isEmpty()) {
            if (!auth.user.isEmpty()) {
                errors.add(tk.source() + ": Can not have a single user/pass and a users array");
                return;
            }
            if (!auth.token.isEmpty()) {
                errors.add(tk.source() + ": Can not have a token and a users array");
                return;
            }
            List<User> users = auth.users == null ? List.of() : auth.users;
            for (User u : users) {
                if (!names.add(u.username())) {
                    errors.add(tk.source() + ": Duplicate user " + GoFormat.q(u.username()) + " detected");
                    return;
                }
            }
            d.users.addAll(users);
        }
        for (User u : auth.nkeys) {
            if (!names.add(u.nkey())) {
                errors.add(tk.source() + ": Duplicate nkey " + GoFormat.q(u.nkey()) + " detected");
                return;
            }
        }
        d.users.addAll(auth.nkeys);
    }

    /**
     * Go keeps the timeout in float seconds; zero (or no timeout) means its default. A negative one is
     * kept: Go keeps it too (and then times clients out at once).
     */
    private static Duration timeout(Double seconds) {
        if (seconds == null || seconds == 0) {
            return null;
        }
        return Duration.ofNanos((long) (seconds * 1e9));
    }

    /** Go's parseAuthorization; null when it panicked. */
    private static Block parse(ConfigValue tk, List<String> errors) {
        Block auth = new Block();
        try {
            for (Map.Entry<String, ConfigValue> e : GoPanic.map(tk).entrySet()) {
                ConfigValue v = e.getValue();
                switch (e.getKey().toLowerCase(Locale.ROOT)) {
                    case "user":
                    case "username":
                        auth.user = GoPanic.string(v);
                        break;
                    case "pass":
                    case "password":
                        auth.pass = GoPanic.string(v);
                        break;
                    case "token":
                        auth.token = GoPanic.string(v);
                        break;
                    case "timeout":
                        // Go takes an integer or a float as seconds, and anything else as 1 second.
                        if (v.kind() == ConfigValue.Kind.INTEGER) {
                            auth.timeout = ((Long) v.value()).doubleValue();
                        } else if (v.kind() == ConfigValue.Kind.FLOAT) {
                            auth.timeout = (Double) v.value();
                        } else {
                            auth.timeout = 1.0;
                        }
                        break;
                    case "users":
                        UsersReader.Users r = UsersReader.parse(v, errors);
                        if (r != null) {
                            auth.users = r.users();
                            auth.nkeys = r.nkeys();
                        }
                        break;
                    case "default_permission":
                    case "default_permissions":
                    case "permissions":
                        auth.defaultPermissions = PermissionsReader.parse(v, errors);
                        break;
                    default:
                        if (!v.usedVariable()) {
                            errors.add(v.source() + ": unknown field " + GoFormat.q(e.getKey()));
                        }
                }
            }
        } catch (GoPanic p) {
            errors.add(p.getMessage());
            return null;
        }
        auth.users = withDefaults(auth.users, auth.defaultPermissions);
        auth.nkeys = withDefaults(auth.nkeys, auth.defaultPermissions);
        return auth;
    }

    /**
     * Go's applyDefaultPermissions: users without permissions of their own get the block's. Done here,
     * not left to {@code AuthOptions.defaultPermissions}, because in Go these defaults reach only the
     * users of this block, never those of accounts.
     */
    static List<User> withDefaults(List<User> users, Permissions defaults) {
        if (users == null || defaults == null) {
            return users;
        }
        List<User> out = new ArrayList<>(users.size());
        for (User u : users) {
            out.add(u.permissions() == null ? u.withPermissions(defaults) : u);
        }
        return out;
    }
}
