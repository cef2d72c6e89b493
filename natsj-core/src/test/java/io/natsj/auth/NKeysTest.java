package io.natsj.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.NKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NKeysTest {
    private static Map<String, String> goVectors() {
        Map<String, String> m = new HashMap<>();
        for (String[] l : Vectors.lines("nkey-vectors.txt")) {
            m.put(l[0], l.length > 2 ? l[1] + "\t" + l[2] : l[1]);
        }
        return m;
    }

    @Test
    void verifiesGoSignaturesInEitherBase64() {
        Map<String, String> v = goVectors();
        byte[] pub = assertDoesNotThrow(v.get("pub"));
        byte[] nonce = v.get("nonce").getBytes(StandardCharsets.US_ASCII);
        assertTrue(NKeys.verify(pub, nonce, Authenticator.decodeSignature(v.get("sigurl"))));
        assertTrue(NKeys.verify(pub, nonce, Authenticator.decodeSignature(v.get("sigstd"))));
        assertFalse(NKeys.verify(pub, "other-nonce-xyz".getBytes(StandardCharsets.US_ASCII),
                Authenticator.decodeSignature(v.get("sigurl"))));
        assertEquals("true\tfalse", v.get("validuser"));
        assertTrue(NKeys.isValidPublicUserKey(v.get("pub")));
        assertFalse(NKeys.isValidPublicUserKey(v.get("account")));
    }

    private static byte[] assertDoesNotThrow(String key) {
        try {
            return NKeys.publicKey(key);
        } catch (NKeys.InvalidKeyException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void verifiesJnatsSignatures() throws Exception {
        NKey user = NKey.createUser(new SecureRandom());
        String pub = new String(user.getPublicKey());
        byte[] nonce = "abcdefghijklmno".getBytes(StandardCharsets.US_ASCII);
        byte[] sig = user.sign(nonce);
        byte[] key = NKeys.publicKey(pub);
        assertEquals(32, key.length);
        assertTrue(NKeys.verify(key, nonce, sig));
        sig[5] ^= 1;
        assertFalse(NKeys.verify(key, nonce, sig));
        assertTrue(NKeys.isValidPublicUserKey(pub));
        assertFalse(NKeys.isValidPublicUserKey(new String(NKey.createAccount(new SecureRandom()).getPublicKey())));
    }

    @Test
    void rejectsBadKeysWithGosErrors() {
        String pub = goVectors().get("pub");
        char last = pub.charAt(pub.length() - 1);
        String corrupted = pub.substring(0, pub.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertEquals("nkeys: invalid checksum",
                assertThrows(NKeys.InvalidKeyException.class, () -> NKeys.publicKey(corrupted)).getMessage());
        assertTrue(assertThrows(NKeys.InvalidKeyException.class, () -> NKeys.publicKey("U1!"))
                .getMessage().startsWith("illegal base32 data at input byte "));
        assertEquals("nkeys: invalid encoded key",
                assertThrows(NKeys.InvalidKeyException.class, () -> NKeys.publicKey("UAAA")).getMessage());
        assertFalse(NKeys.isValidPublicUserKey(""));
        assertFalse(NKeys.isValidPublicUserKey(pub.toLowerCase()));
        // a seed is not a public key
        assertThrows(NKeys.InvalidKeyException.class, () -> NKeys.publicKey("SUAIBDPBAUTWCWBKIO6XHQNINK5FWJW4OHLXC3HQ2KFE4PEJUA44CNHTC4"));
    }

    @Test
    void base32AsGoDecodesIt() throws Exception {
        assertArrayEquals("f".getBytes(StandardCharsets.US_ASCII), NKeys.base32("MY"));
        assertArrayEquals("fooba".getBytes(StandardCharsets.US_ASCII), NKeys.base32("MZXW6YTB"));
        assertArrayEquals("foobar".getBytes(StandardCharsets.US_ASCII), NKeys.base32("MZXW6YTBOI"));
        assertArrayEquals("foobar".getBytes(StandardCharsets.US_ASCII), NKeys.base32("MZXW6\r\nYTBOI"));
        assertThrows(NKeys.InvalidKeyException.class, () -> NKeys.base32("MZX")); // 3 characters left over
        assertThrows(NKeys.InvalidKeyException.class, () -> NKeys.base32("MZXW6YTBOI======"));
    }

    @Test
    void crc16IsXmodem() {
        assertEquals(0x31c3, NKeys.crc16("123456789".getBytes(StandardCharsets.US_ASCII), 9));
    }

    @Test
    void signatureDecodingAsGo() {
        assertArrayEquals(new byte[] {(byte) 0xfb, (byte) 0xff}, Authenticator.decodeSignature("-_8"));
        assertArrayEquals(new byte[] {(byte) 0xfb, (byte) 0xff}, Authenticator.decodeSignature("+/8="));
        assertEquals(null, Authenticator.decodeSignature("+/8")); // std needs its padding
        assertEquals(null, Authenticator.decodeSignature("-_8=")); // raw URL takes no padding
        assertEquals(null, Authenticator.decodeSignature("!!!!"));
    }
}
