package io.natsj.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** allow_responses, after nats-server's TestResponsePermissions, with a hand-driven clock. */
class ResponsePermissionsTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private ClientPermissions client(Permissions p) {
        return CompiledPermissions.compile(p).newClient(now::get);
    }

    private ClientPermissions responder(int max, Duration ttl) {
        return client(new Permissions(null, null, new ResponsePermission(max, ttl)));
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void defaultsAreOneMessageWithinTwoMinutes() {
        CompiledPermissions cp = CompiledPermissions.compile(new Permissions(null, null, ResponsePermission.defaults()));
        assertEquals(new ResponsePermission(1, Duration.ofMinutes(2)), cp.responses());
        assertTrue(cp.restrictsPublish(), "allow_responses turns off the blanket publish allow");
        CompiledPermissions zero = CompiledPermissions.compile(new Permissions(null, null,
                new ResponsePermission(0, Duration.ZERO)));
        assertEquals(new ResponsePermission(1, Duration.ofMinutes(2)), zero.responses());
        CompiledPermissions neg = CompiledPermissions.compile(new Permissions(null, null,
                new ResponsePermission(-1, Duration.ofMillis(-1))));
        assertEquals(new ResponsePermission(-1, Duration.ofMillis(-1)), neg.responses());
    }

    @Test
    void publishAllowListIsKeptAndOnlyAddedWhenMissing() {
        ClientPermissions c = client(new Permissions(SubjectPermission.allow("svc.>"), null,
                ResponsePermission.defaults()));
        assertTrue(c.canPublish("svc.x"));
        assertFalse(c.canPublish("other"));
        ClientPermissions d = client(new Permissions(SubjectPermission.deny("secret"), null,
                ResponsePermission.defaults()));
        assertFalse(d.canPublish("anything"), "a deny-only publish permission gets an empty allow list");
        assertFalse(d.canPublish("secret"));
    }

    @Test
    void defaultAllowsOneResponse() {
        ClientPermissions c = responder(0, Duration.ZERO);
        assertTrue(c.tracksReplies());
        assertFalse(c.canPublish("_INBOX.1"));
        c.expectReply("_INBOX.1");
        assertTrue(c.canPublish("_INBOX.1"));
        assertFalse(c.canPublish("_INBOX.1"));
        assertFalse(c.canPublish("_INBOX.1"));
        assertFalse(c.canPublish("_INBOX.2"));
    }

    @Test
    void maxMsgs() {
        ClientPermissions c = responder(2, Duration.ofHours(1));
        c.expectReply("reply");
        assertTrue(c.canPublish("reply"));
        assertTrue(c.canPublish("reply"));
        for (int i = 0; i < 8; i++) {
            assertFalse(c.canPublish("reply"));
        }
        assertEquals(0, c.responses().size(), "a refused response forgets the reply");
    }

    @Test
    void negativeExpiryNeverExpires() {
        ClientPermissions c = responder(3, Duration.ofMillis(-1));
        c.expectReply("reply");
        assertTrue(c.canPublish("reply"));
        advance(Duration.ofDays(365));
        assertTrue(c.canPublish("reply"));
        assertTrue(c.canPublish("reply"));
        assertFalse(c.canPublish("reply"));
    }

    @Test
    void expiry() {
        ClientPermissions c = responder(1000, Duration.ofMillis(100));
        c.expectReply("reply");
        assertTrue(c.canPublish("reply"));
        advance(Duration.ofMillis(100));
        assertTrue(c.canPublish("reply"), "exactly the expiry is still in time");
        advance(Duration.ofNanos(1));
        assertFalse(c.canPublish("reply"));
        advance(Duration.ofMillis(-50));
        assertFalse(c.canPublish("reply"), "forgotten once refused");
    }

    @Test
    void negativeMaxMeansUnlimited() {
        ClientPermissions c = responder(-1, Duration.ofMillis(100));
        c.expectReply("reply");
        for (int i = 0; i < 10_000; i++) {
            assertTrue(c.canPublish("reply"));
        }
        advance(Duration.ofMillis(200));
        assertFalse(c.canPublish("reply"));
    }

    @Test
    void redeliveryResetsCountAndTime() {
        ClientPermissions c = responder(1, Duration.ofSeconds(10));
        c.expectReply("reply");
        assertTrue(c.canPublish("reply"));
        advance(Duration.ofSeconds(9));
        c.expectReply("reply");
        advance(Duration.ofSeconds(9));
        assertTrue(c.canPublish("reply"));
        assertFalse(c.canPublish("reply"));
    }

    @Test
    void staticallyAllowedSubjectsDoNotUseUpResponses() {
        ClientPermissions c = client(new Permissions(SubjectPermission.allow("_INBOX.>"), null,
                ResponsePermission.defaults()));
        c.expectReply("_INBOX.a");
        for (int i = 0; i < 5; i++) {
            assertTrue(c.canPublish("_INBOX.a"));
        }
        assertEquals(1, c.responses().size());
        c.expectReply("reply.a");
        assertTrue(c.canPublish("reply.a"));
        assertFalse(c.canPublish("reply.a"));
    }

    @Test
    void responsesAreNotCachedButStaticDenialsWithoutThemAre() {
        ClientPermissions c = responder(1, Duration.ZERO);
        assertFalse(c.canPublish("reply"));
        assertEquals(0, c.cachedSubjects());
        c.expectReply("reply");
        assertTrue(c.canPublish("reply"));
        assertEquals(0, c.cachedSubjects());
        ClientPermissions plain = client(new Permissions(SubjectPermission.allow("a"), null, null));
        assertFalse(plain.canPublish("reply"));
        assertEquals(1, plain.cachedSubjects());
        plain.expectReply("reply");
        assertFalse(plain.canPublish("reply"), "no allow_responses: expectReply is a no-op");
        assertFalse(plain.tracksReplies());
    }

    @Test
    void replyBytesWithOffsets() {
        ClientPermissions c = responder(1, Duration.ZERO);
        byte[] msg = "MSG foo 1 _INBOX.xyz 3".getBytes(StandardCharsets.US_ASCII);
        c.expectReply(msg, 10, 10);
        c.expectReply(msg, 10, 0);
        byte[] pub = "PUB _INBOX.xyz 2".getBytes(StandardCharsets.US_ASCII);
        assertFalse(c.canPublish(pub, 4, 9));
        assertTrue(c.canPublish(pub, 4, 10));
        assertEquals(1, c.responses().size());
    }

    @Test
    void pruneAboveTheLimitDropsUsedAndExpiredEntriesOnly() {
        ClientPermissions c = responder(1, Duration.ofMinutes(1));
        ResponseTracker t = c.responses();
        for (int i = 0; i < 1000; i++) {
            c.expectReply("used." + i);
            assertTrue(c.canPublish("used." + i));
        }
        for (int i = 0; i < 1000; i++) {
            c.expectReply("old." + i);
        }
        advance(Duration.ofMinutes(2));
        for (int i = 0; i < ResponseTracker.REPLY_LIMIT - 2000; i++) {
            c.expectReply("fresh." + i);
        }
        assertEquals(ResponseTracker.REPLY_LIMIT, t.size(), "no prune at the limit");
        c.expectReply("one.more");
        assertEquals(ResponseTracker.REPLY_LIMIT - 2000 + 1, t.size());
        assertTrue(c.canPublish("fresh.7"));
        assertTrue(c.canPublish("one.more"));
        assertFalse(c.canPublish("used.7"));
    }

    @Test
    void unlimitedEntriesSurvivePrune() {
        ClientPermissions c = responder(-1, Duration.ofMillis(-1));
        for (int i = 0; i < ResponseTracker.REPLY_LIMIT + 100; i++) {
            c.expectReply("r." + i);
        }
        assertEquals(ResponseTracker.REPLY_LIMIT + 100, c.responses().size());
        assertTrue(c.canPublish("r.0"));
        assertTrue(c.canPublish("r." + (ResponseTracker.REPLY_LIMIT + 99)));
    }

    @Test
    void expectReplyFromManyThreads() throws Exception {
        ClientPermissions c = responder(1, Duration.ZERO);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                for (int i = 0; i < 2000; i++) {
                    c.expectReply("t" + id + "." + i);
                }
            });
            th.start();
            threads.add(th);
        }
        for (Thread th : threads) {
            th.join();
        }
        for (int t = 0; t < 4; t++) {
            for (int i = 0; i < 2000; i++) {
                assertTrue(c.canPublish("t" + t + "." + i));
            }
        }
    }
}
