package io.natsj.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClientPermissionsTest {
    private static ClientPermissions client(Permissions p) {
        return CompiledPermissions.compile(p).newClient();
    }

    private static ClientPermissions pub(SubjectPermission sp) {
        return client(new Permissions(sp, null, null));
    }

    private static ClientPermissions sub(SubjectPermission sp) {
        return client(new Permissions(null, sp, null));
    }

    private static SubjectPermission perm(List<String> allow, List<String> deny) {
        return new SubjectPermission(allow, deny);
    }

    private static boolean denied(ClientPermissions c, String subject) {
        byte[] b = subject.getBytes(StandardCharsets.ISO_8859_1);
        return c.deliveryDenied(b, 0, b.length);
    }

    @Test
    void noPermissionsAllowEverything() {
        for (ClientPermissions c : List.of(client(null), client(Permissions.NONE),
                client(new Permissions(new SubjectPermission(null, null), new SubjectPermission(null, null), null)))) {
            assertTrue(c.canPublish("foo"));
            assertTrue(c.canPublish("foo.bar.baz"));
            assertTrue(c.canSubscribe("foo.>", null));
            assertTrue(c.canSubscribe("foo", "q"));
            assertFalse(c.hasDeliveryFilter());
            assertFalse(c.tracksReplies());
        }
        assertSame(CompiledPermissions.UNRESTRICTED, CompiledPermissions.compile(null));
    }

    @Test
    void publishLiteralAllow() {
        ClientPermissions c = pub(SubjectPermission.allow("foo", "bar.baz"));
        assertTrue(c.canPublish("foo"));
        assertTrue(c.canPublish("bar.baz"));
        assertFalse(c.canPublish("foo.bar"));
        assertFalse(c.canPublish("bar"));
        assertFalse(c.canPublish("fo"));
        assertFalse(c.canPublish("baz"));
    }

    @Test
    void publishWildcardAllow() {
        ClientPermissions c = pub(SubjectPermission.allow("foo.*", "bar.>", "*.x.*"));
        assertTrue(c.canPublish("foo.a"));
        assertFalse(c.canPublish("foo"));
        assertFalse(c.canPublish("foo.a.b"));
        assertTrue(c.canPublish("bar.a"));
        assertTrue(c.canPublish("bar.a.b.c"));
        assertFalse(c.canPublish("bar"));
        assertTrue(c.canPublish("q.x.z"));
        assertFalse(c.canPublish("q.y.z"));
    }

    @Test
    void denyOverridesAllow() {
        ClientPermissions c = pub(perm(List.of("foo.>"), List.of("foo.secret", "foo.*.admin")));
        assertTrue(c.canPublish("foo.bar"));
        assertFalse(c.canPublish("foo.secret"));
        assertTrue(c.canPublish("foo.secret.x"));
        assertFalse(c.canPublish("foo.x.admin"));
        assertFalse(c.canPublish("other"));
    }

    @Test
    void denyOnlyAllowsTheRest() {
        ClientPermissions c = pub(SubjectPermission.deny("$SYS.>", "private"));
        assertTrue(c.canPublish("foo"));
        assertTrue(c.canPublish("$SYS"));
        assertFalse(c.canPublish("$SYS.REQ.x"));
        assertFalse(c.canPublish("private"));
    }

    @Test
    void emptyPublishAllowListAllowsNothing() {
        ClientPermissions c = pub(perm(List.of(), null));
        assertFalse(c.canPublish("foo"));
        assertFalse(c.canPublish("_INBOX.x"));
        assertTrue(CompiledPermissions.compile(new Permissions(perm(List.of(), null), null, null))
                .restrictsPublish());
    }

    @Test
    void emptySubscribeAllowListAllowsEverything() {
        // Go creates the subscribe allow sublist only for a non-empty list.
        ClientPermissions c = sub(perm(List.of(), List.of()));
        assertTrue(c.canSubscribe("foo", null));
        assertTrue(c.canSubscribe(">", "q"));
        assertFalse(CompiledPermissions.compile(new Permissions(null, perm(List.of(), null), null))
                .restrictsSubscribe());
    }

    @Test
    void malformedSubjectsMatchNothing() {
        ClientPermissions c = pub(SubjectPermission.allow(">"));
        assertTrue(c.canPublish("a"));
        assertFalse(c.canPublish(""));
        assertFalse(c.canPublish("foo..bar"));
        assertFalse(c.canPublish(".foo"));
        assertFalse(c.canPublish("foo."));
        ClientPermissions d = pub(SubjectPermission.deny(">"));
        assertTrue(d.canPublish("foo..bar"), "an empty token escapes a deny list, as in Go");
    }

    @Test
    void invalidEntriesAreSkipped() {
        CompiledPermissions cp = CompiledPermissions.compile(new Permissions(
                SubjectPermission.allow("foo..bar", "a.>.b", "ok"), SubjectPermission.allow("x y z", "fine q"), null));
        assertEquals(List.of("foo..bar", "a.>.b", "x y z"), cp.rejectedEntries());
        ClientPermissions c = cp.newClient();
        assertTrue(c.canPublish("ok"));
        assertFalse(c.canPublish("a.x.b"));
        assertFalse(c.canSubscribe("x", "y"));
        assertTrue(c.canSubscribe("fine", "q"));
    }

    @Test
    void subjectBytesAreComparedExactlyWithOffsets() {
        ClientPermissions c = pub(SubjectPermission.allow("foo.bar", "caf\u00e9.*"));
        byte[] line = "PUB foo.bar 5".getBytes(StandardCharsets.US_ASCII);
        assertTrue(c.canPublish(line, 4, 7));
        assertFalse(c.canPublish(line, 4, 6));
        assertFalse(c.canPublish(line, 3, 8));
        byte[] utf8 = "caf\u00e9.x".getBytes(StandardCharsets.UTF_8);
        assertTrue(c.canPublish(utf8, 0, utf8.length));
        // The wire String of those bytes (one char per byte) names the same subject.
        assertTrue(c.canPublish(new String(utf8, StandardCharsets.ISO_8859_1)));
        byte[] latin1 = "caf\u00e9.x".getBytes(StandardCharsets.ISO_8859_1);
        assertFalse(c.canPublish(latin1, 0, latin1.length));
    }

    @Test
    void subscribeAllowAndDeny() {
        ClientPermissions c = sub(perm(List.of("foo.>", "bar"), List.of("foo.secret")));
        assertTrue(c.canSubscribe("foo.a", null));
        assertTrue(c.canSubscribe("foo.a.b", null));
        assertTrue(c.canSubscribe("bar", null));
        assertFalse(c.canSubscribe("baz", null));
        assertFalse(c.canSubscribe("foo.secret", null));
        assertFalse(c.canSubscribe("foo.secret", "q"));
    }

    @Test
    void wildcardSubscriptionsAgainstTheAllowList() {
        ClientPermissions c = sub(SubjectPermission.allow("foo.*", "bar.>"));
        assertTrue(c.canSubscribe("foo.*", null));
        assertTrue(c.canSubscribe("bar.*", null));
        assertTrue(c.canSubscribe("bar.>", null));
        assertTrue(c.canSubscribe("bar.a.>", null));
        assertFalse(c.canSubscribe(">", null));
        assertFalse(c.canSubscribe("*.a", null));
        // Go's Sublist treats the subject's '>' as a token any '*' entry matches.
        assertTrue(c.canSubscribe("foo.>", null));
        ClientPermissions literal = sub(SubjectPermission.allow("foo.bar"));
        assertFalse(literal.canSubscribe("foo.*", null));
        assertFalse(literal.canSubscribe("foo.>", null));
    }

    /** nats-server's TestQueueSubscribePermissions, case by case, plus TestQueuePermissions. */
    static Stream<Arguments> queueCases() {
        return Stream.of(
                Arguments.of(List.of("foo"), null, "foo", null, true),
                Arguments.of(List.of("foo bar"), null, "foo", "bar", true),
                Arguments.of(List.of("foo bar.*"), null, "foo", "bar.fizz", true),
                Arguments.of(List.of("> bar.>"), null, "whizz", "bar.bang", true),
                Arguments.of(List.of("> bar.>"), null, "whizz", null, false),
                Arguments.of(List.of(">"), List.of("foo"), "foo", "bar", false),
                Arguments.of(List.of(">"), List.of("foo"), "bar", null, true),
                Arguments.of(List.of(">"), List.of(">"), "foo", "bar", false),
                Arguments.of(List.of("> v1.>"), null, "foo", "v1.prod", true),
                Arguments.of(List.of(">"), List.of("> >"), "foo", null, true),
                Arguments.of(null, List.of("> >"), "foo", "bar", false),
                Arguments.of(null, List.of("> *.dev", "> *.stg"), "foo", "bar", true),
                Arguments.of(List.of("> *.dev", "> *.stg"), null, "foo", "bar", false),
                Arguments.of(null, List.of("foo >"), "foo", "bar", false),
                Arguments.of(List.of("foo bar"), null, "foo", "fizz", false),
                Arguments.of(List.of("foo"), null, "foo", "bar", true),
                Arguments.of(List.of("foo.> *.dev"), null, "foo.bar", "queue.dev", true),
                Arguments.of(List.of("foo.> *.dev"), null, "foo.bar", null, false),
                Arguments.of(List.of("foo.> *.dev"), null, "foo.bar", "bad", false),
                Arguments.of(null, List.of("foo.> *.dev"), "foo.bar", null, true),
                Arguments.of(null, List.of("foo.> *.dev"), "foo.bar", "queue.dev", false),
                // allow = ["foo", "foo v1"]: plain foo, but queue subscriptions only in v1.
                Arguments.of(List.of("foo", "foo v1"), null, "foo", null, true),
                Arguments.of(List.of("foo", "foo v1"), null, "foo", "v1", true),
                Arguments.of(List.of("foo", "foo v1"), null, "foo", "v2", false),
                // A queue entry of the deny list overrides a plain one when the queue differs (Go).
                Arguments.of(null, List.of("foo", "foo v1"), "foo", "v2", true),
                Arguments.of(null, List.of("foo", "foo v1"), "foo", "v1", false),
                Arguments.of(null, List.of("foo", "foo v1"), "foo", null, false),
                // Wildcard queue names are valid names: the literal name matches first.
                Arguments.of(List.of("foo v1.*"), null, "foo", "v1.*", true),
                Arguments.of(List.of("foo v1.*"), null, "foo", "v1", false),
                Arguments.of(List.of("foo.* bar"), null, "foo.x", "bar", true),
                Arguments.of(List.of("foo.* bar"), null, "foo.x", "baz", false),
                Arguments.of(List.of("foo.* bar"), null, "foo.x", null, false),
                Arguments.of(List.of("  foo.*\tbar  "), null, "foo.x", "bar", true),
                Arguments.of(List.of("foo bar"), null, "foo", "", false));
    }

    @ParameterizedTest
    @MethodSource("queueCases")
    void queuePermissions(List<String> allow, List<String> deny, String subject, String queue, boolean ok) {
        assertEquals(ok, sub(perm(allow, deny)).canSubscribe(subject, queue));
    }

    @Test
    void wildcardSubscriptionOverlappingDenyIsAllowedButFiltered() {
        ClientPermissions c = sub(perm(List.of(">"), List.of("foo.secret", "bar.>")));
        assertFalse(denied(c, "foo.secret"), "no filter before an overlapping subscription");
        assertTrue(c.canSubscribe("baz.*", null));
        assertFalse(c.hasDeliveryFilter());
        assertTrue(c.canSubscribe("foo.public", null));
        assertFalse(c.hasDeliveryFilter(), "literal subscriptions never switch the filter on");
        assertTrue(c.canSubscribe("foo.*", null));
        assertTrue(c.hasDeliveryFilter());
        assertTrue(denied(c, "foo.secret"));
        assertFalse(denied(c, "foo.public"));
        // The filter holds every deny entry and applies to every delivery of this connection.
        assertTrue(denied(c, "bar.x"));
        assertTrue(denied(c, "bar.x.y"));
        assertFalse(denied(c, "bar"));
        assertFalse(c.canSubscribe("bar.*", null));
        // Another connection of the same user has its own filter state.
        assertFalse(c.compiled().newClient().hasDeliveryFilter());
    }

    @Test
    void deliveryFilterOnlyForSubsetOverlap() {
        // Go's subjectIsSubsetMatch(deny, subscription): deny "foo.>" is no subset of "*.*".
        ClientPermissions c = sub(perm(null, List.of("foo.>")));
        assertTrue(c.canSubscribe("*.*", null));
        assertFalse(c.hasDeliveryFilter());
        assertTrue(c.canSubscribe(">", null));
        assertTrue(c.hasDeliveryFilter());
        assertTrue(denied(c, "foo.bar"));
        ClientPermissions d = sub(perm(null, List.of("foo.bar")));
        assertTrue(d.canSubscribe("*.bar", null));
        assertTrue(d.hasDeliveryFilter());
        assertTrue(denied(d, "foo.bar"));
        assertFalse(denied(d, "foo.baz"));
    }

    @Test
    void queueDenyEntriesInTheFilterAreRawSubjects() {
        // TestAccountUserSubPermsWithQueueGroups: deny "foo.restricted", queue sub on "foo.>".
        ClientPermissions c = sub(perm(List.of("foo.>"), List.of("foo.restricted")));
        assertTrue(c.canSubscribe("foo.>", "qg"));
        assertTrue(denied(c, "foo.restricted"));
        // Go inserts "foo.* q" into the filter as written: a literal last token "* q".
        ClientPermissions q = sub(perm(null, List.of("foo.* q", "other")));
        assertTrue(q.canSubscribe("foo.>", null));
        assertTrue(q.hasDeliveryFilter());
        assertFalse(denied(q, "foo.bar"));
        assertTrue(denied(q, "foo.* q"));
        assertTrue(denied(q, "other"));
    }

    @Test
    void deliveryFilterRejectsMalformedSubjectsCheaply() {
        ClientPermissions c = sub(perm(null, List.of(">")));
        assertFalse(c.canSubscribe("a.*", null));
        ClientPermissions d = sub(perm(null, List.of("a.b")));
        assertTrue(d.canSubscribe("a.*", null));
        assertFalse(denied(d, ""));
        assertFalse(denied(d, "a..b"));
        byte[] b = "xa.by".getBytes(StandardCharsets.US_ASCII);
        assertTrue(d.deliveryDenied(b, 1, 3));
        assertFalse(d.deliveryDenied(b, 0, 4));
    }

    @Test
    void publishCacheKeepsAnswersThroughFillAndPrune() {
        ClientPermissions c = pub(perm(List.of("even.*", "x.>"), List.of("x.bad")));
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 1000; i++) {
                assertEquals(i % 2 == 0, c.canPublish((i % 2 == 0 ? "even." : "odd.") + i));
                assertTrue(c.cachedSubjects() <= ClientPermissions.PUBLISH_CACHE_SIZE);
            }
            for (int i = 0; i < 200; i++) {
                assertTrue(c.canPublish("x." + i));
                assertFalse(c.canPublish("x.bad"));
            }
        }
        // Hash collisions among the cached keys do not mix answers up.
        ClientPermissions d = pub(SubjectPermission.allow("Aa"));
        assertTrue(d.canPublish("Aa"));
        assertFalse(d.canPublish("BB"));
        assertTrue(d.canPublish("Aa"));
        assertFalse(d.canPublish("BB"));
    }

    @Test
    void publishCacheIsBoundedLikeGo() {
        ClientPermissions c = pub(SubjectPermission.allow(">"));
        for (int i = 0; i < ClientPermissions.PUBLISH_CACHE_SIZE; i++) {
            c.canPublish("s." + i);
        }
        assertEquals(ClientPermissions.PUBLISH_CACHE_SIZE, c.cachedSubjects());
        c.canPublish("s.0");
        assertEquals(ClientPermissions.PUBLISH_CACHE_SIZE, c.cachedSubjects(), "a hit adds nothing");
        c.canPublish("one.more");
        assertEquals(1, c.cachedSubjects(), "Go's prune empties the cache in effect");
    }

    @Test
    void unrestrictedPublishCachesNothing() {
        ClientPermissions c = sub(SubjectPermission.allow("foo"));
        assertTrue(c.canPublish("anything"));
        assertEquals(0, c.cachedSubjects());
    }

    @Test
    void compileIsSharedAndStateless() {
        CompiledPermissions cp = CompiledPermissions.compile(new Permissions(null, perm(null, List.of("a.b")), null));
        ClientPermissions one = cp.newClient();
        ClientPermissions two = cp.newClient();
        assertTrue(one.canSubscribe("a.*", null));
        assertTrue(one.hasDeliveryFilter());
        assertFalse(two.hasDeliveryFilter());
        assertNull(cp.responses());
    }
}
