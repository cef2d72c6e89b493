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

    /** Go's transformTokenize: each {@code *} token becomes $1, $2, ... in order. */
    static String tokenize(String subject) {
        String[] tokens = subject.split("\\.", -1);
        int n = 1;
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i].equals("*")) {
                tokens[i] = "$" + n++;
            }
        }
        return String.join(".", tokens);
    }

    /** Go's transformUntokenize: each $N token becomes {@code *}. */
    static String untokenize(String subject) {
        String[] tokens = subject.split("\\.", -1);
        for (int i = 0; i < tokens.length; i++) {
            String t = tokens[i];
            if (t.length() > 1 && t.charAt(0) == '$' && t.charAt(1) >= '1' && t.charAt(1) <= '9') {
                tokens[i] = "*";
            }
        }
        return String.join(".", tokens);
    }

    /**
     * The problem Go's newTransform finds in mapping {@code src} to {@code dest}, or null. Only the
     * subject checks and the $N place holders are ported; a destination with mustache functions
     * ({@code {{wildcard(1)}}}) is not checked.
     */
    static String transformProblem(String src, String dest) {
        int[] s = info(src);
        int[] d = info(dest);
        if (s == null || d == null || d[0] > 0 || s[1] != d[1]) {
            return "invalid subject";
        }
        int npwcs = s[0];
        if (npwcs == 0 && s[1] == 0) {
            return null;
        }
        int placeholders = 0;
        for (String token : dest.split("\\.", -1)) {
            if (token.startsWith("{{")) {
                return null;
            }
            if (token.length() > 1 && token.charAt(0) == '$') {
                int index;
                try {
                    index = Integer.parseInt(token.substring(1));
                } catch (NumberFormatException e) {
                    continue; // Go leaves other $ tokens as they are
                }
                placeholders++;
                if (index > npwcs) {
                    return "invalid mapping destination: wildcard index out of range in " + token + ": [" + index + "]";
                }
            }
        }
        if (placeholders < npwcs) {
            return "invalid mapping destination: not using all of the token wildcard(s) in " + dest;
        }
        return null;
    }

    /** Go's subjectInfo: {partial wildcards, 1 if it ends in a full wildcard}, or null if not valid. */
    private static int[] info(String subject) {
        if (subject.isEmpty()) {
            return null;
        }
        int pwcs = 0;
        int fwc = 0;
        for (String t : subject.split("\\.", -1)) {
            if (t.isEmpty() || fwc == 1) {
                return null;
            }
            if (t.equals(">")) {
                fwc = 1;
            } else if (t.equals("*")) {
                pwcs++;
            }
        }
        return new int[] {pwcs, fwc};
    }
}
