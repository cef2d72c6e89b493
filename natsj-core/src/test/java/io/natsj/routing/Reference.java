package io.natsj.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The obviously-correct matcher: a list of subscriptions, each tested token by token. */
final class Reference {
    private final List<Subscription> subs = new ArrayList<>();

    void insert(Subscription sub) {
        if (!contains(sub)) {
            subs.add(sub);
        }
    }

    boolean remove(Subscription sub) {
        return subs.removeIf(s -> s == sub);
    }

    boolean contains(Subscription sub) {
        return subs.stream().anyMatch(s -> s == sub);
    }

    List<Subscription> all() {
        return subs;
    }

    /** Does subscription subject {@code pattern} match publish subject {@code subject}? */
    static boolean matches(String pattern, String subject) {
        String[] p = pattern.split("\\.", -1);
        String[] s = subject.split("\\.", -1);
        for (String token : s) {
            if (token.isEmpty()) {
                return false;
            }
        }
        for (int i = 0; i < p.length; i++) {
            if (p[i].equals(">")) {
                return s.length > i;
            }
            if (i >= s.length || !(p[i].equals("*") || p[i].equals(s[i]))) {
                return false;
            }
        }
        return p.length == s.length;
    }

    /** Plain subscriptions matching subject. */
    Set<Subscription> plain(String subject) {
        Set<Subscription> out = identitySet();
        for (Subscription s : subs) {
            if (s.queue == null && matches(s.subject, subject)) {
                out.add(s);
            }
        }
        return out;
    }

    /** Queue name to the members matching subject. */
    Map<String, Set<Subscription>> queues(String subject) {
        Map<String, Set<Subscription>> out = new HashMap<>();
        for (Subscription s : subs) {
            if (s.queue != null && matches(s.subject, subject)) {
                out.computeIfAbsent(s.queue, q -> identitySet()).add(s);
            }
        }
        return out;
    }

    /** Asserts that actual is exactly what this reference matches for subject. */
    void check(String subject, MatchResult actual) {
        assertNotNull(actual, subject);
        Set<Subscription> plain = identitySet();
        for (Subscription s : actual.plain) {
            assertTrue(plain.add(s), () -> "duplicate plain sub for " + subject);
        }
        assertEquals(plain(subject), plain, () -> "plain subs for " + subject);
        Map<String, Set<Subscription>> queues = new HashMap<>();
        for (Subscription[] group : actual.queues) {
            assertTrue(group.length > 0, "empty queue group");
            String name = group[0].queue;
            assertTrue(queues.put(name, identitySet()) == null, () -> "queue " + name + " split in two groups");
            for (Subscription s : group) {
                assertEquals(name, s.queue, "member of another queue in the group");
                assertTrue(queues.get(name).add(s), () -> "duplicate queue sub for " + subject);
            }
        }
        assertEquals(queues(subject), queues, () -> "queue subs for " + subject);
        assertEquals(plain.isEmpty() && queues.isEmpty(), actual.isEmpty());
    }

    static Set<Subscription> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }
}
