package io.natsj.config;

import io.natsj.auth.Permissions;
import io.natsj.auth.ResponsePermission;
import io.natsj.auth.SubjectPermission;
import io.natsj.routing.Subjects;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code permissions} map of a user (or {@code default_permissions}), as nats-server's
 * parseUserPermissions and its helpers read it: publish/subscribe as a subject, an array or an
 * allow/deny map; allow_responses as a boolean or a max/expires map.
 *
 * <p>Go quirks kept on purpose: a subject given directly (not in an allow/deny map) is checked without
 * a token, so its errors carry no {@code file:line:col}; an empty array or map means "no
 * restriction"; allow_responses empties a publish allow list that is not there yet, so only responses
 * may be published unless publish is given (after it, in file order).
 */
final class PermissionsReader {
    /** Marks a failed subject permission, which leaves the earlier value in place (Go's continue). */
    private static final SubjectPermission FAILED = new SubjectPermission(null, null);
    private static final List<String> FAILED_LIST = List.of();

    private PermissionsReader() {
    }

    /** Go's parseUserPermissions; null (errors added) when it is not a map. */
    static Permissions parse(ConfigValue mv, List<String> errors) {
        if (mv.kind() != ConfigValue.Kind.MAP) {
            errors.add(mv.source() + ": Expected permissions to be a map/struct, got " + GoFormat.v(mv));
            return null;
        }
        SubjectPermission pub = null;
        SubjectPermission sub = null;
        ResponsePermission resp = null;
        for (Map.Entry<String, ConfigValue> e : mv.asMap().entrySet()) {
            ConfigValue v = e.getValue();
            switch (e.getKey().toLowerCase(Locale.ROOT)) {
                case "pub":
                case "publish":
                case "import":
                    SubjectPermission p = variable(v, errors);
                    if (p != FAILED) {
                        pub = p;
                    }
                    break;
                case "sub":
                case "subscribe":
                case "export":
                    SubjectPermission s = variable(v, errors);
                    if (s != FAILED) {
                        sub = s;
                    }
                    break;
                case "publish_allow_responses":
                case "allow_responses":
                    if (v.kind() == ConfigValue.Kind.BOOLEAN) {
                        if ((Boolean) v.value()) {
                            resp = ResponsePermission.defaults();
                        }
                    } else {
                        resp = allowResponses(v, errors);
                    }
                    if (resp != null && (pub == null || pub.allow() == null)) {
                        // Go turns off the blanket publish allow: responses only, unless publish says more.
                        pub = new SubjectPermission(List.of(), pub == null ? null : pub.deny());
                    }
                    break;
                default:
                    if (!v.usedVariable()) {
                        errors.add(v.source() + ": Unknown field " + GoFormat.q(e.getKey()) + " parsing permissions");
                    }
            }
        }
        return new Permissions(pub, sub, resp);
    }

    /** Go's parseVariablePermissions: an allow/deny map, or the old style (subjects to allow). */
    private static SubjectPermission variable(ConfigValue v, List<String> errors) {
        if (v.kind() == ConfigValue.Kind.MAP) {
            return subjectPermission(v.asMap(), errors);
        }
        List<String> subjects = subjects(v, false, errors);
        return subjects == FAILED_LIST ? FAILED : new SubjectPermission(subjects, null);
    }

    /** Go's parseSubjectPermission; an empty map is no restriction at all (null). */
    private static SubjectPermission subjectPermission(Map<String, ConfigValue> m, List<String> errors) {
        if (m.isEmpty()) {
            return null;
        }
        List<String> allow = null;
        List<String> deny = null;
        for (Map.Entry<String, ConfigValue> e : m.entrySet()) {
            ConfigValue v = e.getValue();
            switch (e.getKey().toLowerCase(Locale.ROOT)) {
                case "allow":
                    List<String> a = subjects(v, true, errors);
                    if (a != FAILED_LIST) {
                        allow = a;
                    }
                    break;
                case "deny":
                    List<String> d = subjects(v, true, errors);
                    if (d != FAILED_LIST) {
                        deny = d;
                    }
                    break;
                default:
                    if (!v.usedVariable()) {
                        errors.add(v.source() + ": Unknown field name " + GoFormat.q(e.getKey())
                                + " parsing subject permissions, only 'allow' or 'deny' are permitted");
                    }
            }
        }
        return new SubjectPermission(allow, deny);
    }

    /**
     * Go's parsePermSubjects: a subject or an array of subjects, each valid (a subscribe entry may add
     * a queue group after a space). {@code positioned}: whether Go still has the value's token here.
     * Returns null for an empty array (Go's nil slice), FAILED_LIST after an error.
     */
    private static List<String> subjects(ConfigValue v, boolean positioned, List<String> errors) {
        String at = positioned ? v.source() + ": " : "";
        List<String> subjects = new ArrayList<>();
        if (v.kind() == ConfigValue.Kind.STRING) {
            subjects.add((String) v.value());
        } else if (v.kind() == ConfigValue.Kind.ARRAY) {
            for (ConfigValue i : v.asList()) {
                if (i.kind() != ConfigValue.Kind.STRING) {
                    errors.add(i.source() + ": Subject in permissions array cannot be cast to string");
                    return FAILED_LIST;
                }
                subjects.add((String) i.value());
            }
        } else {
            errors.add(at + "Expected subject permissions to be a subject, or array of subjects, got " + GoFormat.t(v));
            return FAILED_LIST;
        }
        String bad = invalidSubject(subjects);
        if (bad != null) {
            errors.add(at + "subject " + GoFormat.q(bad) + " is not a valid subject");
            return FAILED_LIST;
        }
        return subjects.isEmpty() ? null : subjects;
    }

    /** Go's checkPermSubjectArray: the first invalid subject (or queue-qualified subject), or null. */
    static String invalidSubject(List<String> subjects) {
        for (String s : subjects) {
            if (!Subjects.isValidSubject(s)) {
                String[] fields = s.trim().split("[ \\t\\n\\r\\f\\u000b]+");
                if (fields.length != 2 || fields[0].isEmpty()) {
                    return s;
                }
                if (!Subjects.isValidSubject(fields[0])) {
                    return fields[0];
                }
            }
        }
        return null;
    }

    /** Go's parseAllowResponses for the map form; null after an error. */
    private static ResponsePermission allowResponses(ConfigValue tk, List<String> errors) {
        if (tk.kind() != ConfigValue.Kind.MAP) {
            errors.add(tk.source() + ": error parsing response permissions, expected a boolean or a map");
            return null;
        }
        int max = ResponsePermission.DEFAULT_MAX_MSGS;
        Duration expires = Duration.ZERO;
        try {
            for (Map.Entry<String, ConfigValue> e : tk.asMap().entrySet()) {
                ConfigValue v = e.getValue();
                switch (e.getKey().toLowerCase(Locale.ROOT)) {
                    case "max":
                    case "max_msgs":
                    case "max_messages":
                    case "max_responses":
                        long n = GoPanic.integer(v);
                        // Zero keeps the default; negative means unlimited, as in Go.
                        if (n != 0) {
                            max = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, n));
                        }
                        break;
                    case "expires":
                    case "expiration":
                    case "ttl":
                        if (v.kind() != ConfigValue.Kind.STRING) {
                            errors.add(v.source() + ": error parsing expires, not a duration string");
                            return null;
                        }
                        Duration ttl;
                        try {
                            ttl = GoDurations.parse((String) v.value());
                        } catch (IllegalArgumentException ex) {
                            errors.add(v.source() + ": error parsing expires: " + ex.getMessage());
                            return null;
                        }
                        if (!ttl.isZero()) {
                            expires = ttl;
                        }
                        break;
                    default:
                        if (!v.usedVariable()) {
                            errors.add(v.source() + ": Unknown field " + GoFormat.q(e.getKey()) + " parsing permissions");
                        }
                }
            }
        } catch (GoPanic p) {
            errors.add(p.getMessage());
            return null;
        }
        return new ResponsePermission(max, expires);
    }
}
