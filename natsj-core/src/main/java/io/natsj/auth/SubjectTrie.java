package io.natsj.auth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable allow or deny list: the permission entries of one direction as a token trie, matched
 * exactly like nats-server 2.9.10's Sublist.Match, on the subject's bytes. Built once by
 * {@link Builder}; afterwards never changed, so any number of threads may match concurrently.
 *
 * <p>Match rules (Go's matchLevel): a subject with an empty token (including the empty subject, a
 * leading, trailing or doubled '.') matches nothing; an entry token {@code *} matches any one subject
 * token, {@code >} one or more, any other entry token only the same bytes. Subject tokens are never
 * wildcards to the trie: a subscription subject {@code foo.>} matches the entries {@code foo.>},
 * {@code foo.*}, {@code *.*} and {@code >}, but not {@code foo.bar}.
 */
final class SubjectTrie {
    /** One level of tokens: literal children in an open-addressed table, plus the wildcard children. */
    private static final class Level {
        final byte[][] keys;
        final int[] hashes;
        final Node[] nodes;
        final int mask;
        final Node pwc;
        final Node fwc;

        Level(byte[][] keys, int[] hashes, Node[] nodes, Node pwc, Node fwc) {
            this.keys = keys;
            this.hashes = hashes;
            this.nodes = nodes;
            this.mask = keys.length - 1;
            this.pwc = pwc;
            this.fwc = fwc;
        }

        Node literal(byte[] s, int from, int to) {
            if (nodes.length == 0) {
                return null;
            }
            int h = hash(s, from, to);
            for (int i = h & mask;; i = (i + 1) & mask) {
                byte[] k = keys[i];
                if (k == null) {
                    return null;
                }
                if (hashes[i] == h && Arrays.equals(k, 0, k.length, s, from, to)) {
                    return nodes[i];
                }
            }
        }
    }

    /** The end of some entries and the way to longer ones. */
    private static final class Node {
        final Level next;
        /** Some entry without a queue ends here. */
        final boolean plain;
        /** Distinct queue names of the entries ending here, in insertion order; null: none. */
        final byte[][] queues;

        Node(Level next, boolean plain, byte[][] queues) {
            this.next = next;
            this.plain = plain;
            this.queues = queues;
        }
    }

    /** What a subject matched: whether any plain entry, and the distinct queue names of queue entries. */
    record Result(boolean plain, List<byte[]> queues) {
    }

    private final Level root;
    private final int size;

    private SubjectTrie(Level root, int size) {
        this.root = root;
        this.size = size;
    }

    /** Entries actually inserted (invalid ones are skipped, as Go's Insert rejects them). */
    int size() {
        return size;
    }

    static int hash(byte[] s, int from, int to) {
        int h = 1;
        for (int i = from; i < to; i++) {
            h = 31 * h + s[i];
        }
        return h ^ (h >>> 16);
    }

    /** Whether some entry without a queue matches the subject. Allocation-free. */
    boolean matchesPlain(byte[] s, int off, int len) {
        if (!tokensNonEmpty(s, off, len)) {
            return false;
        }
        return plainAt(root, s, off, off + len);
    }

    boolean matchesPlain(byte[] s) {
        return matchesPlain(s, 0, s.length);
    }

    private static boolean plainAt(Level level, byte[] s, int start, int end) {
        int tokenEnd = start;
        while (tokenEnd < end && s[tokenEnd] != '.') {
            tokenEnd++;
        }
        boolean last = tokenEnd == end;
        if (level.fwc != null && level.fwc.plain) {
            return true;
        }
        if (level.pwc != null && plainBelow(level.pwc, last, s, tokenEnd + 1, end)) {
            return true;
        }
        Node n = level.literal(s, start, tokenEnd);
        return n != null && plainBelow(n, last, s, tokenEnd + 1, end);
    }

    private static boolean plainBelow(Node n, boolean last, byte[] s, int next, int end) {
        if (last) {
            return n.plain;
        }
        return n.next != null && plainAt(n.next, s, next, end);
    }

    /** Every entry the subject matches (Go's Match: psubs and qsubs). For SUB; allocates. */
    Result match(byte[] s) {
        if (!tokensNonEmpty(s, 0, s.length)) {
            return new Result(false, List.of());
        }
        List<Node> reached = new ArrayList<>();
        collect(root, s, 0, s.length, reached);
        boolean plain = false;
        List<byte[]> queues = new ArrayList<>();
        for (Node n : reached) {
            plain |= n.plain;
            if (n.queues != null) {
                for (byte[] q : n.queues) {
                    if (queues.stream().noneMatch(x -> Arrays.equals(x, q))) {
                        queues.add(q);
                    }
                }
            }
        }
        return new Result(plain, queues);
    }

    private static void collect(Level level, byte[] s, int start, int end, List<Node> out) {
        int tokenEnd = start;
        while (tokenEnd < end && s[tokenEnd] != '.') {
            tokenEnd++;
        }
        boolean last = tokenEnd == end;
        if (level.fwc != null) {
            out.add(level.fwc);
        }
        if (level.pwc != null) {
            collectBelow(level.pwc, last, s, tokenEnd + 1, end, out);
        }
        Node n = level.literal(s, start, tokenEnd);
        if (n != null) {
            collectBelow(n, last, s, tokenEnd + 1, end, out);
        }
    }

    private static void collectBelow(Node n, boolean last, byte[] s, int next, int end, List<Node> out) {
        if (last) {
            out.add(n);
        } else if (n.next != null) {
            collect(n.next, s, next, end, out);
        }
    }

    /** Go's Match returns nothing for a subject with an empty token. */
    private static boolean tokensNonEmpty(byte[] s, int off, int len) {
        if (len <= 0) {
            return false;
        }
        int end = off + len;
        if (s[off] == '.' || s[end - 1] == '.') {
            return false;
        }
        for (int i = off + 1; i < end; i++) {
            if (s[i] == '.' && s[i - 1] == '.') {
                return false;
            }
        }
        return true;
    }

    /** Collects entries, then freezes them. Not thread-safe; used by one thread while compiling. */
    static final class Builder {
        private static final class MLevel {
            final Map<Key, MNode> literals = new LinkedHashMap<>();
            MNode pwc;
            MNode fwc;
        }

        private static final class MNode {
            MLevel next;
            boolean plain;
            final Map<Key, byte[]> queues = new LinkedHashMap<>();
        }

        private record Key(byte[] b) {
            @Override
            public boolean equals(Object o) {
                return o instanceof Key k && Arrays.equals(b, k.b);
            }

            @Override
            public int hashCode() {
                return Arrays.hashCode(b);
            }
        }

        private final MLevel root = new MLevel();
        private int size;

        /**
         * Go's Sublist.Insert of a subscription with this subject and queue (null: none). Returns false
         * and adds nothing if Go would fail with ErrInvalidSubject: an empty token, or any token after
         * {@code >}.
         */
        boolean add(byte[] subject, byte[] queue) {
            byte[][] tokens = SubjectTokens.split(subject);
            for (int i = 0; i < tokens.length; i++) {
                if (tokens[i].length == 0 || (SubjectTokens.isFwc(tokens[i]) && i != tokens.length - 1)) {
                    return false;
                }
            }
            MLevel level = root;
            MNode node = null;
            for (byte[] t : tokens) {
                if (level == null) {
                    level = node.next = new MLevel();
                }
                if (SubjectTokens.isPwc(t)) {
                    node = level.pwc == null ? (level.pwc = new MNode()) : level.pwc;
                } else if (SubjectTokens.isFwc(t)) {
                    node = level.fwc == null ? (level.fwc = new MNode()) : level.fwc;
                } else {
                    node = level.literals.computeIfAbsent(new Key(t), k -> new MNode());
                }
                level = node.next;
            }
            if (queue == null) {
                node.plain = true;
            } else {
                node.queues.putIfAbsent(new Key(queue), queue.clone());
            }
            size++;
            return true;
        }

        SubjectTrie build() {
            return new SubjectTrie(freeze(root), size);
        }

        private static Level freeze(MLevel m) {
            int n = m.literals.size();
            int cap = 1;
            while (cap < n * 2) {
                cap <<= 1;
            }
            byte[][] keys = new byte[n == 0 ? 0 : cap][];
            int[] hashes = new int[keys.length];
            Node[] nodes = new Node[keys.length];
            for (Map.Entry<Key, MNode> e : m.literals.entrySet()) {
                byte[] k = e.getKey().b;
                int h = hash(k, 0, k.length);
                int i = h & (cap - 1);
                while (keys[i] != null) {
                    i = (i + 1) & (cap - 1);
                }
                keys[i] = k;
                hashes[i] = h;
                nodes[i] = freeze(e.getValue());
            }
            return new Level(keys, hashes, nodes, freeze(m.pwc), freeze(m.fwc));
        }

        private static Node freeze(MNode m) {
            if (m == null) {
                return null;
            }
            return new Node(m.next == null ? null : freeze(m.next), m.plain,
                    m.queues.isEmpty() ? null : m.queues.values().toArray(new byte[0][]));
        }
    }
}
