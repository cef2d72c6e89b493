package io.natsj.it.config;

/** What {@code -t} says of a configuration file: exit status 0, or not. */
enum Verdict {
    VALID, INVALID;

    /** The declaration on a corpus file's first line: {@code # expect: valid} or {@code # expect: invalid}. */
    static Verdict declaredIn(String firstLine) {
        String prefix = "# expect: ";
        if (!firstLine.startsWith(prefix)) {
            throw new IllegalArgumentException("corpus file does not start with '" + prefix + "valid|invalid'");
        }
        return valueOf(firstLine.substring(prefix.length()).strip().toUpperCase(java.util.Locale.ROOT));
    }
}
