package io.natsj.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A subject transform as nats-server 2.9's newTransform builds them (stream republish uses them): a
 * source pattern and a destination whose tokens are literals, {@code $N} or {@code {{wildcard(N)}}}
 * (the N-th {@code *} of the source), and a final {@code >} exactly when the source ends in one
 * (it carries the rest of the subject). The destination may not hold {@code *}, and must use every
 * {@code *} of the source.
 *
 * <p>nats-server's other mapping functions (partition, split, slice) are refused as not valid.
 */
public final class SubjectTransform {
    private static final Pattern MUSTACHE = Pattern.compile("^\\{\\{(.*)\\}\\}$");
    private static final Pattern WILDCARD = Pattern.compile("\\s*[wW]ildcard\\s*\\((.*)\\)\\s*");
    private static final int LITERAL = -1;

    private final String src;
    private final String dest;
    private final String[] srcTokens;
    private final String[] destTokens;
    /** Per destination token: the source token index it takes, or LITERAL; null when nothing moves. */
    private final int[] from;

    private SubjectTransform(String src, String dest, String[] srcTokens, String[] destTokens, int[] from) {
        this.src = src;
        this.dest = dest;
        this.srcTokens = srcTokens;
        this.destTokens = destTokens;
        this.from = from;
    }

    /** @throws IllegalArgumentException when nats-server would refuse the pair */
    public static SubjectTransform of(String src, String dest) {
        String[] st = src.split("\\.", -1);
        String[] dt = dest.split("\\.", -1);
        if (!valid(st) || !valid(dt)) {
            throw new IllegalArgumentException("bad subject");
        }
        int pwcs = count(st, "*");
        boolean fwc = st[st.length - 1].equals(">");
        if (count(dt, "*") > 0 || fwc != dt[dt.length - 1].equals(">")) {
            throw new IllegalArgumentException("bad subject");
        }
        if (pwcs == 0 && !fwc) {
            return new SubjectTransform(src, dest, st, dt, null);
        }
        List<Integer> wildcardAt = new ArrayList<>(); // source index of the 1st, 2nd, ... '*'
        for (int i = 0; i < st.length; i++) {
            if (st[i].equals("*")) {
                wildcardAt.add(i);
            }
        }
        int[] from = new int[dt.length];
        int placeholders = 0;
        for (int i = 0; i < dt.length; i++) {
            int n = placeholder(dt[i]);
            if (n == LITERAL) {
                from[i] = LITERAL;
                continue;
            }
            if (n > pwcs) {
                throw new IllegalArgumentException("wildcard index out of range: " + dt[i]);
            }
            placeholders++;
            // nats-server looks the index up in a map from 1; an index it lacks (0, negative) reads token 0.
            from[i] = n >= 1 ? wildcardAt.get(n - 1) : 0;
        }
        if (placeholders < pwcs) {
            throw new IllegalArgumentException("not all wildcards are used in the destination");
        }
        return new SubjectTransform(src, dest, st, dt, from);
    }

    /** The wildcard number a destination token stands for, or LITERAL. */
    private static int placeholder(String token) {
        if (token.length() > 1 && token.charAt(0) == '$') {
            try {
                return Integer.parseInt(token.substring(1));
            } catch (NumberFormatException e) {
                return LITERAL; // other things start with '$': a literal
            }
        }
        Matcher m = MUSTACHE.matcher(token);
        if (token.length() > 4 && m.matches()) {
            Matcher w = WILDCARD.matcher(m.group(1));
            if (!w.matches()) {
                throw new IllegalArgumentException("mapping function not supported: " + token);
            }
            String[] args = w.group(1).split(",", -1);
            if (args.length != 1 || args[0].isBlank()) {
                throw new IllegalArgumentException("wildcard takes one argument: " + token);
            }
            try {
                return Integer.parseInt(args[0].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid wildcard argument: " + token);
            }
        }
        return LITERAL;
    }

    /** nats-server's subjectInfo: no empty token, and '>' only last (blanks are allowed here). */
    private static boolean valid(String[] tokens) {
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i].isEmpty() || tokens[i].equals(">") && i < tokens.length - 1) {
                return false;
            }
        }
        return true;
    }

    private static int count(String[] tokens, String t) {
        int n = 0;
        for (String s : tokens) {
            if (s.equals(t)) {
                n++;
            }
        }
        return n;
    }

    /** The literal {@code subject} moved to the destination, or null when the source does not match it. */
    public String match(String subject) {
        if (src.equals(">") && dest.equals(">")) {
            return subject;
        }
        if (!SubjectMapping.isSubset(subject, src)) {
            return null;
        }
        if (from == null) {
            return dest;
        }
        String[] tokens = subject.split("\\.", -1);
        StringBuilder b = new StringBuilder(subject.length() + dest.length());
        for (int i = 0; i < destTokens.length; i++) {
            if (from[i] == LITERAL) {
                if (destTokens[i].equals(">")) {
                    break;
                }
                b.append(destTokens[i]);
            } else {
                b.append(tokens[from[i]]);
            }
            if (i < destTokens.length - 1) {
                b.append('.');
            }
        }
        if (destTokens[destTokens.length - 1].equals(">")) {
            for (int i = srcTokens.length - 1; i < tokens.length; i++) {
                b.append(tokens[i]);
                if (i < tokens.length - 1) {
                    b.append('.');
                }
            }
        }
        return b.toString();
    }
}
