package io.natsj.auth;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Byte-level subject helpers for the permission engine, ports of nats-server 2.9.10's sublist.go and
 * client.go helpers. Stateless; any thread.
 *
 * <p>Two string conventions meet here. Subjects and queue names from the wire are Java Strings with one
 * char per byte (Latin-1, as the protocol parser makes them), so {@link #wire(String)} turns them back
 * into the client's bytes. Permission entries come from the configuration as real Unicode Strings, and
 * Go compares their UTF-8 bytes, so {@link #config(String)} encodes them as UTF-8.
 */
final class SubjectTokens {
    private SubjectTokens() {
    }

    /** A wire String (one char per byte) as the client's bytes. */
    static byte[] wire(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A configuration String as the UTF-8 bytes Go would compare. */
    static byte[] config(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Go's tokenizeSubjectIntoSlice: split on '.', empty tokens kept. */
    static byte[][] split(byte[] subject) {
        List<byte[]> tokens = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < subject.length; i++) {
            if (subject[i] == '.') {
                tokens.add(Arrays.copyOfRange(subject, start, i));
                start = i + 1;
            }
        }
        tokens.add(Arrays.copyOfRange(subject, start, subject.length));
        return tokens.toArray(new byte[0][]);
    }

    static boolean isPwc(byte[] token) {
        return token.length == 1 && token[0] == '*';
    }

    static boolean isFwc(byte[] token) {
        return token.length == 1 && token[0] == '>';
    }

    /** Go's subjectHasWildcard: some token is exactly {@code *} or {@code >}. */
    static boolean hasWildcard(byte[] s) {
        int n = s.length;
        for (int i = 0; i < n; i++) {
            byte c = s[i];
            if ((c == '*' || c == '>') && (i == 0 || s[i - 1] == '.') && (i + 1 == n || s[i + 1] == '.')) {
                return true;
            }
        }
        return false;
    }

    /**
     * Go's subjectIsSubsetMatch(subject, test), i.e. isSubsetMatchTokenized: whether every subject
     * {@code subject} can stand for is also covered by {@code test}. Both may hold wildcards. Ported
     * verbatim, quirks included: a {@code >} in {@code subject} never is a subset of anything but a
     * {@code >} at the same or an earlier position of {@code test}.
     */
    static boolean isSubsetMatch(byte[][] tokens, byte[][] test) {
        for (int i = 0; i < test.length; i++) {
            if (i >= tokens.length) {
                return false;
            }
            byte[] t2 = test[i];
            if (t2.length == 0) {
                return false;
            }
            if (isFwc(t2)) {
                return true;
            }
            byte[] t1 = tokens[i];
            if (t1.length == 0 || isFwc(t1)) {
                return false;
            }
            if (isPwc(t1)) {
                if (!isPwc(t2)) {
                    return false;
                }
                continue;
            }
            if (!isPwc(t2) && !Arrays.equals(t1, t2)) {
                return false;
            }
        }
        return tokens.length == test.length;
    }

    /**
     * Go's {@code strings.Fields(strings.TrimSpace(s))} as splitSubjectQueue uses it: the
     * whitespace-separated fields of a subscribe permission entry ("subject" or "subject queue").
     */
    static List<String> fields(String s) {
        List<String> out = new ArrayList<>(2);
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && isGoSpace(s.codePointAt(i))) {
                i += Character.charCount(s.codePointAt(i));
            }
            int start = i;
            while (i < n && !isGoSpace(s.codePointAt(i))) {
                i += Character.charCount(s.codePointAt(i));
            }
            if (i > start) {
                out.add(s.substring(start, i));
            }
        }
        return out;
    }

    /** Go's unicode.IsSpace. */
    static boolean isGoSpace(int cp) {
        switch (cp) {
            case '\t', '\n', 0x0B, '\f', '\r', ' ', 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
                return true;
            default:
                return cp >= 0x2000 && cp <= 0x200A;
        }
    }
}
