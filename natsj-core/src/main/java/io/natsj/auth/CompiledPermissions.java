package io.natsj.auth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One {@link Permissions} compiled for checking, as nats-server 2.9.10's {@code setPermissions} builds
 * a client's {@code perms}: publish allow and deny lists, subscribe allow and deny lists (entries may
 * carry a queue group), the raw subscribe deny entries for the delivery-time filter, and the
 * effective {@code allow_responses} settings.
 *
 * <p><b>Threading:</b> immutable and thread-safe. Compile once per distinct Permissions (per user) and
 * share it among all that user's connections; each connection gets its own mutable
 * {@link ClientPermissions} from {@link #newClient()}.
 *
 * <p>Which lists exist follows Go exactly: a publish allow list exists whenever {@code allow} is
 * non-null, even empty (then nothing may be published, except responses); a publish deny list and the
 * subscribe lists only when non-empty (so an empty subscribe allow list allows everything). With
 * {@code allow_responses} Go's validateResponsePermissions applies: a missing publish allow list
 * becomes an empty one, max 0 becomes 1 and an expiry of zero becomes 2 minutes (negative values mean
 * unlimited).
 */
public final class CompiledPermissions {
    /** nats-server's DEFAULT_ALLOW_RESPONSE_EXPIRATION. */
    public static final Duration DEFAULT_RESPONSE_EXPIRATION = Duration.ofMinutes(2);

    /** No restrictions at all (Go's {@code c.perms == nil}). */
    public static final CompiledPermissions UNRESTRICTED = new CompiledPermissions(null, null, null, null, null,
            null, null, null);

    final SubjectTrie pubAllow;
    final SubjectTrie pubDeny;
    final SubjectTrie subAllow;
    final SubjectTrie subDeny;
    /** Go's {@code darray}: the subscribe deny entries as written, tokenized for the subset test. */
    final byte[][][] denyTokens;
    /** Go's {@code mperms.deny}: every subscribe deny entry as written, inserted as a plain subject. */
    final SubjectTrie msgDeny;
    /** Effective allow_responses; null: off. */
    private final ResponsePermission responses;
    /** Entries Go would reject with an error log (and skip). */
    private final List<String> rejected;

    private CompiledPermissions(SubjectTrie pubAllow, SubjectTrie pubDeny, SubjectTrie subAllow,
            SubjectTrie subDeny, byte[][][] denyTokens, SubjectTrie msgDeny, ResponsePermission responses,
            List<String> rejected) {
        this.pubAllow = pubAllow;
        this.pubDeny = pubDeny;
        this.subAllow = subAllow;
        this.subDeny = subDeny;
        this.denyTokens = denyTokens;
        this.msgDeny = msgDeny;
        this.responses = responses;
        this.rejected = rejected == null ? List.of() : List.copyOf(rejected);
    }

    /** Compiles p; null gives {@link #UNRESTRICTED}. Any thread. */
    public static CompiledPermissions compile(Permissions p) {
        if (p == null) {
            return UNRESTRICTED;
        }
        List<String> rejected = new ArrayList<>();
        SubjectPermission publish = p.publish();
        ResponsePermission response = p.response();
        if (response != null) {
            // validateResponsePermissions
            if (publish == null) {
                publish = new SubjectPermission(List.of(), null);
            } else if (publish.allow() == null) {
                publish = new SubjectPermission(List.of(), publish.deny());
            }
            int max = response.maxMsgs() == 0 ? ResponsePermission.DEFAULT_MAX_MSGS : response.maxMsgs();
            Duration ttl = response.expires().isZero() ? DEFAULT_RESPONSE_EXPIRATION : response.expires();
            response = new ResponsePermission(max, ttl);
        }
        SubjectTrie pubAllow = null;
        SubjectTrie pubDeny = null;
        if (publish != null) {
            if (publish.allow() != null) {
                pubAllow = publishList(publish.allow(), rejected);
            }
            if (publish.deny() != null && !publish.deny().isEmpty()) {
                pubDeny = publishList(publish.deny(), rejected);
            }
        }
        SubjectTrie subAllow = null;
        SubjectTrie subDeny = null;
        byte[][][] denyTokens = null;
        SubjectTrie msgDeny = null;
        SubjectPermission subscribe = p.subscribe();
        if (subscribe != null) {
            if (subscribe.allow() != null && !subscribe.allow().isEmpty()) {
                subAllow = subscribeList(subscribe.allow(), rejected);
            }
            if (subscribe.deny() != null && !subscribe.deny().isEmpty()) {
                subDeny = subscribeList(subscribe.deny(), rejected);
                List<String> raw = subscribe.deny();
                denyTokens = new byte[raw.size()][][];
                SubjectTrie.Builder filter = new SubjectTrie.Builder();
                for (int i = 0; i < raw.size(); i++) {
                    byte[] b = SubjectTokens.config(raw.get(i));
                    denyTokens[i] = SubjectTokens.split(b);
                    filter.add(b, null);
                }
                msgDeny = filter.build();
            }
        }
        return new CompiledPermissions(pubAllow, pubDeny, subAllow, subDeny, denyTokens, msgDeny, response,
                rejected);
    }

    private static SubjectTrie publishList(List<String> entries, List<String> rejected) {
        SubjectTrie.Builder b = new SubjectTrie.Builder();
        for (String e : entries) {
            if (!b.add(SubjectTokens.config(e), null)) {
                rejected.add(e);
            }
        }
        return b.build();
    }

    /** Go's splitSubjectQueue per entry: "subject" or "subject queue"; more fields are an error. */
    private static SubjectTrie subscribeList(List<String> entries, List<String> rejected) {
        SubjectTrie.Builder b = new SubjectTrie.Builder();
        for (String e : entries) {
            List<String> f = SubjectTokens.fields(e);
            if (f.isEmpty() || f.size() > 2) {
                rejected.add(e);
                continue;
            }
            byte[] queue = f.size() == 2 ? SubjectTokens.config(f.get(1)) : null;
            if (!b.add(SubjectTokens.config(f.get(0)), queue)) {
                rejected.add(e);
            }
        }
        return b.build();
    }

    /** A fresh per-connection checker on the system clock. */
    public ClientPermissions newClient() {
        return new ClientPermissions(this, System::nanoTime);
    }

    /** A fresh per-connection checker; {@code nanoClock} as System.nanoTime (tests inject their own). */
    public ClientPermissions newClient(LongSupplier nanoClock) {
        return new ClientPermissions(this, nanoClock);
    }

    /** Whether publishing is checked at all (Go: pub.allow or pub.deny present). */
    public boolean restrictsPublish() {
        return pubAllow != null || pubDeny != null;
    }

    /** Whether subscribing is checked at all. */
    public boolean restrictsSubscribe() {
        return subAllow != null || subDeny != null;
    }

    /** Effective allow_responses after Go's defaults; null: off. */
    public ResponsePermission responses() {
        return responses;
    }

    /**
     * Entries nats-server would refuse to insert (it logs an error and skips them): an empty token, a
     * token after {@code >}, or a subscribe entry with more than two fields. They match nothing.
     */
    public List<String> rejectedEntries() {
        return rejected;
    }

    /** Static publish check, without cache or responses: allow list, then deny list. Allocation-free. */
    boolean publishAllowed(byte[] s, int off, int len) {
        boolean allowed = pubAllow == null || pubAllow.matchesPlain(s, off, len);
        if (allowed && pubDeny != null) {
            allowed = !pubDeny.matchesPlain(s, off, len);
        }
        return allowed;
    }
}
