package io.natsj.loadgen;

/** Just enough JSON for the answers the benchmark reads (PubAcks, stream and consumer info), mostly without allocating. */
final class JsonScan {
    private JsonScan() {}

    /** Where {@code key} (ASCII, quotes included) first occurs in b[from, to), or -1. */
    static int indexOf(byte[] b, int from, int to, String key) {
        int k = key.length();
        outer:
        for (int i = from; i <= to - k; i++) {
            for (int j = 0; j < k; j++) {
                if (b[i + j] != key.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The unsigned integer after the first {@code key} in b[from, to) and its colon, or -1. */
    static long number(byte[] b, int from, int to, String key) {
        int at = indexOf(b, from, to, key);
        if (at < 0) {
            return -1;
        }
        int i = at + key.length();
        while (i < to && (b[i] == ' ' || b[i] == ':')) {
            i++;
        }
        long v = 0;
        int digits = 0;
        while (i < to && b[i] >= '0' && b[i] <= '9' && digits < 19) {
            v = v * 10 + (b[i] - '0');
            i++;
            digits++;
        }
        return digits == 0 ? -1 : v;
    }

    /**
     * The string after the first {@code key} (quotes included) in json and its colon, without its
     * quotes and not unescaped (for names, which have no escapes); null if absent or not a string.
     */
    static String string(String json, String key) {
        int at = json.indexOf(key);
        if (at < 0) {
            return null;
        }
        int i = at + key.length();
        while (i < json.length() && (json.charAt(i) == ' ' || json.charAt(i) == ':')) {
            i++;
        }
        if (i >= json.length() || json.charAt(i) != '"') {
            return null;
        }
        int end = json.indexOf('"', i + 1);
        return end < 0 ? null : json.substring(i + 1, end);
    }
}
