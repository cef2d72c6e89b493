package io.natsj.loadgen;

/** Just enough JSON for the answers the benchmark reads (PubAcks, stream info), without allocating. */
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
}
