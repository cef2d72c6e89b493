package io.natsj.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * bcrypt verification as golang.org/x/crypto/bcrypt's CompareHashAndPassword does it: {@code $2a$},
 * {@code $2b$}, {@code $2x$} and {@code $2y$} are one algorithm (Go echoes the minor version and treats
 * them alike), the password's bytes with a trailing NUL are the key (so only the first 72 bytes count),
 * cost 4 to 31, and only the first 31 characters after the 22-character salt are compared (Go ignores
 * anything after a 60-character hash). Written here rather than taken from a library to keep natsj-core
 * free of dependencies; the tests check it against hashes Go made.
 */
final class Bcrypt {
    private static final String ALPHABET = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int[] DECODE = new int[128];
    /** "OrpheanBeholderScryDoubt" as six big-endian words. */
    private static final int[] MAGIC = {0x4f727068, 0x65616e42, 0x65686f6c, 0x64657253, 0x63727944, 0x6f756274};
    private static final int MIN_HASH_SIZE = 59;
    private static final int ENCODED_SALT_SIZE = 22;
    private static final int ENCODED_HASH_SIZE = 31;

    static {
        java.util.Arrays.fill(DECODE, -1);
        for (int i = 0; i < ALPHABET.length(); i++) {
            DECODE[ALPHABET.charAt(i)] = i;
        }
    }

    private Bcrypt() {
    }

    /** Whether the hash matches the password; false too for a hash Go's bcrypt would refuse to read. */
    static boolean matches(String hash, String password) {
        byte[] h = hash.getBytes(StandardCharsets.UTF_8);
        if (h.length < MIN_HASH_SIZE || h[0] != '$' || h[1] > '2') {
            return false;
        }
        int n = h[2] != '$' ? 4 : 3;
        if (!isDigit(h[n]) || !isDigit(h[n + 1])) {
            return false;
        }
        int cost = (h[n] - '0') * 10 + (h[n + 1] - '0');
        if (cost < 4 || cost > 31) {
            return false;
        }
        n += 3;
        byte[] salt = decodeSalt(h, n);
        if (salt == null) {
            return false;
        }
        n += ENCODED_SALT_SIZE;
        byte[] stored = new byte[ENCODED_HASH_SIZE];
        System.arraycopy(h, n, stored, 0, Math.min(ENCODED_HASH_SIZE, h.length - n));
        byte[] computed = hash(password.getBytes(StandardCharsets.UTF_8), cost, salt);
        return MessageDigest.isEqual(stored, computed);
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** The 22 characters at off as 16 bytes (the last character's low bits ignored, as Go does). */
    private static byte[] decodeSalt(byte[] h, int off) {
        byte[] out = new byte[16];
        int acc = 0;
        int bits = 0;
        int o = 0;
        for (int i = off; i < off + ENCODED_SALT_SIZE; i++) {
            int c = h[i];
            int v = c >= 0 && c < 128 ? DECODE[c] : -1;
            if (v < 0) {
                return null;
            }
            acc = (acc << 6) | v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                if (o < out.length) {
                    out[o++] = (byte) (acc >>> bits);
                }
                acc &= (1 << bits) - 1;
            }
        }
        return out;
    }

    /** The 31 characters bcrypt's hash of the key encodes to. */
    static byte[] hash(byte[] password, int cost, byte[] salt) {
        byte[] key = java.util.Arrays.copyOf(password, password.length + 1);
        int[] p = BlowfishTables.P.clone();
        int[] s = new int[1024];
        System.arraycopy(BlowfishTables.S0, 0, s, 0, 256);
        System.arraycopy(BlowfishTables.S1, 0, s, 256, 256);
        System.arraycopy(BlowfishTables.S2, 0, s, 512, 256);
        System.arraycopy(BlowfishTables.S3, 0, s, 768, 256);
        int[] keyWords = cycle(key);
        int[] saltWords = cycle(salt);
        expand(p, s, keyWords, saltWords);
        long rounds = 1L << cost;
        for (long i = 0; i < rounds; i++) {
            expand(p, s, keyWords, null);
            expand(p, s, saltWords, null);
        }
        int[] data = MAGIC.clone();
        int[] lr = new int[2];
        for (int i = 0; i < 6; i += 2) {
            lr[0] = data[i];
            lr[1] = data[i + 1];
            for (int j = 0; j < 64; j++) {
                encrypt(lr, p, s);
            }
            data[i] = lr[0];
            data[i + 1] = lr[1];
        }
        byte[] raw = new byte[23];
        for (int i = 0; i < 23; i++) {
            raw[i] = (byte) (data[i >> 2] >>> (24 - 8 * (i & 3)));
        }
        return encode(raw);
    }

    /**
     * The 18 words Blowfish's key schedule takes from a key or salt, cycling over its bytes; their
     * sequence repeats after 18 words for keys and, for the 16-byte salt, after 4, so 18 cover both.
     */
    private static int[] cycle(byte[] b) {
        int[] w = new int[18];
        int j = 0;
        for (int i = 0; i < 18; i++) {
            int d = 0;
            for (int k = 0; k < 4; k++) {
                d = (d << 8) | (b[j] & 0xff);
                j = j + 1 >= b.length ? 0 : j + 1;
            }
            w[i] = d;
        }
        return w;
    }

    /** Blowfish's ExpandKey, or with salt words its expandKeyWithSalt (the salt's 4 words repeat). */
    private static void expand(int[] p, int[] s, int[] key, int[] salt) {
        for (int i = 0; i < 18; i++) {
            p[i] ^= key[i];
        }
        int[] lr = new int[2];
        int j = 0;
        for (int i = 0; i < 18; i += 2) {
            if (salt != null) {
                lr[0] ^= salt[j];
                lr[1] ^= salt[j + 1];
                j = (j + 2) & 3;
            }
            encrypt(lr, p, s);
            p[i] = lr[0];
            p[i + 1] = lr[1];
        }
        for (int i = 0; i < 1024; i += 2) {
            if (salt != null) {
                lr[0] ^= salt[j];
                lr[1] ^= salt[j + 1];
                j = (j + 2) & 3;
            }
            encrypt(lr, p, s);
            s[i] = lr[0];
            s[i + 1] = lr[1];
        }
    }

    /** Plain Blowfish (Go's NewCipher and Encrypt) of one block: for checking the tables. */
    static long blowfish(byte[] key, long block) {
        int[] p = BlowfishTables.P.clone();
        int[] s = new int[1024];
        System.arraycopy(BlowfishTables.S0, 0, s, 0, 256);
        System.arraycopy(BlowfishTables.S1, 0, s, 256, 256);
        System.arraycopy(BlowfishTables.S2, 0, s, 512, 256);
        System.arraycopy(BlowfishTables.S3, 0, s, 768, 256);
        expand(p, s, cycle(key), null);
        int[] lr = {(int) (block >>> 32), (int) block};
        encrypt(lr, p, s);
        return (long) lr[0] << 32 | (lr[1] & 0xffffffffL);
    }

    static void encrypt(int[] lr, int[] p, int[] s) {
        int l = lr[0] ^ p[0];
        int r = lr[1];
        for (int i = 1; i <= 16; i += 2) {
            r ^= f(s, l) ^ p[i];
            l ^= f(s, r) ^ p[i + 1];
        }
        lr[0] = r ^ p[17];
        lr[1] = l;
    }

    private static int f(int[] s, int x) {
        return ((s[x >>> 24] + s[256 | ((x >>> 16) & 0xff)]) ^ s[512 | ((x >>> 8) & 0xff)]) + s[768 | (x & 0xff)];
    }

    private static byte[] encode(byte[] raw) {
        byte[] out = new byte[(raw.length * 8 + 5) / 6];
        int acc = 0;
        int bits = 0;
        int o = 0;
        for (byte b : raw) {
            acc = (acc << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 6) {
                bits -= 6;
                out[o++] = (byte) ALPHABET.charAt((acc >>> bits) & 63);
            }
            acc &= (1 << bits) - 1;
        }
        if (bits > 0) {
            out[o++] = (byte) ALPHABET.charAt((acc << (6 - bits)) & 63);
        }
        return out;
    }
}
