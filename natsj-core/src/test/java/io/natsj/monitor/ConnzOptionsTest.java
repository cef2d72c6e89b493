package io.natsj.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /connz options from the query (nats-server's decode* texts) and from ConnzEventOptions JSON (the system account's request body). */
class ConnzOptionsTest {
    static GoQuery query(String... kv) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], List.of(kv[i + 1]));
        }
        return new GoQuery(m);
    }

    private static String refusal(String... kv) {
        return assertThrows(MonitorRequestException.class, () -> Connz.Options.fromQuery(query(kv))).getMessage();
    }

    @Test
    void queryValuesAsNatsServerDecodesThem() throws Exception {
        Connz.Options o = Connz.Options.fromQuery(query("sort", "msgs_to", "auth", "T", "subs", "DETAIL", "offset", "+3",
                "limit", "-2", "cid", "7", "state", "Any", "user", "u", "acc", "A", "mqtt_client", "m"));
        assertEquals(new Connz.Options("msgs_to", true, false, true, 3, -2, 7, ConnState.ALL, "u", "A", "m", ""), o);
        assertEquals(Connz.Options.DEFAULT, Connz.Options.fromQuery(query("auth", "", "state", "")));
        assertEquals(ConnState.CLOSED, Connz.Options.fromQuery(query("state", "CLOSED")).state());
        assertEquals(ConnState.ALL, Connz.Options.fromQuery(query("state", "all")).state());
        Connz.Options subs = Connz.Options.fromQuery(query("subs", "1"));
        assertEquals(List.of(true, false), List.of(subs.subs(), subs.subsDetail()));
    }

    @Test
    void badQueryValuesFailWithNatsServerTexts() {
        assertEquals("Error decoding boolean for 'auth': strconv.ParseBool: parsing \"x\": invalid syntax",
                refusal("auth", "x"));
        assertEquals("Error decoding boolean for 'subs': strconv.ParseBool: parsing \"yes\": invalid syntax",
                refusal("subs", "yes"));
        assertEquals("Error decoding int for 'offset': strconv.Atoi: parsing \"1.5\": invalid syntax",
                refusal("offset", "1.5"));
        assertEquals("Error decoding int for 'limit': strconv.Atoi: parsing \"99999999999999999999\": value out of range",
                refusal("limit", "99999999999999999999"));
        assertEquals("Error decoding uint64 for 'cid': strconv.ParseUint: parsing \"-1\": invalid syntax",
                refusal("cid", "-1"));
        assertEquals("Error decoding uint64 for 'cid': strconv.ParseUint: parsing \"18446744073709551616\": value out of range",
                refusal("cid", "18446744073709551616"));
        assertEquals("Error decoding state for foo", refusal("state", "foo"));
        // nats-server decodes in order and stops at the first bad value.
        assertEquals("Error decoding boolean for 'auth': strconv.ParseBool: parsing \"x\": invalid syntax",
                refusal("state", "foo", "auth", "x"));
    }

    @Test
    void jsonOptionsAsGoUnmarshalsThem() throws Exception {
        Connz.Options o = Connz.Options.fromJson("{\"sort\":\"bytes_to\",\"AUTH\":true,\"subscriptions\":true,"
                + "\"subscriptions_detail\":false,\"offset\":2,\"limit\":5,\"cid\":9,\"state\":1,\"user\":\"u\","
                + "\"acc\":\"A\",\"filter_subject\":\"x.>\",\"unknown\":[1,{\"a\":null}],\"mqtt_client\":null}");
        assertEquals(new Connz.Options("bytes_to", true, true, false, 2, 5, 9, ConnState.CLOSED, "u", "A", "", "x.>"), o);
        assertEquals(Connz.Options.DEFAULT, Connz.Options.fromJson(null));
        assertEquals(Connz.Options.DEFAULT, Connz.Options.fromJson("  "));
        assertEquals(Connz.Options.DEFAULT, Connz.Options.fromJson("{}"));
        assertEquals(ConnState.NONE, Connz.Options.fromJson("{\"state\":7}").state());
        // Go applies the members in order, matching keys ignoring case: the last one wins.
        assertEquals(false, Connz.Options.fromJson("{\"auth\":true,\"AUTH\":false}").auth());
        assertEquals(true, Connz.Options.fromJson("{\"Auth\":false,\"auth\":true}").auth());
    }

    @Test
    void badJsonOptionsFailWithGoTexts() {
        assertEquals("json: cannot unmarshal string into Go struct field ConnzEventOptions.auth of type bool",
                jsonRefusal("{\"auth\":\"true\"}"));
        assertEquals("json: cannot unmarshal number -1 into Go struct field ConnzEventOptions.cid of type uint64",
                jsonRefusal("{\"cid\":-1}"));
        assertEquals("json: cannot unmarshal number 1.5 into Go struct field ConnzEventOptions.limit of type int",
                jsonRefusal("{\"limit\":1.5}"));
        assertEquals("json: cannot unmarshal bool into Go struct field ConnzEventOptions.sort of type server.SortOpt",
                jsonRefusal("{\"sort\":true}"));
        assertEquals("json: cannot unmarshal number into Go struct field ConnzEventOptions.user of type string",
                jsonRefusal("{\"user\":5}"));
        assertEquals("json: cannot unmarshal array into Go value of type server.ConnzEventOptions", jsonRefusal("[1]"));
        assertEquals("unexpected end of JSON input", jsonRefusal("{\"auth\":"));
        assertEquals("invalid character 'x' looking for beginning of value", jsonRefusal("{\"auth\":x}"));
        assertEquals("invalid character '}' after object key", jsonRefusal("{\"auth\"}"));
        assertEquals("invalid character '}' in literal true (expecting 'e')", jsonRefusal("{\"auth\":tru}"));
        assertEquals("invalid character '}' looking for beginning of object key string", jsonRefusal("{\"a\":1,}"));
        assertEquals("invalid character '1' after object key", jsonRefusal("{\"a\" 1}"));
        assertEquals("unexpected end of JSON input", jsonRefusal("[1,2"));
    }

    private static String jsonRefusal(String json) {
        return assertThrows(MonitorRequestException.class, () -> Connz.Options.fromJson(json)).getMessage();
    }
}
