package io.natsj.routing;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The token trie behind {@link SubjectIndex}. NOT thread-safe: the index's lock guards every call.
 *
 * <p>Invariants: a subscription lives in exactly one node, the one reached by walking its subject's
 * tokens ({@code *} via {@link Level#pwc}, {@code >} via {@link Level#fwc}, anything else via
 * {@link Level#literals}); a node with no subscriptions and no non-empty next level is pruned on
 * remove, so the trie's size follows the live subscriptions.
 */
final class Trie {
    private final Level root = new Level();

    /** One level of tokens. */
    static final class Level {
        final Map<String, Node> literals = new HashMap<>();
        Node pwc;
        Node fwc;

        boolean isEmpty() {
            return literals.isEmpty() && pwc == null && fwc == null;
        }
    }

    /** The end of some subscription subject; also the way to longer subjects. */
    static final class Node {
        Level next;
        final SubscriptionSet plain = new SubscriptionSet();
        /** Queue name to members; allocated on first queue subscription; no empty groups. */
        Map<String, SubscriptionSet> queues;
        /**
         * This node's members as a match result, for subjects that reach no other node (most do: one
         * reply inbox, one literal subject). Built on first use by a match under the read lock (matches
         * racing there build equal immutable results, safely published by their final fields); cleared
         * by every change of the members under the write lock.
         */
        MatchResult members;

        MatchResult members() {
            MatchResult r = members;
            if (r == null) {
                Collector c = new Collector();
                c.merge(this);
                r = members = c.mergedResult();
            }
            return r;
        }

        boolean isEmpty() {
            return plain.isEmpty() && (queues == null || queues.isEmpty())
                    && (next == null || next.isEmpty());
        }
    }

    /** Adds sub; false if this very Subscription was already present. Subject must be valid. */
    boolean insert(Subscription sub) {
        Level level = root;
        Node node = null;
        for (String token : tokens(sub.subject)) {
            if (level == null) {
                level = node.next = new Level();
            }
            node = child(level, token, true);
            level = node.next;
        }
        node.members = null;
        if (sub.queue == null) {
            return node.plain.add(sub);
        }
        if (node.queues == null) {
            node.queues = new HashMap<>();
        }
        return node.queues.computeIfAbsent(sub.queue, q -> new SubscriptionSet()).add(sub);
    }

    /** Removes sub and prunes nodes left empty; false if it was not present. */
    boolean remove(Subscription sub) {
        String[] tokens = tokens(sub.subject);
        Level[] levels = new Level[tokens.length];
        Node[] nodes = new Node[tokens.length];
        Level level = root;
        for (int i = 0; i < tokens.length; i++) {
            if (level == null) {
                return false;
            }
            Node node = child(level, tokens[i], false);
            if (node == null) {
                return false;
            }
            levels[i] = level;
            nodes[i] = node;
            level = node.next;
        }
        Node last = nodes[tokens.length - 1];
        if (!removeFrom(last, sub)) {
            return false;
        }
        for (int i = tokens.length - 1; i >= 0 && nodes[i].isEmpty(); i--) {
            detach(levels[i], tokens[i]);
            if (i > 0 && levels[i].isEmpty()) {
                nodes[i - 1].next = null;
            }
        }
        return true;
    }

    private static boolean removeFrom(Node node, Subscription sub) {
        node.members = null;
        if (sub.queue == null) {
            return node.plain.remove(sub);
        }
        SubscriptionSet members = node.queues == null ? null : node.queues.get(sub.queue);
        if (members == null || !members.remove(sub)) {
            return false;
        }
        if (members.isEmpty()) {
            node.queues.remove(sub.queue);
        }
        return true;
    }

    /**
     * Everything matching the literal subject whose tokens {@code scratch} holds (none empty). Allocates
     * nothing when the subject reaches at most one node with members, the common case.
     */
    MatchResult match(MatchScratch scratch) {
        scratch.reached = 0;
        matchLevel(root, scratch, 0);
        return result(scratch);
    }

    private static MatchResult result(MatchScratch scratch) {
        Node only = null;
        for (int i = 0; i < scratch.reached; i++) {
            Node n = scratch.nodes[i];
            if (n.plain.isEmpty() && (n.queues == null || n.queues.isEmpty())) {
                continue;
            }
            if (only != null) {
                return mergedResult(scratch);
            }
            only = n;
        }
        return only == null ? MatchResult.EMPTY : only.members();
    }

    private static MatchResult mergedResult(MatchScratch scratch) {
        Collector c = new Collector();
        for (int i = 0; i < scratch.reached; i++) {
            c.merge(scratch.nodes[i]);
        }
        return c.mergedResult();
    }

    /** True if no subscription and no node is left: remove prunes every node and level it empties. */
    boolean isEmpty() {
        return root.isEmpty();
    }

    /** Visits every subscription (for monitoring). */
    void forEach(Consumer<Subscription> action) {
        forEach(root, action);
    }

    private static void forEach(Level level, Consumer<Subscription> action) {
        if (level == null) {
            return;
        }
        for (Node n : level.literals.values()) {
            forEach(n, action);
        }
        if (level.pwc != null) {
            forEach(level.pwc, action);
        }
        if (level.fwc != null) {
            forEach(level.fwc, action);
        }
    }

    private static void forEach(Node node, Consumer<Subscription> action) {
        node.plain.forEach(action);
        if (node.queues != null) {
            node.queues.values().forEach(members -> members.forEach(action));
        }
        forEach(node.next, action);
    }

    /**
     * Each trie node is reached at most once per match (one path per node), so a subscription is
     * collected at most once. {@code >} needs at least one token left, which holds whenever i < count.
     */
    private static void matchLevel(Level level, MatchScratch scratch, int i) {
        if (level == null) {
            return;
        }
        boolean lastToken = i == scratch.tokenCount - 1;
        if (level.fwc != null) {
            scratch.reach(level.fwc);
        }
        if (level.pwc != null) {
            descend(level.pwc, scratch, i, lastToken);
        }
        // The probe stands in for the token's String: HashMap calls its hashCode and its equals.
        Node literal = level.literals.get(scratch.probe(i));
        if (literal != null) {
            descend(literal, scratch, i, lastToken);
        }
    }

    private static void descend(Node node, MatchScratch scratch, int i, boolean lastToken) {
        if (lastToken) {
            scratch.reach(node);
        } else {
            matchLevel(node.next, scratch, i + 1);
        }
    }

    private static Node child(Level level, String token, boolean create) {
        if (token.length() == 1 && token.charAt(0) == '*') {
            if (level.pwc == null && create) {
                level.pwc = new Node();
            }
            return level.pwc;
        }
        if (token.length() == 1 && token.charAt(0) == '>') {
            if (level.fwc == null && create) {
                level.fwc = new Node();
            }
            return level.fwc;
        }
        return create ? level.literals.computeIfAbsent(token, t -> new Node()) : level.literals.get(token);
    }

    private static void detach(Level level, String token) {
        if (token.length() == 1 && token.charAt(0) == '*') {
            level.pwc = null;
        } else if (token.length() == 1 && token.charAt(0) == '>') {
            level.fwc = null;
        } else {
            level.literals.remove(token);
        }
    }

    /**
     * Splits on '.'; returns null if any token is empty (including the empty string), which is how Go's
     * match treats a malformed publish subject: it matches nothing.
     */
    static String[] tokens(String subject) {
        int n = subject.length();
        int count = 1;
        for (int i = 0; i < n; i++) {
            if (subject.charAt(i) == '.') {
                count++;
            }
        }
        String[] tokens = new String[count];
        int start = 0;
        int t = 0;
        for (int i = 0; i <= n; i++) {
            if (i == n || subject.charAt(i) == '.') {
                if (i == start) {
                    return null;
                }
                tokens[t++] = subject.substring(start, i);
                start = i + 1;
            }
        }
        return tokens;
    }

    /** Merges the members of several nodes; queue members of the same name share one group. */
    private static final class Collector {
        private final Bucket plain = new Bucket();
        /** Allocated on the first queue member; insertion order. */
        private Map<String, Bucket> queues;

        void merge(Node node) {
            plain.addAll(node.plain);
            if (node.queues == null || node.queues.isEmpty()) {
                return;
            }
            if (queues == null) {
                queues = new LinkedHashMap<>();
            }
            for (Map.Entry<String, SubscriptionSet> group : node.queues.entrySet()) {
                queues.computeIfAbsent(group.getKey(), q -> new Bucket()).addAll(group.getValue());
            }
        }

        MatchResult mergedResult() {
            if (plain.size == 0 && queues == null) {
                return MatchResult.EMPTY;
            }
            Subscription[][] groups = new Subscription[queues == null ? 0 : queues.size()][];
            if (queues != null) {
                int g = 0;
                for (Bucket members : queues.values()) {
                    groups[g++] = members.toArray();
                }
            }
            return new MatchResult(plain.toArray(), groups);
        }
    }

    /** A growable array filled by whole-node copies. */
    private static final class Bucket {
        private static final Subscription[] NONE = new Subscription[0];
        Subscription[] items = NONE;
        int size;

        void addAll(SubscriptionSet set) {
            int n = set.size();
            if (n == 0) {
                return;
            }
            if (size + n > items.length) {
                items = Arrays.copyOf(items, Math.max(size + n, items.length * 2));
            }
            set.copyTo(items, size);
            size += n;
        }

        Subscription[] toArray() {
            return size == items.length ? items : Arrays.copyOf(items, size);
        }
    }
}
