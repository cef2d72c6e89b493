package io.natsj.config;

import io.natsj.auth.Permissions;
import io.natsj.auth.User;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A {@code users} array, of the authorization block or of an account, as nats-server's parseUsers
 * reads it: user/username, password/pass, nkey, permissions, allowed_connection_types.
 */
final class UsersReader {
    /** What Go's jwt package calls the connection types; nats-server compares them upper-cased. */
    static final Set<String> CONNECTION_TYPES = Set.of("STANDARD", "WEBSOCKET", "LEAFNODE", "LEAFNODE_WS", "MQTT",
            "MQTT_WS");

    /** The users and the nkey users, each list in file order, without account (the caller sets it). */
    record Users(List<User> users, List<User> nkeys) {
    }

    private UsersReader() {
    }

    /** Go's parseUsers; null (errors added) when the array or one of its users cannot be used. */
    static Users parse(ConfigValue mv, List<String> errors) {
        if (mv.kind() != ConfigValue.Kind.ARRAY) {
            errors.add(mv.source() + ": Expected users field to be an array, got " + GoFormat.v(mv));
            return null;
        }
        List<User> users = new ArrayList<>();
        List<User> nkeys = new ArrayList<>();
        try {
            for (ConfigValue u : mv.asList()) {
                if (u.kind() != ConfigValue.Kind.MAP) {
                    errors.add(u.source() + ": Expected user entry to be a map/struct, got " + GoFormat.v(u));
                    continue;
                }
                String problem = entry(u, errors, users, nkeys);
                if (problem != null) {
                    errors.add(problem);
                    return null;
                }
            }
        } catch (GoPanic p) {
            errors.add(p.getMessage());
            return null;
        }
        return new Users(users, nkeys);
    }

    /** One user map; returns the problem that makes Go drop the whole array, or null. */
    private static String entry(ConfigValue u, List<String> errors, List<User> users, List<User> nkeys) {
        String nkey = "";
        String name = "";
        String password = null;
        Permissions perms = null;
        Set<String> types = null;
        // Go reports the entry's problems at the last value it read (the entry itself when empty).
        ConfigValue last = u;
        for (Map.Entry<String, ConfigValue> e : u.asMap().entrySet()) {
            ConfigValue v = e.getValue();
            last = v;
            switch (e.getKey().toLowerCase(Locale.ROOT)) {
                case "nkey":
                    nkey = GoPanic.string(v);
                    break;
                case "user":
                case "username":
                    name = GoPanic.string(v);
                    break;
                case "pass":
                case "password":
                    password = GoPanic.string(v);
                    break;
                case "permission":
                case "permissions":
                case "authorization":
                    perms = PermissionsReader.parse(v, errors);
                    break;
                case "allowed_connection_types":
                case "connection_types":
                case "clients":
                    types = connectionTypes(v, errors);
                    break;
                default:
                    if (!v.usedVariable()) {
                        errors.add(v.source() + ": unknown field " + GoFormat.q(e.getKey()));
                    }
            }
        }
        if (nkey.isEmpty() && name.isEmpty()) {
            return last.source() + ": User entry requires a user";
        }
        if (!nkey.isEmpty()) {
            if (!Nkeys.isValidPublicUserKey(nkey)) {
                return last.source() + ": Not a valid public nkey for a user";
            }
            if (!name.isEmpty() || (password != null && !password.isEmpty())) {
                return last.source() + ": Nkey users do not take usernames or passwords";
            }
            nkeys.add(new User(null, null, nkey, perms, null, types));
        } else {
            users.add(new User(name, password, null, perms, null, types));
        }
        return null;
    }

    /** Go's parseAllowedConnectionTypes: upper-cased; unknown ones reported, the known ones kept. */
    private static Set<String> connectionTypes(ConfigValue v, List<String> errors) {
        List<String> given = new ArrayList<>();
        if (v.kind() == ConfigValue.Kind.STRING) {
            given.add((String) v.value());
        } else if (v.kind() == ConfigValue.Kind.ARRAY) {
            for (ConfigValue i : v.asList()) {
                if (i.kind() == ConfigValue.Kind.STRING) {
                    given.add((String) i.value());
                } else {
                    errors.add(i.source() + ": error parsing allowed connection types: unsupported type in array "
                            + GoFormat.t(i));
                }
            }
        } else {
            errors.add(v.source() + ": error parsing allowed connection types: unsupported type " + GoFormat.t(v));
            return null;
        }
        Set<String> known = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String t : given) {
            String upper = t.toUpperCase(Locale.ROOT);
            if (CONNECTION_TYPES.contains(upper)) {
                known.add(upper);
            } else {
                unknown.add(upper);
            }
        }
        if (!unknown.isEmpty()) {
            errors.add(v.source() + ": invalid connection types " + GoFormat.q(unknown));
        }
        return known;
    }
}
