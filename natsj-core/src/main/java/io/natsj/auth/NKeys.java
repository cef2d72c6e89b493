package io.natsj.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * Public NATS nkeys (github.com/nats-io/nkeys): base32 (RFC 4648 alphabet, no padding) of a prefix
 * byte, the 32-byte Ed25519 public key and a CRC-16/XMODEM checksum of both, little-endian. User keys
 * start with 'U' (prefix byte 20 &lt;&lt; 3). Signatures are checked with the JDK's Ed25519.
 */
public final class NKeys {
    public static final int PREFIX_USER = 20 << 3;
    public static final int PREFIX_ACCOUNT = 0;
    public static final int PREFIX_SERVER = 13 << 3;
    public static final int PREFIX_CLUSTER = 2 << 3;
    public static final int PREFIX_OPERATOR = 14 << 3;

    /** DER of an Ed25519 SubjectPublicKeyInfo up to the key's 32 bytes. */
    private static final byte[] SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private NKeys() {
    }

    /** Thrown with the text of the Go nkeys error it stands for. */
    public static final class InvalidKeyException extends Exception {
        public InvalidKeyException(String message) {
            super(message, null, false, false);
        }
    }

    /** nkeys.IsValidPublicUserKey: decodes, the checksum holds and the prefix is the user prefix. */
    public static boolean isValidPublicUserKey(String key) {
        try {
            byte[] raw = decode(key);
            return (raw[0] & 0xff) == PREFIX_USER;
        } catch (InvalidKeyException e) {
            return false;
        }
    }

    /**
     * nkeys.FromPublicKey: the 32-byte Ed25519 key of a public nkey of any public kind (operator,
     * server, cluster, account or user).
     *
     * @throws InvalidKeyException with Go's error text
     */
    public static byte[] publicKey(String key) throws InvalidKeyException {
        byte[] raw = decode(key);
        int pre = raw[0] & 0xff;
        if (pre != PREFIX_USER && pre != PREFIX_ACCOUNT && pre != PREFIX_SERVER && pre != PREFIX_CLUSTER
                && pre != PREFIX_OPERATOR) {
            throw new InvalidKeyException("nkeys: invalid public key");
        }
        return Arrays.copyOfRange(raw, 1, raw.length);
    }

    /** The Ed25519 verification of sig over data with a 32-byte public key; false for anything malformed. */
    public static boolean verify(byte[] publicKey, byte[] data, byte[] sig) {
        if (publicKey.length != 32 || sig.length != 64) {
            return false;
        }
        try {
            return verify(toPublicKey(publicKey), data, sig);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    static PublicKey toPublicKey(byte[] publicKey) throws GeneralSecurityException {
        byte[] spki = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + 32);
        System.arraycopy(publicKey, 0, spki, SPKI_PREFIX.length, 32);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    }

    static boolean verify(PublicKey key, byte[] data, byte[] sig) {
        if (sig.length != 64) {
            return false;
        }
        try {
            Signature v = Signature.getInstance("Ed25519");
            v.initVerify(key);
            v.update(data);
            return v.verify(sig);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** The nkey's bytes without the checksum (prefix byte first), as Go's nkeys decode. */
    static byte[] decode(String key) throws InvalidKeyException {
        byte[] raw = base32(key);
        if (raw.length < 4) {
            throw new InvalidKeyException("nkeys: invalid encoded key");
        }
        int n = raw.length - 2;
        int expected = (raw[n] & 0xff) | (raw[n + 1] & 0xff) << 8;
        if (crc16(raw, n) != expected) {
            throw new InvalidKeyException("nkeys: invalid checksum");
        }
        return Arrays.copyOf(raw, n);
    }

    /** base32.StdEncoding.WithPadding(NoPadding).Decode: CR and LF skipped, trailing bits ignored. */
    static byte[] base32(String s) throws InvalidKeyException {
        byte[] in = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[in.length * 5 / 8 + 1];
        int o = 0;
        long acc = 0;
        int bits = 0;
        int chars = 0;
        for (int i = 0; i < in.length; i++) {
            int c = in[i] & 0xff;
            if (c == '\r' || c == '\n') {
                continue;
            }
            int v = c < 128 ? BASE32.indexOf(c) : -1;
            if (v < 0) {
                throw new InvalidKeyException("illegal base32 data at input byte " + i);
            }
            chars++;
            acc = (acc << 5) | v;
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out[o++] = (byte) (acc >>> bits);
                acc &= (1L << bits) - 1;
            }
        }
        int rest = chars % 8;
        if (rest == 1 || rest == 3 || rest == 6) {
            // Go reports the offset of the quantum's end; only whether it fails matters here.
            throw new InvalidKeyException("illegal base32 data at input byte " + in.length);
        }
        return Arrays.copyOf(out, o);
    }

    /** CRC-16/XMODEM (polynomial 0x1021, initial 0), as nkeys' crc16. */
    static int crc16(byte[] data, int length) {
        int crc = 0;
        for (int i = 0; i < length; i++) {
            crc ^= (data[i] & 0xff) << 8;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            crc &= 0xffff;
        }
        return crc;
    }
}
