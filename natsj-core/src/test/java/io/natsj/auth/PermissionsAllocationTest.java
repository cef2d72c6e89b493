package io.natsj.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The message hot path allocates nothing once warm: canPublish on cached subjects, deliveryDenied, and
 * responses to tracked replies. In the style of ProtocolParserAllocationTest.
 */
class PermissionsAllocationTest {
    private static final int ROUNDS = 200_000;
    /** Allowance for stray allocations in the measuring itself; far below one byte per call. */
    private static final long SLACK_BYTES = 4096;

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** Subjects sit inside a larger "read buffer", as the parser hands them over. */
    private static final byte[] LINE = ("PUB orders.eu.created 16\r\nPUB orders.us.deleted 5\r\n"
            + "PUB admin.reset 2\r\nPUB metrics.cpu.host1 4\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final int[][] SUBJECTS = offsets("orders.eu.created", "orders.us.deleted", "admin.reset",
            "metrics.cpu.host1");

    private static int[][] offsets(String... subjects) {
        String line = new String(LINE, StandardCharsets.US_ASCII);
        int[][] out = new int[subjects.length][];
        for (int i = 0; i < subjects.length; i++) {
            out[i] = new int[] {line.indexOf("PUB " + subjects[i] + " ") + 4, subjects[i].length()};
        }
        return out;
    }

    @Test
    void canPublishOnAWarmCacheAllocatesNothing() {
        ClientPermissions c = CompiledPermissions.compile(new Permissions(
                new SubjectPermission(List.of("orders.>", "metrics.*.*"), List.of("orders.*.deleted")), null,
                null)).newClient();
        int allowed = 0;
        for (int i = 0; i < 1000; i++) {
            allowed += publishAll(c);
        }
        long before = allocatedBytes();
        for (int i = 0; i < ROUNDS; i++) {
            allowed += publishAll(c);
        }
        long allocated = allocatedBytes() - before;
        assertEquals(2L * (ROUNDS + 1000), allowed);
        assertTrue(allocated < SLACK_BYTES, allocated + " bytes for " + (4L * ROUNDS) + " checks");
    }

    private static int publishAll(ClientPermissions c) {
        int n = 0;
        for (int[] s : SUBJECTS) {
            if (c.canPublish(LINE, s[0], s[1])) {
                n++;
            }
        }
        return n;
    }

    @Test
    void deliveryFilterAllocatesNothing() {
        ClientPermissions c = CompiledPermissions.compile(new Permissions(null,
                new SubjectPermission(null, List.of("orders.*.deleted", "admin.>", "x.y.z")), null)).newClient();
        assertTrue(c.canSubscribe("orders.>", null));
        assertTrue(c.hasDeliveryFilter());
        int denied = 0;
        for (int i = 0; i < 1000; i++) {
            denied += deliverAll(c);
        }
        long before = allocatedBytes();
        for (int i = 0; i < ROUNDS; i++) {
            denied += deliverAll(c);
        }
        long allocated = allocatedBytes() - before;
        assertEquals(2L * (ROUNDS + 1000), denied);
        assertTrue(allocated < SLACK_BYTES, allocated + " bytes for " + (4L * ROUNDS) + " checks");
    }

    private static int deliverAll(ClientPermissions c) {
        int n = 0;
        for (int[] s : SUBJECTS) {
            if (c.deliveryDenied(LINE, s[0], s[1])) {
                n++;
            }
        }
        return n;
    }

    @Test
    void respondingToATrackedReplyAllocatesNothing() {
        long[] now = {0};
        ClientPermissions c = CompiledPermissions.compile(new Permissions(null, null,
                new ResponsePermission(-1, Duration.ofMillis(-1)))).newClient(() -> now[0]);
        byte[] reply = "xx_INBOX.abcdef.1yy".getBytes(StandardCharsets.US_ASCII);
        c.expectReply(reply, 2, 15);
        for (int i = 0; i < 1000; i++) {
            assertTrue(c.canPublish(reply, 2, 15));
            c.expectReply(reply, 2, 15);
        }
        long before = allocatedBytes();
        int ok = 0;
        for (int i = 0; i < ROUNDS; i++) {
            c.expectReply(reply, 2, 15);
            if (c.canPublish(reply, 2, 15)) {
                ok++;
            }
        }
        long allocated = allocatedBytes() - before;
        assertEquals(ROUNDS, ok);
        assertTrue(allocated < SLACK_BYTES, allocated + " bytes for " + ROUNDS + " responses");
    }
}
