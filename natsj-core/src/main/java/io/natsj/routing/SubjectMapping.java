package io.natsj.routing;

import java.util.ArrayList;
import java.util.List;

/**
 * Subject arithmetic for account imports: the overlap of two subject patterns, and moving a subject
 * from one pattern to another by wildcard position ({@code from "a.*.>"} to {@code to "b.*.c.>"} takes
 * {@code a.x.y.z} to {@code b.x.c.y.z}). Pure functions; any thread.
 */
public final class SubjectMapping {
    private SubjectMapping() {
    }

    /**
     * The subjects both patterns match, as one pattern, or null when they share none. For
     * {@code foo.*} and {@code *.bar} that is {@code foo.bar}; for {@code >} and {@code a.*}, {@code a.*}.
     */
    public static String intersection(String p, String q) {
        String[] a = p.split("\\.", -1);
        String[] b = q.split("\\.", -1);
        List<String> out = new ArrayList<>(Math.max(a.length, b.length));
        for (int i = 0;; i++) {
            if (i == a.length || i == b.length) {
                return a.length == b.length ? String.join(".", out) : null;
            }
            String x = a[i];
            String y = b[i];
            if (x.equals(">")) {
                for (int j = i; j < b.length; j++) {
                    out.add(b[j]);
                }
                return String.join(".", out);
            }
            if (y.equals(">")) {
                for (int j = i; j < a.length; j++) {
                    out.add(a[j]);
                }
                return String.join(".", out);
            }
            if (x.equals("*")) {
                out.add(y);
            } else if (y.equals("*") || x.equals(y)) {
                out.add(x);
            } else {
                return null;
            }
        }
    }

    /** Whether every subject {@code inner} matches is also matched by {@code outer}. */
    public static boolean isSubset(String inner, String outer) {
        String both = intersection(inner, outer);
        return inner.equals(both);
    }

    /**
     * Moves {@code subject} (matched by {@code from}) to the pattern {@code to}: the tokens that fill
     * {@code from}'s wildcards fill {@code to}'s, in order; {@code to} without wildcards is the answer
     * itself. The subject may itself hold wildcards (a subscription's), which move like any token.
     */
    public static String map(String from, String to, String subject) {
        if (from.equals(to)) {
            return subject;
        }
        String[] t = to.split("\\.", -1);
        boolean toHasWildcards = false;
        for (String s : t) {
            if (s.equals("*") || s.equals(">")) {
                toHasWildcards = true;
                break;
            }
        }
        if (!toHasWildcards) {
            return to;
        }
        String[] f = from.split("\\.", -1);
        String[] s = subject.split("\\.", -1);
        List<String> captured = new ArrayList<>();
        for (int i = 0; i < f.length && i < s.length; i++) {
            if (f[i].equals("*")) {
                captured.add(s[i]);
            } else if (f[i].equals(">")) {
                StringBuilder rest = new StringBuilder();
                for (int j = i; j < s.length; j++) {
                    if (j > i) {
                        rest.append('.');
                    }
                    rest.append(s[j]);
                }
                captured.add(rest.toString());
                break;
            }
        }
        StringBuilder out = new StringBuilder(subject.length() + to.length());
        int next = 0;
        for (int i = 0; i < t.length; i++) {
            if (i > 0) {
                out.append('.');
            }
            if ((t[i].equals("*") || t[i].equals(">")) && next < captured.size()) {
                out.append(captured.get(next++));
            } else {
                out.append(t[i]);
            }
        }
        return out.toString();
    }
}
