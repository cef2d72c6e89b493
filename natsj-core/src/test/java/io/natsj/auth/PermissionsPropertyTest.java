package io.natsj.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The engine against a plain, slow reference written straight from nats-server 2.9.10's client.go and
 * sublist.go on Strings: random permission lists (wildcards, queue entries, malformed entries) and
 * random sequences of SUB, PUB and deliveries, many enough to fill and prune the publish cache.
 */
class PermissionsPropertyTest {
    // ---- reference ----

    private static String[] tokens(String s) {
        return s.split("\\.", -1);
    }

    /** Go's Sublist.Insert accepts it. */
    private static boolean insertable(String subject) {
        String[] t = tokens(subject);
        for (int i = 0; i < t.length; i++) {
            if (t[i].isEmpty() || (t[i].equals(">") && i != t.length - 1)) {
                return false;
            }
        }
        return true;
    }

    /** Go's Sublist.Match for one inserted entry. */
    private static boolean matches(String entry, String subject) {
        if (!insertable(entry)) {
            return false;
        }
        String[] s = tokens(subject);
        for (String t : s) {
            if (t.isEmpty()) {
                return false;
            }
        }
        String[] e = tokens(entry);
        for (int i = 0; i < e.length; i++) {
            if (e[i].equals(">")) {
                return s.length > i;
            }
            if (i >= s.length || (!e[i].equals("*") && !e[i].equals(s[i]))) {
                return false;
            }
        }
        return e.length == s.length;
    }

    private static boolean isWild(String s) {
        for (String t : tokens(s)) {
            if (t.equals("*") || t.equals(">")) {
                return true;
            }
        }
        return false;
    }

    private static boolean subset(String subject, String test) {
        String[] a = tokens(subject);
        String[] b = tokens(test);
        for (int i = 0; i < b.length; i++) {
            if (i >= a.length || b[i].isEmpty()) {
                return false;
            }
            if (b[i].equals(">")) {
                return true;
            }
            if (a[i].isEmpty() || a[i].equals(">")) {
                return false;
            }
            if (a[i].equals("*")) {
                if (!b[i].equals("*")) {
                    return false;
                }
                continue;
            }
            if (!b[i].equals("*") && !a[i].equals(b[i])) {
                return false;
            }
        }
        return a.length == b.length;
    }

    private record Match(boolean plain, Set<String> queues) {
    }

    private static Match subMatch(List<String> entries, String subject) {
        boolean plain = false;
        Set<String> queues = new LinkedHashSet<>();
        for (String raw : entries) {
            String[] f = raw.trim().split("\\s+");
            if (raw.isBlank() || f.length > 2 || !matches(f[0], subject)) {
                continue;
            }
            if (f.length == 1) {
                plain = true;
            } else {
                queues.add(f[1]);
            }
        }
        return new Match(plain, queues);
    }

    private static boolean queueMatches(String queue, Set<String> names) {
        for (String n : names) {
            if (queue.equals(n) || (isWild(n) && subset(queue, n))) {
                return true;
            }
        }
        return false;
    }

    /** One connection's state in the reference. */
    private static final class Reference {
        final Permissions p;
        boolean filter;

        Reference(Permissions p) {
            this.p = p;
        }

        boolean canPublish(String subject) {
            SubjectPermission pub = p.publish();
            if (pub == null) {
                return true;
            }
            boolean allowed = true;
            if (pub.allow() != null) {
                allowed = pub.allow().stream().anyMatch(e -> matches(e, subject));
            }
            if (allowed && pub.deny() != null) {
                allowed = pub.deny().stream().noneMatch(e -> matches(e, subject));
            }
            return allowed;
        }

        boolean canSubscribe(String subject, String queue) {
            SubjectPermission sub = p.subscribe();
            if (sub == null) {
                return true;
            }
            boolean allowed = true;
            if (sub.allow() != null && !sub.allow().isEmpty()) {
                Match r = subMatch(sub.allow(), subject);
                allowed = r.plain();
                if (queue != null && !r.queues().isEmpty()) {
                    allowed = queueMatches(queue, r.queues());
                }
            }
            if (allowed && sub.deny() != null && !sub.deny().isEmpty()) {
                Match r = subMatch(sub.deny(), subject);
                allowed = !r.plain();
                if (queue != null && !r.queues().isEmpty()) {
                    allowed = !queueMatches(queue, r.queues());
                }
                if (allowed && !filter && isWild(subject)) {
                    filter = sub.deny().stream().anyMatch(d -> subset(d, subject));
                }
            }
            return allowed;
        }

        boolean deliveryDenied(String subject) {
            return filter && p.subscribe().deny().stream().anyMatch(d -> matches(d, subject));
        }
    }

    // ---- generators ----

    private static Arbitrary<String> token(boolean wild) {
        return wild ? Arbitraries.of("a", "b", "c", "d", "*", ">", "ab") : Arbitraries.of("a", "b", "c", "d", "e", "ab");
    }

    private static Arbitrary<String> subject(boolean wild, int maxTokens) {
        return token(wild).list().ofMinSize(1).ofMaxSize(maxTokens).map(l -> String.join(".", l));
    }

    private static Arbitrary<String> queue() {
        return Arbitraries.of("q", "r", "q.a", "q.*", "*", ">", "q.>");
    }

    private static Arbitrary<String> entry(boolean withQueue) {
        Arbitrary<String> malformed = Arbitraries.of("a..b", ".a", "a.>.b", "", "a b c");
        Arbitrary<String> plain = subject(true, 3);
        if (!withQueue) {
            return Arbitraries.frequencyOf(Tuple.of(12, plain), Tuple.of(1, malformed));
        }
        Arbitrary<String> queued = Combinators.combine(subject(true, 3), queue()).as((s, q) -> s + " " + q);
        return Arbitraries.frequencyOf(Tuple.of(8, plain), Tuple.of(4, queued), Tuple.of(1, malformed));
    }

    private static Arbitrary<List<String>> list(boolean withQueue) {
        Arbitrary<List<String>> some = entry(withQueue).list().ofMaxSize(5);
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just((List<String>) null)),
                Tuple.of(4, some));
    }

    private static Arbitrary<SubjectPermission> direction(boolean withQueue) {
        return Combinators.combine(list(withQueue), list(withQueue)).as(SubjectPermission::new).injectNull(0.2);
    }

    @Provide
    Arbitrary<Permissions> permissions() {
        return Combinators.combine(direction(false), direction(true)).as((p, s) -> new Permissions(p, s, null));
    }

    /** An operation: 0 SUB (subject, queue), 1 PUB subject, 2 delivery of subject. */
    private record Op(int kind, String subject, String queue) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> sub = Combinators.combine(subject(true, 3), queue().injectNull(0.6))
                .as((s, q) -> new Op(0, s, q));
        Arbitrary<Op> pub = Arbitraries.oneOf(subject(false, 4), Arbitraries.of("a..b", "", "a.", "*.a"))
                .map(s -> new Op(1, s, null));
        Arbitrary<Op> deliver = subject(false, 4).map(s -> new Op(2, s, null));
        return Arbitraries.frequencyOf(Tuple.of(1, sub), Tuple.of(6, pub),
                Tuple.of(3, deliver)).list().ofMinSize(1).ofMaxSize(400);
    }

    @Property(tries = 1000)
    void agreesWithTheReference(@ForAll("permissions") Permissions p, @ForAll("ops") List<Op> ops) {
        ClientPermissions c = CompiledPermissions.compile(p).newClient();
        Reference ref = new Reference(p);
        List<String> log = new ArrayList<>();
        for (Op op : ops) {
            log.add(op.toString());
            switch (op.kind()) {
                case 0 -> assertEquals(ref.canSubscribe(op.subject(), op.queue()),
                        c.canSubscribe(op.subject(), op.queue()), () -> p + " " + log);
                case 1 -> assertEquals(ref.canPublish(op.subject()), c.canPublish(op.subject()), () -> p + " " + log);
                default -> {
                    byte[] b = SubjectTokens.wire(op.subject());
                    assertEquals(ref.deliveryDenied(op.subject()), c.deliveryDenied(b, 0, b.length),
                            () -> p + " " + log);
                }
            }
        }
    }
}
