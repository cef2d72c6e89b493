package io.natsj.routing;

import java.util.Arrays;

/**
 * The working state of one match: where the subject's tokens are, a probe that looks a token up in
 * the trie's String-keyed maps without making a String, and the nodes the walk reached. Reused from
 * match to match so that a match allocates nothing. NOT thread-safe: one per thread ({@link MatchCache}
 * holds one for its event loop); only grows, when a subject has more tokens or reaches more nodes than
 * any before.
 */
final class MatchScratch {
    private byte[] subject;
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    int tokenCount;

    /** Nodes reached so far by the current match: {@code nodes[0, reached)}. */
    Trie.Node[] nodes = new Trie.Node[8];
    int reached;

    private final TokenProbe probe = new TokenProbe();

    /**
     * Splits {@code subject[offset, offset+length)} on '.'; false if any token is empty (including an
     * empty subject), which, as in Go, matches nothing.
     */
    boolean tokenize(byte[] subject, int offset, int length) {
        this.subject = subject;
        int count = 0;
        int start = offset;
        int end = offset + length;
        for (int i = offset; i <= end; i++) {
            if (i == end || subject[i] == '.') {
                if (i == start) {
                    return false;
                }
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                    ends = Arrays.copyOf(ends, count * 2);
                }
                starts[count] = start;
                ends[count] = i;
                count++;
                start = i + 1;
            }
        }
        tokenCount = count;
        return true;
    }

    /** The probe for token {@code i}; valid until the next call. */
    Object probe(int i) {
        probe.set(subject, starts[i], ends[i]);
        return probe;
    }

    void reach(Trie.Node node) {
        if (reached == nodes.length) {
            nodes = Arrays.copyOf(nodes, reached * 2);
        }
        nodes[reached++] = node;
    }

    /** Forgets the subject and the nodes, so that the scratch holds on to nothing between matches. */
    void clear() {
        subject = null;
        Arrays.fill(nodes, 0, reached, null);
        reached = 0;
    }

    /** {@link String#hashCode} of the Latin-1 String of {@code bytes[start, end)}, one char per byte. */
    static int stringHash(byte[] bytes, int start, int end) {
        int h = 0;
        for (int i = start; i < end; i++) {
            h = 31 * h + (bytes[i] & 0xff);
        }
        return h;
    }

    /**
     * A token's bytes posing as its String for {@code HashMap.get}, which calls the probe's hashCode and
     * then {@code probe.equals(storedKey)}. Subjects are Strings of one char per wire byte (Latin-1), so
     * the hash is String's own over the unsigned bytes and equality compares char with byte. Only for
     * lookups: it is equal to Strings, but no String is equal to it.
     */
    private static final class TokenProbe {
        private byte[] bytes;
        private int start;
        private int end;
        private int hash;

        void set(byte[] bytes, int start, int end) {
            this.bytes = bytes;
            this.start = start;
            this.end = end;
            this.hash = stringHash(bytes, start, end);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof String s) || s.length() != end - start) {
                return false;
            }
            for (int i = start, j = 0; i < end; i++, j++) {
                if (s.charAt(j) != (char) (bytes[i] & 0xff)) {
                    return false;
                }
            }
            return true;
        }
    }
}
