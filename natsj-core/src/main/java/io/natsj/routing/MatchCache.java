package io.natsj.routing;

/**
 * STUB — the routing helper replaces this.
 *
 * <p>CONTRACT: a per-thread (not thread-safe) cache in front of one {@link SubjectIndex}, keyed by the
 * subject's bytes, so that a hit allocates nothing. Stays correct when the index changes.
 */
public final class MatchCache {
    private final SubjectIndex index;

    public MatchCache(SubjectIndex index) {
        this.index = index;
    }

    /** The match for the literal subject {@code subject[offset, offset+length)} (ASCII/UTF-8 bytes). */
    public MatchResult match(byte[] subject, int offset, int length) {
        return index.match(new String(subject, offset, length, java.nio.charset.StandardCharsets.UTF_8));
    }
}
