package io.natsj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Public nkeys checked as nats-server's nkeys package checks them (verdicts taken from nats-server -t). */
class NkeysTest {
    private static final String USER = "UDXU4RCSJNZOIQHZNWXHXORDPRTGNJAHAHFRGZNEEJCPQTT2M7NLCNF4";
    private static final String ACCOUNT = "ABJHLOVMPA4CI6R5KLNGOB4GSLNIY7IOUPAJC4YFNDLQVIOBYQGUWVLA";

    @Test
    void validKeysOfTheirKind() {
        assertTrue(Nkeys.isValidPublicUserKey(USER));
        assertTrue(Nkeys.isValidPublicAccountKey(ACCOUNT));
        assertFalse(Nkeys.isValidPublicAccountKey(USER), "a user key is not an account key");
        assertFalse(Nkeys.isValidPublicUserKey(ACCOUNT));
    }

    @Test
    void checksumLengthAndAlphabet() {
        assertFalse(Nkeys.isValidPublicUserKey(USER.substring(0, 55) + "5"), "checksum");
        assertFalse(Nkeys.isValidPublicAccountKey(ACCOUNT.substring(0, 55) + "B"), "checksum");
        assertFalse(Nkeys.isValidPublicUserKey("UABC"));
        assertFalse(Nkeys.isValidPublicUserKey(USER.substring(0, 55)), "a last group of 7 characters is too short");
        assertFalse(Nkeys.isValidPublicUserKey(USER.toLowerCase()));
        assertFalse(Nkeys.isValidPublicUserKey(USER.substring(0, 54) + "18"), "1 and 8 are not base32");
        assertFalse(Nkeys.isValidPublicUserKey(""));
        assertFalse(Nkeys.isValidPublicUserKey(null));
    }

    @Test
    void crc16IsXmodem() {
        assertEquals(0x31C3, Nkeys.crc16("123456789".getBytes(), 9));
    }
}
