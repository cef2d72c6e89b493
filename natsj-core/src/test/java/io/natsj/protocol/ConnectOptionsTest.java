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

    @Test
    void keysApplyInOrderSoTheLastOneWins() throws Exception {
        assertTrue(ConnectOptions.parse("{\"verbose\":false,\"Verbose\":true}").verbose);
        assertFalse(ConnectOptions.parse("{\"verbose\":true,\"verbose\":false}").verbose);
    }

    @Test
    void decodesStringEscapesInKeysAndValues() throws Exception {
        ConnectOptions o = ConnectOptions.parse("{\"na\\u006de\":\"a\\\"b\\\\c\\/d\\n\\u00e9\\ud83d\\ude00\"}");
        assertEquals("a\"b\\c/d\n\u00e9\ud83d\ude00", o.name);
    }

    @Test
    void protocolIsAnIntegerClampedToInt() throws Exception {
        assertEquals(-1, ConnectOptions.parse("{\"protocol\":-1}").protocol);
        assertEquals(0, ConnectOptions.parse("{\"protocol\":-0}").protocol);
        assertEquals(Integer.MAX_VALUE, ConnectOptions.parse("{\"protocol\":9223372036854775807}").protocol);
    }

    @Test
    void unknownValuesMayNestDeeplyButMustBeValid() throws Exception {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertTrue(ConnectOptions.parse("{\"x\":" + deep + ",\"y\":{\"a\":[1,-2.5e+3,true,false,null,\"s\",{}],\"b\":{}},"
                + "\"z\":[], \"headers\" : true }").headers);
        assertThrows(ConnectOptions.InvalidConnectException.class,
                () -> ConnectOptions.parse("{\"x\":" + deep.substring(1) + "}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"verbose\":\"yes\"}", "{\"protocol\":1.5}", "{\"protocol\":\"1\"}",
            "{\"name\":5}", "[]", "5", "{} x", "{\"verbose\":false,}",
            "{\"protocol\":1e2}", "{\"protocol\":9223372036854775808}", "{\"protocol\":01}", "{\"protocol\":+1}",
            "{\"verbose\":tru}", "{\"verbose\":True}", "{'verbose':false}", "{verbose:false}", "{\"name\":\"a\tb\"}",
            "{\"name\":\"\\x\"}", "{\"name\":\"\\u12\"}", "{\"name\":\"open}", "{\"x\":[1,]}", "{\"x\":[,1]}",
            "{\"x\":{\"a\"}}", "{\"x\":{\"a\":1,}}", "{\"x\":{1:2}}", "{\"x\":1 2}", "{\"x\":-}", "{\"x\":1.}",
            "{\"x\":NaN}", "{\"headers\":[true]}", "{\"name\":{}}", "{\"verbose\":\"x\",\"verbose\":true}",
            "{\"verbose\":false} {}", "{\"verbose\":false}}", "{\"x\":1/*c*/}", "\"s\"", "true"})
    void refusesWhatGoWouldNotDecode(String json) {
        assertThrows(ConnectOptions.InvalidConnectException.class, () -> ConnectOptions.parse(json));
    }

    @Test
    void errorsReadAsGos() {
        assertEquals("json: cannot unmarshal string into Go struct field ClientOpts.verbose of type bool",
                assertThrows(ConnectOptions.InvalidConnectException.class,
                        () -> ConnectOptions.parse("{\"verbose\":\"yes\"}")).getMessage());
        assertEquals("json: cannot unmarshal number 1.5 into Go struct field ClientOpts.protocol of type int",
                assertThrows(ConnectOptions.InvalidConnectException.class,
                        () -> ConnectOptions.parse("{\"protocol\":1.5}")).getMessage());
        assertEquals("invalid character 'x' after top-level value",
                assertThrows(ConnectOptions.InvalidConnectException.class,
                        () -> ConnectOptions.parse("{} x")).getMessage());
        assertEquals("unexpected end of JSON input",
                assertThrows(ConnectOptions.InvalidConnectException.class,
                        () -> ConnectOptions.parse("{\"verbose\":")).getMessage());
    }

    @Test
    void aLaterConnectKeepsWhatItDoesNotName() throws Exception {
        ConnectOptions first = ConnectOptions.parse("{\"user\":\"alice\",\"pass\":\"pw\",\"verbose\":false,\"echo\":false}");
        ConnectOptions second = ConnectOptions.parse("{\"pedantic\":false,\"name\":\"again\"}", first);
        assertEquals("alice", second.user);
        assertEquals("pw", second.pass);
        assertFalse(second.verbose);
        assertFalse(second.echo);
        assertFalse(second.pedantic);
        assertEquals("again", second.name);
        assertTrue(first.pedantic, "the earlier options are not changed");
    }
}
