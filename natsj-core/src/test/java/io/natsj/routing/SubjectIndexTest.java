package io.natsj.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubjectIndexTest {
    private final Subscriber alice = new Subscriber() { };
    private final Subscriber bob = new Subscriber() { };
    private final SubjectIndex index = new SubjectIndex();

    private Subscription sub(String subject) {
        return new Subscription(alice, subject, null, subject);
    }

    private Subscription qsub(String subject, String queue) {
        return new Subscription(bob, subject, queue, subject + " " + queue);
    }

    private Subscription[] plain(String subject) {
        return index.match(subject).plain;
    }

    @Test
    void wildcardsMatchWholeTokens() {
        Subscription literal = sub("foo.bar");
        Subscription star = sub("foo.*");
        Subscription tail = sub("foo.>");
        Subscription root = sub(">");
        Subscription starStar = sub("*.*");
        Subscription starBar = sub("foo.*bar");
        for (Subscription s : List.of(literal, star, tail, root, starStar, starBar)) {
            index.insert(s);
        }
        assertSameSubs(plain("foo.bar"), literal, star, tail, root, starStar);
        assertSameSubs(plain("foo.bar.baz"), tail, root);
        assertSameSubs(plain("foo"), root);
        assertSameSubs(plain("foo.*bar"), star, tail, root, starStar, starBar);
        assertSameSubs(plain("bar.baz"), root, starStar);
    }

    @Test
    void wildcardTokensInAPublishSubjectAreLiteral() {
        Subscription star = sub("foo.*");
        Subscription tail = sub("foo.>");
        Subscription literal = sub("foo.bar");
        index.insert(star);
        index.insert(tail);
        index.insert(literal);
        // Like Go: the publish token "*" is just a token; only subscription wildcards are wild.
        assertSameSubs(plain("foo.*"), star, tail);
        assertSameSubs(plain("foo.>"), star, tail);
    }

    @Test
    void malformedPublishSubjectsMatchNothing() {
        index.insert(sub(">"));
        index.insert(sub("*.*"));
        for (String subject : List.of("", ".", "foo.", ".foo", "foo..bar")) {
            assertSame(MatchResult.EMPTY, index.match(subject), subject);
        }
    }

    @Test
    void fullWildcardNeedsAtLeastOneToken() {
        Subscription tail = sub("foo.>");
        index.insert(tail);
        assertEquals(0, plain("foo").length);
        assertSameSubs(plain("foo.a"), tail);
        assertSameSubs(plain("foo.a.b.c.d"), tail);
    }

    @Test
    void queueMembersFromDifferentSubjectsShareOneGroup() {
        Subscription a = qsub("orders.*", "workers");
        Subscription b = qsub("orders.new", "workers");
        Subscription c = qsub("orders.>", "auditors");
        Subscription p = sub("orders.new");
        for (Subscription s : List.of(a, b, c, p)) {
            index.insert(s);
        }
        MatchResult r = index.match("orders.new");
        assertSameSubs(r.plain, p);
        assertEquals(2, r.queues.length);
        for (Subscription[] group : r.queues) {
            if (group[0].queue.equals("workers")) {
                assertSameSubs(group, a, b);
            } else {
                assertSameSubs(group, c);
            }
        }
    }

    @Test
    void insertIsIdempotentAndRemoveReportsPresence() {
        Subscription s = sub("a.b");
        index.insert(s);
        index.insert(s);
        assertEquals(1, index.count());
        assertEquals(1, plain("a.b").length);
        Subscription twin = sub("a.b");
        assertFalse(index.remove(twin), "another instance with equal fields is a different subscription");
        assertTrue(index.remove(s));
        assertFalse(index.remove(s));
        assertEquals(0, index.count());
        assertSame(MatchResult.EMPTY, index.match("a.b"));
        assertTrue(index.trieIsEmpty());
    }

    @Test
    void removingALeafKeepsTheLongerSubjectsBelowIt() {
        Subscription shortSub = sub("a.b");
        Subscription longSub = sub("a.b.c");
        index.insert(shortSub);
        index.insert(longSub);
        assertTrue(index.remove(shortSub));
        assertSameSubs(plain("a.b.c"), longSub);
        assertTrue(index.remove(longSub));
        assertTrue(index.trieIsEmpty());
    }

    @Test
    void removeOfAQueueSubNeedsTheSameQueue() {
        Subscription q = qsub("a", "q1");
        index.insert(q);
        assertFalse(index.remove(sub("a")));
        assertFalse(index.remove(qsub("a", "q2")));
        assertTrue(index.remove(q));
        assertTrue(index.match("a").isEmpty());
    }

    @Test
    void invalidSubscriptionSubjectsAreRejected() {
        for (String subject : List.of("", "foo..bar", "foo.>.bar", ".foo", "foo.")) {
            assertThrows(IllegalArgumentException.class, () -> index.insert(sub(subject)), subject);
            assertFalse(index.remove(sub(subject)));
        }
        assertEquals(0, index.count());
        // Go accepts whitespace that reaches Sublist.Insert (only '\f' can, through the protocol).
        index.insert(sub("foo\fbar"));
        assertEquals(1, plain("foo\fbar").length);
    }

    @Test
    void unicodeSubjectsMatchThroughTheCache() {
        // Subject Strings hold one char per wire byte (the parser decodes SUB as Latin-1), so a UTF-8
        // subject is stored as its bytes and the cache, decoding the same way, finds it.
        Subscription s = sub(new String("caf\u00E9.*".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
        index.insert(s);
        MatchCache cache = new MatchCache(index);
        byte[] subject = "caf\u00E9.\u20AC".getBytes(StandardCharsets.UTF_8);
        assertSameSubs(cache.match(subject, 0, subject.length).plain, s);
    }

    @Test
    void subscriptionsListsEverything() {
        Subscription a = sub("a");
        Subscription b = qsub("a.*", "q");
        Subscription c = sub(">");
        index.insert(a);
        index.insert(b);
        index.insert(c);
        List<Subscription> all = index.subscriptions();
        assertEquals(3, all.size());
        assertTrue(all.contains(a) && all.contains(b) && all.contains(c));
    }

    @Test
    void cacheSeesChangesToItsSubjectAndToWildcards() {
        MatchCache cache = new MatchCache(index);
        byte[] subject = "x.y".getBytes(StandardCharsets.US_ASCII);
        assertTrue(cache.match(subject, 0, 3).isEmpty());
        Subscription literal = sub("x.y");
        index.insert(literal);
        assertSameSubs(cache.match(subject, 0, 3).plain, literal);
        Subscription wild = sub("x.*");
        index.insert(wild);
        assertSameSubs(cache.match(subject, 0, 3).plain, literal, wild);
        index.remove(literal);
        assertSameSubs(cache.match(subject, 0, 3).plain, wild);
        index.remove(wild);
        assertTrue(cache.match(subject, 0, 3).isEmpty());
    }

    @Test
    void cacheHitReturnsTheSameResultUntilAChange() {
        index.insert(sub("x.y"));
        MatchCache cache = new MatchCache(index);
        byte[] subject = "x.y".getBytes(StandardCharsets.US_ASCII);
        MatchResult first = cache.match(subject, 0, 3);
        assertSame(first, cache.match(subject, 0, 3));
        assertTrue(SubjectIndex.stripe("other") != SubjectIndex.stripe("x.y"));
        index.insert(sub("other"));
        assertSame(first, cache.match(subject, 0, 3), "a literal sub on another subject leaves the entry");
    }

    @Test
    void subjectsReachingOneNodeShareItsResultUntilItsMembersChange() {
        // Replies to request inboxes: every subject is new, and each reaches the one "_INBOX.r.*" node.
        Subscription first = sub("_INBOX.r.*");
        index.insert(first);
        MatchCache cache = new MatchCache(index, 4);
        byte[] one = "_INBOX.r.1".getBytes(StandardCharsets.US_ASCII);
        byte[] two = "_INBOX.r.2".getBytes(StandardCharsets.US_ASCII);
        MatchResult r = cache.match(one, 0, one.length);
        assertSameSubs(r.plain, first);
        assertSame(r, cache.match(two, 0, two.length), "the node's result, not a new one per subject");
        Subscription second = qsub("_INBOX.r.*", "q");
        index.insert(second);
        MatchResult changed = cache.match(two, 0, two.length);
        assertSameSubs(changed.plain, first);
        assertEquals(1, changed.queues.length);
        assertSameSubs(changed.queues[0], second);
        index.remove(first);
        MatchResult removed = cache.match(one, 0, one.length);
        assertEquals(0, removed.plain.length);
        assertSameSubs(removed.queues[0], second);
    }

    @Test
    void subjectsReachingSeveralNodesMergeThem() {
        Subscription star = sub("a.*");
        Subscription literal = sub("a.b");
        Subscription queued = qsub("a.>", "q");
        Subscription queuedToo = qsub("*.b", "q");
        for (Subscription s : List.of(star, literal, queued, queuedToo)) {
            index.insert(s);
        }
        MatchResult r = index.match("a.b");
        assertSameSubs(r.plain, star, literal);
        assertEquals(1, r.queues.length, "one group across nodes");
        assertSameSubs(r.queues[0], queued, queuedToo);
    }

    @Test
    void aSubjectsBytesAndItsStringShareAStripe() {
        // Literal SUB/UNSUB bump the stripe of the subscription's String; cache entries read the stripe
        // of the published bytes. They must agree, high bytes (UTF-8 sequences) included.
        for (String utf8 : List.of("x.y", "_INBOX.abc.17", "caf\u00E9.\u20AC", "")) {
            byte[] bytes = utf8.getBytes(StandardCharsets.UTF_8);
            String latin1 = new String(bytes, StandardCharsets.ISO_8859_1);
            assertEquals(SubjectIndex.stripe(latin1), SubjectIndex.stripe(bytes, 0, bytes.length), utf8);
        }
    }

    @Test
    void cacheCapacityMustBeAPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new MatchCache(index, 6));
        assertThrows(IllegalArgumentException.class, () -> new MatchCache(index, 2));
    }

    private static void assertSameSubs(Subscription[] actual, Subscription... expected) {
        Set<Subscription> a = Reference.identitySet();
        a.addAll(List.of(actual));
        Set<Subscription> e = Reference.identitySet();
        e.addAll(List.of(expected));
        assertEquals(expected.length, actual.length, "size");
        assertEquals(e, a);
    }
}
