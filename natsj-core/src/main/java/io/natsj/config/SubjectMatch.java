package io.natsj.config;

/**
 * Subject comparisons of nats-server's sublist.go that the account checks need, on subjects that
 * may both hold wildcards: subjectIsSubsetMatch, SubjectsCollide and subjectIsLiteral.
 */
final class SubjectMatch {
    private SubjectMatch() {
    }

    /** Go's subjectIsSubsetMatch: every subject {@code subject} matches is matched by {@code test}. */
    static boolean isSubsetMatch(String subject, String test) {
        String[] tokens = subject.split("\\.", -1);
        String[] t = test.split("\\.", -1);
        for (int i = 0; i < t.length; i++) {
            if (i >= tokens.length) {
                return false;
            }
            String t2 = t[i];
            if (t2.isEmpty()) {
                return false;
            }
            if (t2.equals(">")) {
                return true;
            }
            String t1 = tokens[i];
            if (t1.isEmpty() || t1.equals(">")) {
                return false;
            }
            if (t1.equals("*")) {
                if (!t2.equals("*")) {
                    return false;
                }
                continue;
            }
            // Go looks only at the first character here.
            if (t2.charAt(0) != '*' && !t1.equals(t2)) {
                return false;
            }
        }
        return tokens.length == t.length;
    }

    /** Go's SubjectsCollide: whether some literal subject matches both. */
    static boolean collide(String s1, String s2) {
        if (s1.equals(s2)) {
            return true;
        }
        String[] t1 = s1.split("\\.", -1);
        String[] t2 = s2.split("\\.", -1);
        boolean pwc1 = has(t1, "*");
        boolean fwc1 = has(t1, ">");
        boolean pwc2 = has(t2, "*");
        boolean fwc2 = has(t2, ">");
        boolean l1 = !(pwc1 || fwc1);
        boolean l2 = !(pwc2 || fwc2);
        if (l1 && l2) {
            return false;
        }
        if (l1) {
            return isSubsetMatch(s1, s2);
        }
        if (l2) {
            return isSubsetMatch(s2, s1);
        }
        if (!fwc1 && !fwc2 && t1.length != t2.length) {
            return false;
        }
        if (t1.length < t2.length && !fwc1 || t2.length < t1.length && !fwc2) {
            return false;
        }
        int stop = Math.min(t1.length, t2.length);
        for (int i = 0; i < stop; i++) {
            if (!canMatch(t1[i], t2[i])) {
                return false;
            }
        }
        return true;
    }

    /** Go's subjectIsLiteral: no token is exactly {@code *} or {@code >}. */
    static boolean isLiteral(String subject) {
        String[] tokens = subject.split("\\.", -1);
        return !has(tokens, "*") && !has(tokens, ">");
    }

    private static boolean has(String[] tokens, String wildcard) {
        for (String t : tokens) {
            if (t.equals(wildcard)) {
                return true;
            }
        }
        return false;
    }

    /** Go's tokensCanMatch: by the first character, as Go compares them. */
    private static boolean canMatch(String a, String b) {
        if (a.isEmpty() || b.isEmpty()) {
            return false;
        }
        char c1 = a.charAt(0);
        char c2 = b.charAt(0);
        if (c1 == '*' || c2 == '*' || c1 == '>' || c2 == '>') {
            return true;
        }
        return a.equals(b);
    }
}
