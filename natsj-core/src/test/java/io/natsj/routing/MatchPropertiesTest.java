package io.natsj.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;

/**
 * SubjectIndex and MatchCache against {@link Reference}, over a 3-letter token alphabet so that
 * matches, overlaps and shared queue groups are common.
 */
class MatchPropertiesTest {

    /** A subscription to create: subject, queue (null = plain). */
    record Spec(String subject, String queue) {
    }

    /** One step: 0 insert pool[sub], 1 remove pool[sub], 2 match subject via caches, 3 via the index. */
    record Op(int kind, int sub, String subject) {
    }

    @Provide
    Arbitrary<String> subscriptionSubject() {
        return Arbitraries.frequencyOf(
                        Tuple.of(6, Arbitraries.of("a", "b", "c")),
                        Tuple.of(2, Arbitraries.just("*")),
                        Tuple.of(1, Arbitraries.just(">")))
                .list().ofMinSize(1).ofMaxSize(4)
                .map(tokens -> String.join(".", tokens))
                .filter(Subjects::isValidSubscribeSubject);
    }

    /** Mostly valid literal subjects; sometimes wildcard tokens (matched literally) or empty tokens. */
    @Provide
    Arbitrary<String> publishSubject() {
        return Arbitraries.frequencyOf(
                        Tuple.of(20, Arbitraries.of("a", "b", "c")),
                        Tuple.of(1, Arbitraries.of("*", ">", "", "*b")))
                .list().ofMinSize(1).ofMaxSize(5)
                .map(tokens -> String.join(".", tokens));
    }

    @Provide
    Arbitrary<Spec> spec() {
        Arbitrary<String> queue = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just((String) null)),
                Tuple.of(2, Arbitraries.of("q1", "q2")));
        return Combinators.combine(subscriptionSubject(), queue).as(Spec::new);
    }

    @Provide
    Arbitrary<Op> op() {
        Arbitrary<Integer> kind = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(0)),
                Tuple.of(2, Arbitraries.just(1)),
                Tuple.of(4, Arbitraries.just(2)),
                Tuple.of(1, Arbitraries.just(3)));
        return Combinators.combine(kind, Arbitraries.integers().between(0, 29), publishSubject()).as(Op::new);
    }

    @Property(tries = 400)
    void indexAndCachesAgreeWithReference(
            @ForAll @Size(min = 1, max = 30) List<@From("spec") Spec> specs,
            @ForAll @Size(max = 200) List<@From("op") Op> ops) {
        List<Subscription> pool = create(specs);
        SubjectIndex index = new SubjectIndex();
        Reference ref = new Reference();
        List<MatchCache> caches = List.of(
                new MatchCache(index), new MatchCache(index, 4), new MatchCache(index, 16));

        for (Op op : ops) {
            Subscription sub = pool.get(op.sub() % pool.size());
            switch (op.kind()) {
                case 0 -> {
                    index.insert(sub);
                    ref.insert(sub);
                }
                case 1 -> assertEquals(ref.remove(sub), index.remove(sub), "remove result");
                case 2 -> {
                    for (MatchCache cache : caches) {
                        ref.check(op.subject(), matchFramed(cache, op.subject()));
                    }
                }
                default -> ref.check(op.subject(), index.match(op.subject()));
            }
            assertEquals(ref.all().size(), index.count(), "count");
        }

        // Every cache, reused across all those changes, must still be exact for every subject seen.
        for (Op op : ops) {
            for (MatchCache cache : caches) {
                ref.check(op.subject(), matchFramed(cache, op.subject()));
            }
        }
        Set<Subscription> listed = Reference.identitySet();
        listed.addAll(index.subscriptions());
        Set<Subscription> expected = Reference.identitySet();
        expected.addAll(ref.all());
        assertEquals(expected, listed, "subscriptions()");

        for (Subscription sub : pool) {
            index.remove(sub);
        }
        assertEquals(0, index.count());
        assertTrue(index.trieIsEmpty(), "trie pruned after removing everything");
        for (Op op : ops) {
            assertTrue(caches.get(1).match(bytes(op.subject()), 0, bytes(op.subject()).length).isEmpty());
        }
    }

    /** Plain and queue subs on overlapping wildcard subjects: every literal subject of the alphabet. */
    @Property(tries = 300)
    void everySubjectMatchesReference(@ForAll @Size(min = 1, max = 60) List<@From("spec") Spec> specs) {
        List<Subscription> pool = create(specs);
        SubjectIndex index = new SubjectIndex();
        Reference ref = new Reference();
        for (Subscription sub : pool) {
            index.insert(sub);
            ref.insert(sub);
        }
        MatchCache cache = new MatchCache(index, 8);
        for (String subject : allSubjects(4)) {
            ref.check(subject, index.match(subject));
            ref.check(subject, matchFramed(cache, subject));
        }
        for (int i = 0; i < pool.size(); i += 2) {
            assertTrue(index.remove(pool.get(i)));
            ref.remove(pool.get(i));
        }
        for (String subject : allSubjects(4)) {
            ref.check(subject, matchFramed(cache, subject));
        }
    }

    private static List<Subscription> create(List<Spec> specs) {
        List<Subscriber> owners = List.of(new Subscriber() { }, new Subscriber() { }, new Subscriber() { });
        List<Subscription> pool = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            Spec s = specs.get(i);
            pool.add(new Subscription(owners.get(i % owners.size()), s.subject(), s.queue(), Integer.toString(i)));
        }
        return pool;
    }

    /** Every subject of 1..maxTokens tokens over {a, b, c}. */
    static List<String> allSubjects(int maxTokens) {
        List<String> out = new ArrayList<>();
        List<String> level = List.of("a", "b", "c");
        for (int n = 1; n <= maxTokens; n++) {
            out.addAll(level);
            List<String> next = new ArrayList<>();
            for (String prefix : level) {
                for (String t : List.of("a", "b", "c")) {
                    next.add(prefix + "." + t);
                }
            }
            level = next;
        }
        return out;
    }

    /** Matches through the cache with the subject in the middle of a larger buffer. */
    private static MatchResult matchFramed(MatchCache cache, String subject) {
        byte[] s = bytes(subject);
        byte[] buf = new byte[s.length + 7];
        buf[0] = 'P';
        buf[1] = '.';
        buf[2] = '>';
        System.arraycopy(s, 0, buf, 3, s.length);
        buf[s.length + 3] = '.';
        buf[s.length + 4] = 'x';
        return cache.match(buf, 3, s.length);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
