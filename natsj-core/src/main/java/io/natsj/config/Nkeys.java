package io.natsj.config;

/**
 * Checks public nkeys as nats-server's nkeys package does ({@code IsValidPublicUserKey},
 * {@code IsValidPublicAccountKey}): the key is unpadded base32 of a prefix byte, the key bytes and a
 * little-endian CRC-16 (XMODEM) of what precedes it. Like Go, the length of the key bytes is not
 * checked, only the prefix and the checksum.
 */
public final class Nkeys {
    /** Prefix byte of a user key: encodes to 'U'. */
    static final int PREFIX_USER = 20 << 3;
    /** Prefix byte of an account key: encodes to 'A'. */
    static final int PREFIX_ACCOUNT = 0;

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private Nkeys() {
    }

    /** Whether {@code key} is a public user nkey ("U..."). */
    public static boolean isValidPublicUserKey(String key) {
        return hasPrefix(key, PREFIX_USER);
    }

    /** Whether {@code key} is a public account nkey ("A..."). */
    public static boolean isValidPublicAccountKey(String key) {
        return hasPrefix(key, PREFIX_ACCOUNT);
    }

    private static boolean hasPrefix(String key, int prefix) {
        byte[] raw = decode(key);
        return raw != null && (raw[0] & 0xff) == prefix;
    }

    /** The checked raw bytes without the checksum, or null when not a valid encoding. */
    static byte[] decode(String key) {
        if (key == null) {
            return null;
        }
        int n = key.length();
        // Go's unpadded base32 refuses a last group of 1, 3 or 6 characters.
        int rest = n % 8;
        if (rest == 1 || rest == 3 || rest == 6) {
            return null;
        }
        byte[] out = new byte[n * 5 / 8];
        long buffer = 0;
        int bits = 0;
        int o = 0;
        for (int i = 0; i < n; i++) {
            int c = ALPHABET.indexOf(key.charAt(i));
            if (c < 0) {
                return null;
            }
            buffer = (buffer << 5) | c;
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                if (o < out.length) {
                    out[o++] = (byte) (buffer >>> bits);
                }
            }
        }
        if (out.length < 4) {
            return null;
        }
        int len = out.length - 2;
        int expected = (out[len] & 0xff) | (out[len + 1] & 0xff) << 8;
        if (crc16(out, len) != expected) {
            return null;
        }
        return java.util.Arrays.copyOf(out, len);
    }

    /** CRC-16/XMODEM (polynomial 0x1021, initial 0), as nkeys' table computes it. */
    static int crc16(byte[] data, int length) {
        int crc = 0;
        for (int i = 0; i < length; i++) {
            crc ^= (data[i] & 0xff) << 8;
            for (int b = 0; b < 8; b++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            crc &= 0xffff;
        }
        return crc;
    }
}
