package io.natsj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoDurationsTest {
    /** Expected values printed by Go 1.19's time.Duration(n).String() (checked with go run). */
    @ParameterizedTest
    @CsvSource({
        "0,0s", "1,1ns", "999,999ns", "1000,1\u00b5s", "1500,1.5\u00b5s", "1000000,1ms", "100000000,100ms",
        "1000000000,1s", "1500000000,1.5s", "2000000000,2s", "60000000000,1m0s", "90000000000,1m30s",
        "120000000000,2m0s", "3600000000000,1h0m0s", "5400000000000,1h30m0s", "-1500000000,-1.5s",
        "10000000001,10.000000001s",
    })
    void formatsLikeGo(long nanos, String expected) {
        assertEquals(expected, GoDurations.format(nanos));
    }
}
