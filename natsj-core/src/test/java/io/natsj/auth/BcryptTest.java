package io.natsj.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class BcryptTest {
    @Test
    void everyVectorAsGoComparePasswordsDecides() {
        List<String[]> vectors = Vectors.lines("bcrypt-vectors.txt");
        assertTrue(vectors.size() > 150);
        int positives = 0;
        for (String[] v : vectors) {
            String hash = Vectors.b64(v[0]);
            String password = Vectors.b64(v[1]);
            boolean expected = Boolean.parseBoolean(v[2]);
            positives += expected ? 1 : 0;
            assertEquals(expected, Passwords.compare(hash, password), () -> hash + " / " + password);
        }
        assertTrue(positives > 40, "positives " + positives);
    }

    @Test
    void blowfishTablesAgreeWithTheJdk() throws Exception {
        byte[][] keys = {"key".getBytes(StandardCharsets.US_ASCII), new byte[] {0, 1, 2, 3, 4, 5, 6, 7},
            "0123456789abcdef0123456789abcdef0123456789abcdef012345".getBytes(StandardCharsets.US_ASCII)};
        long[] blocks = {0L, -1L, 0x0123456789abcdefL, 0x4f72706865616e42L};
        for (byte[] key : keys) {
            Cipher c = Cipher.getInstance("Blowfish/ECB/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "Blowfish"));
            for (long block : blocks) {
                byte[] out = c.doFinal(ByteBuffer.allocate(8).putLong(block).array());
                assertEquals(ByteBuffer.wrap(out).getLong(), Bcrypt.blowfish(key, block));
            }
        }
    }

    @Test
    void bcryptPrefixIsGosRegexp() {
        assertTrue(Passwords.isBcrypt("$2a$10$x"));
        assertTrue(Passwords.isBcrypt("$2b$04$"));
        assertTrue(Passwords.isBcrypt("$2x$31$"));
        assertTrue(Passwords.isBcrypt("$2y$99$whatever"));
        assertFalse(Passwords.isBcrypt("$2c$10$x"));
        assertFalse(Passwords.isBcrypt("$2$10$x"));
        assertFalse(Passwords.isBcrypt("$2a$1$x"));
        assertFalse(Passwords.isBcrypt("$2a$1x$"));
        assertFalse(Passwords.isBcrypt("x$2a$10$"));
        assertFalse(Passwords.isBcrypt("$2a$10"));
        assertFalse(Passwords.isBcrypt("$2a$\u0661\u0662$")); // Go's \d is ASCII only
        assertFalse(Passwords.isBcrypt(""));
        assertFalse(Passwords.isBcrypt(null));
    }

    @Test
    void plainPasswordsCompareExactly() {
        assertTrue(Passwords.compare("s3cr3t", "s3cr3t"));
        assertFalse(Passwords.compare("s3cr3t", "S3cr3t"));
        assertFalse(Passwords.compare("s3cr3t", "s3cr3"));
        assertTrue(Passwords.compare("", ""));
        assertTrue(Passwords.compare(null, ""));
        assertFalse(Passwords.compare("a", null));
    }

    @Test
    void costTenAsGoMadeIt() {
        String[] v = Vectors.lines("bcrypt-vectors.txt").stream()
                .filter(x -> Vectors.b64(x[0]).startsWith("$2a$10$")).findFirst().orElseThrow();
        assertEquals("abc", Vectors.b64(v[1]));
        assertEquals("true", v[2]);
        long t0 = System.nanoTime();
        assertTrue(Passwords.compare(Vectors.b64(v[0]), "abc"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 5_000, ms + " ms");
        System.out.println("bcrypt cost 10: " + ms + " ms");
    }

    @Test
    void aRememberedSuccessLetsNoOtherPasswordIn() {
        String[] v = Vectors.lines("bcrypt-vectors.txt").stream()
                .filter(x -> Vectors.b64(x[0]).startsWith("$2a$10$") && "true".equals(x[2])).findFirst().orElseThrow();
        String hash = Vectors.b64(v[0]);
        String password = Vectors.b64(v[1]);
        for (int i = 0; i < 3; i++) {
            assertTrue(Passwords.compare(hash, password));
            assertFalse(Passwords.compare(hash, password + "x"));
            assertFalse(Passwords.compare(hash, ""));
        }
    }
}
