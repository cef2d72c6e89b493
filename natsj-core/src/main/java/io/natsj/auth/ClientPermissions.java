package io.natsj.auth;

import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * One connection's permission checks, as nats-server 2.9.10's client.go does them for a CLIENT
 * connection: {@code pubAllowed} with its per-client cache, {@code canSubscribe} with queue
 * permissions, the delivery-time subscribe deny filter ({@code mperms}/{@code checkDenySub}) and
 * {@code allow_responses}. Made by {@link CompiledPermissions#newClient()}.
 *
 * <p><b>Threading:</b>
 * <ul>
 * <li>{@link #canPublish} and {@link #canSubscribe} only on the connection's own event-loop thread
 * (they use an unsynchronized cache and lazily switch on the delivery filter);</li>
 * <li>{@link #deliveryDenied} and {@link #expectReply} on any thread (the publisher's event loop, while
 * delivering to this client): the filter is immutable, published through a volatile field, and the
 * reply tracker is synchronized.</li>
 * </ul>
 *
 * <p>Publish permissions apply to a message's subject only; nats-server 2.9 never checks its reply
 * subject against them (the reserved-reply check is the connection's business).
 *
 * <p>String arguments are wire strings: one char per byte (Latin-1), as the protocol parser makes
 * them. Permission entries are compared as the UTF-8 bytes of the configuration.
 */
public final class ClientPermissions {
    /** nats-server's maxPermCacheSize. */
    public static final int PUBLISH_CACHE_SIZE = 128;
    private static final int SLOTS = 256;

    private final CompiledPermissions perms;
    private final boolean checkPublish;
    private final ResponseTracker replies;

    // The publish cache (Go's pcache): open addressing, linear probing, at most 128 entries.
    private final byte[][] keys = new byte[SLOTS][];
    private final int[] hashes = new int[SLOTS];
    private final boolean[] values = new boolean[SLOTS];
    private int cached;

    /** Go's {@code mperms}: null until a wildcard subscription overlaps a subscribe deny entry. */
    private volatile SubjectTrie deliveryFilter;

    ClientPermissions(CompiledPermissions perms, LongSupplier nanoClock) {
        this.perms = perms;
        this.checkPublish = perms.restrictsPublish();
        this.replies = perms.responses() == null ? null : new ResponseTracker(perms.responses(), nanoClock);
    }

    public CompiledPermissions compiled() {
        return perms;
    }

    /**
     * Whether the client may publish to this subject (Go's pubAllowed). Event-loop thread only.
     * Allocation-free when the answer is cached (and when the subject is a tracked reply); a miss
     * copies the subject into the cache. Answers that fall back to {@code allow_responses} are never
     * cached, exactly as Go. When the cache would exceed 128 entries it is emptied: that is what Go's
     * prunePubPermsCache does in effect, since it compares the pre-prune count against the limit.
     */
    public boolean canPublish(byte[] subject, int off, int len) {
        if (!checkPublish) {
            return true;
        }
        int h = SubjectTrie.hash(subject, off, off + len);
        for (int i = h & (SLOTS - 1);; i = (i + 1) & (SLOTS - 1)) {
            byte[] k = keys[i];
            if (k == null) {
                break;
            }
            if (hashes[i] == h && Arrays.equals(k, 0, k.length, subject, off, off + len)) {
                return values[i];
            }
        }
        boolean allowed = perms.publishAllowed(subject, off, len);
        if (!allowed && replies != null) {
            return replies.tryRespond(subject, off, len);
        }
        store(h, Arrays.copyOfRange(subject, off, off + len), allowed);
        return allowed;
    }

    public boolean canPublish(String subject) {
        byte[] b = SubjectTokens.wire(subject);
        return canPublish(b, 0, b.length);
    }

    private void store(int h, byte[] key, boolean allowed) {
        if (cached >= PUBLISH_CACHE_SIZE) {
            Arrays.fill(keys, null);
            cached = 0;
        }
        int i = h & (SLOTS - 1);
        while (keys[i] != null) {
            i = (i + 1) & (SLOTS - 1);
        }
        keys[i] = key;
        hashes[i] = h;
        values[i] = allowed;
        cached++;
    }

    /** Entries in the publish cache (for tests and monitoring). */
    int cachedSubjects() {
        return cached;
    }

    /**
     * Whether the client may SUB to {@code subject}, with {@code queue} (null or empty: a plain
     * subscription), as Go's canSubscribe. Event-loop thread only; allocates.
     *
     * <p>Queue entries ("subject queue") in the lists: when the subject matches queue entries and this
     * is a queue subscription, the queue decides, overriding plain entries of the same list: allowed
     * only if the queue equals (or, for a wildcard entry queue, is a subset of) a matched entry's
     * queue; denied if it does. A plain subscription needs a plain allow entry.
     *
     * <p>An allowed wildcard subscription that covers some deny entry switches on the delivery filter
     * for this connection for good (see {@link #deliveryDenied}).
     *
     * <p>The reserved queue {@code _sys_} is not checked here (the connection refuses it anyway).
     */
    public boolean canSubscribe(String subject, String queue) {
        if (!perms.restrictsSubscribe()) {
            return true;
        }
        byte[] s = SubjectTokens.wire(subject);
        byte[] q = queue == null || queue.isEmpty() ? null : SubjectTokens.wire(queue);
        boolean allowed = true;
        if (perms.subAllow != null) {
            SubjectTrie.Result r = perms.subAllow.match(s);
            allowed = r.plain();
            if (q != null && !r.queues().isEmpty()) {
                allowed = queueMatches(q, r);
            }
        }
        if (allowed && perms.subDeny != null) {
            SubjectTrie.Result r = perms.subDeny.match(s);
            allowed = !r.plain();
            if (q != null && !r.queues().isEmpty()) {
                allowed = !queueMatches(q, r);
            }
            if (allowed && deliveryFilter == null && SubjectTokens.hasWildcard(s)) {
                byte[][] test = SubjectTokens.split(s);
                for (byte[][] deny : perms.denyTokens) {
                    if (SubjectTokens.isSubsetMatch(deny, test)) {
                        deliveryFilter = perms.msgDeny;
                        break;
                    }
                }
            }
        }
        return allowed;
    }

    /** Go's queueMatches: '*' and '>' are valid queue names, so the literal name is tried first. */
    private static boolean queueMatches(byte[] queue, SubjectTrie.Result r) {
        byte[][] queueTokens = null;
        for (byte[] name : r.queues()) {
            if (Arrays.equals(queue, name)) {
                return true;
            }
            if (SubjectTokens.hasWildcard(name)) {
                if (queueTokens == null) {
                    queueTokens = SubjectTokens.split(queue);
                }
                if (SubjectTokens.isSubsetMatch(queueTokens, SubjectTokens.split(name))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether a message on {@code subject} must not be delivered to this client because of its
     * subscribe deny list (Go's checkDenySub). False, cheaply, until {@link #canSubscribe} has allowed a
     * wildcard subscription overlapping a deny entry; from then on it applies to every delivery to this
     * connection, whatever the subscription. Any thread; allocation-free.
     */
    public boolean deliveryDenied(byte[] subject, int off, int len) {
        SubjectTrie f = deliveryFilter;
        return f != null && f.matchesPlain(subject, off, len);
    }

    /** Whether the delivery filter is on (a fast pre-check for callers). Any thread. */
    public boolean hasDeliveryFilter() {
        return deliveryFilter != null;
    }

    /** Whether this client has allow_responses, so deliveries must report reply subjects. Any thread. */
    public boolean tracksReplies() {
        return replies != null;
    }

    /**
     * Call when a message with a reply subject has been delivered (queued) to this client, as Go's
     * deliverMsg does after its checks. No-op without allow_responses. Any thread.
     */
    public void expectReply(byte[] reply, int off, int len) {
        if (replies != null) {
            replies.expectReply(reply, off, len);
        }
    }

    public void expectReply(String reply) {
        if (replies != null) {
            byte[] b = SubjectTokens.wire(reply);
            replies.expectReply(b, 0, b.length);
        }
    }

    /** The allow_responses tracker; null without allow_responses. */
    public ResponseTracker responses() {
        return replies;
    }
}
