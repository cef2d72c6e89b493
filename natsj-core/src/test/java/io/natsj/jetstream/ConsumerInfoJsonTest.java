package io.natsj.jetstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** ConsumerInfoJson on its own (ConsumerApiGoldenTest checks its answers against nats-server's). */
class ConsumerInfoJsonTest {
    private static final Instant T = Instant.parse("2024-01-02T03:04:05.120Z");

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void info() {
        ConsumerInfoJson.ConsumerInfo i = new ConsumerInfoJson.ConsumerInfo("S", "C", T, ConsumerConfigJson.EMPTY,
                new ConsumerInfoJson.SequenceInfo(-1L, 2, T), ConsumerInfoJson.SequenceInfo.ZERO, 1, 2, 3, -1L, true);
        assertEquals("{\"stream_name\":\"S\",\"name\":\"C\",\"created\":\"2024-01-02T03:04:05.12Z\",\"config\":{\"deliver_policy\":\"all\","
                + "\"ack_policy\":\"none\",\"replay_policy\":\"instant\",\"num_replicas\":0},\"delivered\":{\"consumer_seq\":18446744073709551615,"
                + "\"stream_seq\":2,\"last_active\":\"2024-01-02T03:04:05.12Z\"},\"ack_floor\":{\"consumer_seq\":0,\"stream_seq\":0},"
                + "\"num_ack_pending\":1,\"num_redelivered\":2,\"num_waiting\":3,\"num_pending\":18446744073709551615,\"push_bound\":true}",
                ConsumerInfoJson.info(i));
        assertEquals("{\"type\":\"io.nats.jetstream.api.v1.consumer_info_response\"," + ConsumerInfoJson.info(i).substring(1),
                ConsumerInfoJson.infoResponse(i));
        assertEquals("{\"type\":\"io.nats.jetstream.api.v1.consumer_create_response\"," + ConsumerInfoJson.info(i).substring(1),
                ConsumerInfoJson.createResponse(i));
    }

    @Test
    void answers() {
        assertEquals("{\"type\":\"io.nats.jetstream.api.v1.consumer_names_response\",\"total\":0,\"offset\":0,\"limit\":1024,"
                + "\"consumers\":[]}", ConsumerInfoJson.namesResponse(0, 0, List.of()));
        assertEquals("{\"type\":\"io.nats.jetstream.api.v1.consumer_names_response\",\"total\":3,\"offset\":1,\"limit\":1024,"
                + "\"consumers\":[\"b\",\"c\"]}", ConsumerInfoJson.namesResponse(3, 1, List.of("b", "c")));
        assertEquals("{\"type\":\"io.nats.jetstream.api.v1.consumer_list_response\",\"total\":5,\"offset\":5,\"limit\":256,"
                + "\"consumers\":[]}", ConsumerInfoJson.listResponse(5, 5, List.of()));
        assertEquals("{\"type\":\"io.nats.jetstream.api.v1.consumer_names_response\",\"error\":{\"code\":404,\"err_code\":10059,"
                + "\"description\":\"stream not found\"},\"total\":0,\"offset\":0,\"limit\":0,\"consumers\":[]}",
                ConsumerInfoJson.namesError(ApiErrors.STREAM_NOT_FOUND));
        assertEquals("{\"type\":\"io.nats.jetstream.api.v1.consumer_list_response\",\"error\":{\"code\":400,\"err_code\":10025,"
                + "\"description\":\"invalid JSON\"},\"total\":0,\"offset\":0,\"limit\":0,\"consumers\":[]}",
                ConsumerInfoJson.listError(ApiErrors.INVALID_JSON));
        assertEquals("{\"type\":\"io.nats.jetstream.api.v1.consumer_delete_response\",\"success\":true}", ConsumerInfoJson.deleteResponse());
        assertEquals("{\"type\":\"io.nats.jetstream.api.v1.consumer_delete_response\",\"error\":{\"code\":404,\"err_code\":10014,"
                + "\"description\":\"consumer not found\"}}", ConsumerInfoJson.deleteError(ApiErrors.CONSUMER_NOT_FOUND));
        assertEquals("{\"type\":\"io.nats.jetstream.api.v1.consumer_info_response\",\"error\":{\"code\":400,\"err_code\":10038,"
                + "\"description\":\"expected an empty request payload\"}}", ConsumerInfoJson.infoError(ApiErrors.NOT_EMPTY_REQUEST));
        assertEquals("{\"type\":\"io.nats.jetstream.api.v1.consumer_create_response\",\"error\":{\"code\":400,\"err_code\":10082,"
                + "\"description\":\"consumer requires ack policy for max ack pending\"}}",
                ConsumerInfoJson.createError(ApiErrors.CONSUMER_MAX_PENDING_ACK_POLICY_REQUIRED));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"0|0|1024|0|0", "10|0|4|0|4", "10|8|4|8|10", "10|11|4|10|10", "10|-3|4|0|4",
        "2000|1000|1024|1000|2000", "5|9223372036854775807|256|5|5"})
    void pages(int total, long requested, int limit, int offset, int end) {
        assertEquals(new ConsumerInfoJson.Page(offset, end), ConsumerInfoJson.Page.of(total, requested, limit));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"''|0", "{}|0", "' {} '|0", "null|0", "{\"offset\":3}|3", "{\"OFFSET\":3}|3",
        "{\"offset\":-0}|0", "{\"offset\":-5}|0", "{\"offset\":1,\"offset\":null}|1", "{\"x\":[1],\"subject\":\"a\"}|0"})
    void pageOffsets(String body, long offset) throws Exception {
        assertEquals(offset, ConsumerInfoJson.pageOffset(b(body)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "[]", "5", "{\"offset\":\"2\"}", "{\"offset\":2.5}", "{\"offset\":1e2}", "{\"offset\":01}",
        "{\"offset\":9223372036854775808}", "{\"offset\":true}", "{\"offset\":\"x\",\"offset\":1}"})
    void badPageRequests(String body) {
        assertThrows(ConsumerConfigJson.InvalidJson.class, () -> ConsumerInfoJson.pageOffset(b(body)));
    }

    @Test
    void emptyRequests() {
        for (String s : List.of("", "{}", " {} ", "{ }", "\n{}\t")) {
            assertTrue(ConsumerInfoJson.isEmptyRequest(b(s)), s);
        }
        assertTrue(ConsumerInfoJson.isEmptyRequest(null));
        for (String s : List.of("null", "[]", "{", "{\"x\":1}", "\"\"", "0")) {
            assertFalse(ConsumerInfoJson.isEmptyRequest(b(s)), s);
        }
    }
}
