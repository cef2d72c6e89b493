package io.natsj.config;

import io.natsj.auth.Account;
import io.natsj.auth.JetStreamLimits;
import io.natsj.auth.Export;
import io.natsj.auth.Import;
import io.natsj.auth.Permissions;
import io.natsj.auth.User;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The top-level {@code accounts}, as nats-server's parseAccounts reads it: a list of names, or a map
 * of accounts with users, default_permissions, exports and imports. Once every account is read (and
 * only if the file has no problem so far, as Go bails out), exports and imports are checked against
 * each other by {@link AccountGraph}, with the problems reported at the {@code accounts} value.
 *
 * <p>Account features natsj does not have (mappings, limits, account nkeys, service
 * latency, account token positions) are refused by name, like the top-level options in
 * {@link UnsupportedOptions}.
 */
final class AccountsReader {
    private AccountsReader() {
    }

    static void apply(ConfigValue tk, AuthDraft d, List<String> errors) {
        try {
            if (tk.kind() == ConfigValue.Kind.ARRAY) {
                names(tk.asList(), d, errors);
            } else if (tk.kind() == ConfigValue.Kind.MAP) {
                Set<String> names = d.namesAndNkeys();
                for (Map.Entry<String, ConfigValue> e : tk.asMap().entrySet()) {
                    account(e.getKey(), e.getValue(), d, names, errors);
                }
            }
            // Go ignores any other kind of value.
        } catch (GoPanic p) {
            errors.add(p.getMessage());
            return;
        }
        if (!errors.isEmpty()) {
            return;
        }
        for (String problem : AccountGraph.problems(d.accounts)) {
            errors.add(tk.source() + ": " + problem);
        }
    }

    private static void names(List<ConfigValue> list, AuthDraft d, List<String> errors) {
        Set<String> seen = new HashSet<>();
        for (ConfigValue n : list) {
            String name = GoPanic.string(n);
            if (Account.GLOBAL.equals(name)) {
                errors.add(n.source() + ": " + GoFormat.q(name) + " is a Reserved Account");
                continue;
            }
            if (!seen.add(name)) {
                errors.add(n.source() + ": Duplicate Account Entry: " + name);
                continue;
            }
            d.accounts.put(name, Account.named(name));
        }
    }

    private static void account(String name, ConfigValue tk, AuthDraft d, Set<String> names, List<String> errors) {
        if (tk.usedVariable()) {
            return; // Go skips a variable referenced within the block
        }
        if (tk.kind() != ConfigValue.Kind.MAP) {
            errors.add(tk.source() + ": Expected map entries for accounts");
            return;
        }
        if (Account.GLOBAL.equals(name)) {
            errors.add(tk.source() + ": " + GoFormat.q(name) + " is a Reserved Account");
            return;
        }
        List<Export> exports = new ArrayList<>();
        List<Import> imports = new ArrayList<>();
        UsersReader.Users users = null;
        ConfigValue usersTk = null;
        Permissions defaults = null;
        JetStreamLimits jetStream = null;
        d.accounts.put(name, Account.named(name)); // keeps the file's order; replaced below
        for (Map.Entry<String, ConfigValue> e : tk.asMap().entrySet()) {
            ConfigValue v = e.getValue();
            String key = e.getKey();
            switch (key.toLowerCase(Locale.ROOT)) {
                case "nkey":
                    if (v.kind() != ConfigValue.Kind.STRING || !Nkeys.isValidPublicAccountKey((String) v.value())) {
                        errors.add(v.source() + ": Not a valid public nkey for an account: " + GoFormat.q(GoFormat.v(v)));
                    } else {
                        unsupported(key, v, "account nkeys", errors);
                    }
                    break;
                case "imports":
                    List<Import> i = ImportsReader.parse(v, errors);
                    if (i != null) {
                        imports.addAll(i);
                    }
                    break;
                case "exports":
                    List<Export> x = ExportsReader.parse(v, errors);
                    if (x != null) {
                        exports.addAll(x);
                    }
                    break;
                case "jetstream":
                    jetStream = JetStreamReader.account(v, jetStream, errors);
                    break;
                case "users":
                    usersTk = v;
                    UsersReader.Users u = UsersReader.parse(v, errors);
                    if (u != null) {
                        users = u;
                    }
                    break;
                case "default_permissions":
                    defaults = PermissionsReader.parse(v, errors);
                    break;
                case "mappings":
                case "maps":
                    unsupported(key, v, "subject mappings", errors);
                    break;
                case "limits":
                    unsupported(key, v, "account limits", errors);
                    break;
                default:
                    if (!v.usedVariable()) {
                        errors.add(v.source() + ": unknown field " + GoFormat.q(key));
                    }
            }
        }
        d.accounts.put(name, new Account(name, exports, imports, jetStream));
        if (users != null) {
            addUsers(name, users, usersTk, defaults, d, names, errors);
        }
    }

    /** Go's checks after an account's users are read, then the users join the options. */
    private static void addUsers(String account, UsersReader.Users users, ConfigValue usersTk, Permissions defaults,
            AuthDraft d, Set<String> names, List<String> errors) {
        if (users.users().isEmpty() && users.nkeys().isEmpty()) {
            return;
        }
        if (d.username != null) {
            errors.add(usersTk.source() + ": Can not have a single user/pass and accounts");
            return;
        }
        if (d.token != null) {
            errors.add(usersTk.source() + ": Can not have a token and accounts");
            return;
        }
        for (User u : AuthorizationReader.withDefaults(users.nkeys(), defaults)) {
            if (!names.add(u.nkey())) {
                errors.add(usersTk.source() + ": Duplicate nkey " + GoFormat.q(u.nkey()) + " detected");
                continue;
            }
            d.users.add(u.withAccount(account));
        }
        for (User u : AuthorizationReader.withDefaults(users.users(), defaults)) {
            if (!names.add(u.username())) {
                errors.add(usersTk.source() + ": Duplicate user " + GoFormat.q(u.username()) + " detected");
                continue;
            }
            d.users.add(u.withAccount(account));
        }
    }

    static void unsupported(String key, ConfigValue v, String feature, List<String> errors) {
        errors.add(v.source() + ": option " + GoFormat.q(key) + " is not supported by natsj yet (" + feature + ")");
    }
}
