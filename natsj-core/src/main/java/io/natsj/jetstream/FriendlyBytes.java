package io.natsj.jetstream;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** nats-server's friendlyBytes: "17.66 GB" (powers of 1024, two decimals), "512 B" below 1 KB. */
final class FriendlyBytes {
    private static final String[] PREFIXES = {"K", "M", "G", "T", "P", "E"};

    private FriendlyBytes() {
    }

    static String format(long bytes) {
        double f = bytes;
        if (f < 1024) {
            return (f == Math.rint(f) ? Long.toString(bytes) : Double.toString(f)) + " B";
        }
        int exp = (int) (Math.log(f) / Math.log(1024));
        // Go's %.2f rounds the exact binary value; BigDecimal(double) is that value.
        BigDecimal v = new BigDecimal(f / Math.pow(1024, exp)).setScale(2, RoundingMode.HALF_EVEN);
        return v.toPlainString() + " " + PREFIXES[exp - 1] + "B";
    }
}
