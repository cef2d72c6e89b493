package io.natsj.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectOptionsTest {
    @Test
    void omittedFieldsTakeNatsServerDefaults() throws Exception {
        ConnectOptions o = ConnectOptions.parse("{}");
        assertTrue(o.verbose);
        assertTrue(o.pedantic);
        assertTrue(o.echo);
        assertFalse(o.headers);
        assertFalse(o.noResponders);
        assertEquals(0, o.protocol);
    }

    @Test
    void readsEveryClientField() throws Exception {
        ConnectOptions o = ConnectOptions.parse("{\"verbose\":false,\"pedantic\":false,\"echo\":false,"
                + "\"tls_required\":true,\"headers\":true,\"no_responders\":true,\"protocol\":1,"
                + "\"name\":\"n\",\"lang\":\"java\",\"version\":\"2.26.2\",\"user\":\"u\",\"pass\":\"p\","
                + "\"auth_token\":\"t\",\"nkey\":\"k\",\"jwt\":\"j\",\"sig\":\"s\",\"account\":\"a\",\"new_account\":true}");
        assertFalse(o.verbose);
        assertFalse(o.pedantic);
        assertFalse(o.echo);
        assertTrue(o.tlsRequired);
        assertTrue(o.headers);
        assertTrue(o.noResponders);
        assertEquals(1, o.protocol);
        assertEquals("n", o.name);
        assertEquals("java", o.lang);
        assertEquals("2.26.2", o.version);
        assertEquals("u", o.user);
        assertEquals("p", o.pass);
        assertEquals("t", o.authToken);
        assertEquals("k", o.nkey);
        assertEquals("j", o.jwt);
        assertEquals("s", o.sig);
        assertEquals("a", o.account);
        assertTrue(o.newAccount);
    }

    @Test
    void keysMatchCaseInsensitivelyAsInGo() throws Exception {
        ConnectOptions o = ConnectOptions.parse("{\"VERBOSE\":false,\"Headers\":true}");
        assertFalse(o.verbose);
        assertTrue(o.headers);
    }

    @Test
    void nullKeepsTheDefaultAndUnknownKeysAreIgnored() throws Exception {
        ConnectOptions o = ConnectOptions.parse("{\"verbose\":null,\"whatever\":[1,2,{}]}");
        assertTrue(o.verbose);
        assertTrue(ConnectOptions.parse("null").verbose);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"verbose\":\"yes\"}", "{\"protocol\":1.5}", "{\"protocol\":\"1\"}",
            "{\"name\":5}", "[]", "5", "{} x", "{\"verbose\":false,}"})
    void refusesWhatGoWouldNotDecode(String json) {
        assertThrows(ConnectOptions.InvalidConnectException.class, () -> ConnectOptions.parse(json));
    }
}
