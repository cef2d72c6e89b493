package io.natsj.store;

/** Subject filters as JetStream reads them: tokens split on '.', {@code *} one token, {@code >} the rest. */
final class SubjectFilter {
    private SubjectFilter() {
    }

    /** Null, empty and {@code >} select every subject. */
    static boolean matchesAll(String filter) {
        return filter == null || filter.isEmpty() || filter.equals(">");
    }

    static boolean isLiteral(String filter) {
        int n = filter.length();
        for (int i = 0; i < n; i++) {
            char c = filter.charAt(i);
            if ((c == '*' || c == '>') && (i == 0 || filter.charAt(i - 1) == '.')
                    && (i == n - 1 || filter.charAt(i + 1) == '.')) {
                return false;
            }
        }
        return true;
    }

    static boolean matches(String filter, String subject) {
        if (matchesAll(filter)) {
            return true;
        }
        int f = 0;
        int s = 0;
        while (true) {
            // at the top of the loop both filter and subject have a token at f and s
            int fEnd = tokenEnd(filter, f);
            int sEnd = tokenEnd(subject, s);
            int fLen = fEnd - f;
            if (fLen == 1 && filter.charAt(f) == '>') {
                return true;
            }
            boolean star = fLen == 1 && filter.charAt(f) == '*';
            if (!star && (fLen != sEnd - s || !filter.regionMatches(f, subject, s, fLen))) {
                return false;
            }
            boolean filterDone = fEnd == filter.length();
            boolean subjectDone = sEnd == subject.length();
            if (filterDone || subjectDone) {
                return filterDone && subjectDone;
            }
            f = fEnd + 1;
            s = sEnd + 1;
        }
    }

    private static int tokenEnd(String x, int from) {
        int i = x.indexOf('.', from);
        return i < 0 ? x.length() : i;
    }
}
