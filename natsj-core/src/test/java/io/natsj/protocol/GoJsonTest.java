package io.natsj.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go's encoding/json texts, as Go 1.19 (nats-server 2.9.10's) prints them for the same input. */
class GoJsonTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{bad|invalid character 'b' looking for beginning of object key string",
        "{\"a\" 1}|invalid character '1' after object key",
        "{\"a\":1 \"b\"|invalid character '\"' after object key:value pair",
        "[1 2]|invalid character '2' after array element",
        "{\"a\":tru}|invalid character '}' in literal true (expecting 'e')",
        "{}x|invalid character 'x' after top-level value",
        "{\"a\":|unexpected end of JSON input",
        "'|invalid character '\\'' looking for beginning of value",
        "{\"a\":-}|invalid character '}' in numeric literal",
        "{\"name\":\"\\q\"}|invalid character 'q' in string escape code",
    })
    void syntaxErrors(String json, String error) {
        assertEquals(error, assertThrows(GoJson.SyntaxError.class, () -> GoJson.parse(json)).getMessage());
    }

    /** The struct of the Go program this was checked with: Cfg {name, max_msg_size int32, max_age, mirror *Src, sources []*Src, subjects}. */
    private static String decode(String json) {
        try {
            GoJson.Struct c = GoJson.struct("main.Cfg", json);
            String name = c.string("name");
            c.integer("max_msg_size", "int32", 32);
            c.integer("max_age", "time.Duration", 64);
            c.strings("subjects");
            GoJson.Struct mirror = c.object("mirror", "main.Src");
            if (mirror != null) {
                mirror.string("name");
                mirror.unsigned("opt_start_seq", "uint64", 64);
            }
            for (GoJson.Struct src : c.objects("sources", "[]*main.Src", "main.Src")) {
                src.string("name");
                src.unsigned("opt_start_seq", "uint64", 64);
            }
            return "ok " + name;
        } catch (GoJson.SyntaxError | GoJson.TypeError e) {
            return e.getMessage();
        }
    }

    @Test
    void typeErrorsNameTheFieldByItsPathAsGoDoes() {
        assertEquals("json: cannot unmarshal number into Go struct field Src.mirror.name of type string",
                decode("{\"mirror\":{\"name\":5}}"));
        assertEquals("json: cannot unmarshal number -1 into Go struct field Src.sources.opt_start_seq of type uint64",
                decode("{\"sources\":[{\"name\":\"a\"},{\"opt_start_seq\":-1}]}"));
        assertEquals("json: cannot unmarshal number 99999999999 into Go struct field Cfg.max_msg_size of type int32",
                decode("{\"max_msg_size\":99999999999}"));
        assertEquals("json: cannot unmarshal string into Go struct field Cfg.max_age of type time.Duration",
                decode("{\"max_age\":\"1s\"}"));
        assertEquals("json: cannot unmarshal number 1.5 into Go struct field Cfg.max_age of type time.Duration",
                decode("{\"max_age\":1.5}"));
        assertEquals("json: cannot unmarshal object into Go struct field Cfg.sources of type []*main.Src",
                decode("{\"sources\":{}}"));
        assertEquals("json: cannot unmarshal number into Go struct field Cfg.subjects of type string",
                decode("{\"subjects\":[1]}"));
        assertEquals("json: cannot unmarshal array into Go struct field Cfg.mirror of type main.Src",
                decode("{\"mirror\":[]}"));
        assertEquals("json: cannot unmarshal array into Go value of type main.Cfg", decode("[]"));
    }

    @Test
    void keysMatchIgnoringCaseAndTheLastWins() throws Exception {
        assertEquals("ok y", decode("{\"NAME\":\"x\",\"name\":\"y\"}"));
        assertEquals("ok x", decode("{\"name\":\"x\",\"Name\":null}"));
        assertEquals("ok ", decode("null"));
        assertEquals("ok ", decode(""));
        assertEquals(List.of("a", ""), GoJson.struct("main.Cfg", "{\"subjects\":[\"a\",null]}").strings("subjects"));
        assertNull(GoJson.parse("null"));
    }
}
