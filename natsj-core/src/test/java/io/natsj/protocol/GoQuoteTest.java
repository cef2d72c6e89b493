package io.natsj.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoQuoteTest {
    /** Expected values are what Go 1.19 printed for fmt.Sprintf("%q", []byte(input)) (checked with go run). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
        "foo.bar|\"foo.bar\"",
        "a\"b\\c|\"a\\\"b\\\\c\"",
        "tab\there|\"tab\\there\"",
        "caf\u00e9|\"caf\u00e9\"",
        "\u0001\u007f|\"\\x01\\x7f\"",
        "\u0085|\"\\u0085\"",
        "\u00a0|\"\\u00a0\"",
        "\uD83D\uDE00|\"\uD83D\uDE00\"",
    })
    void quotesLikeGo(String input, String expected) {
        byte[] b = input.getBytes(StandardCharsets.UTF_8);
        assertEquals(expected, GoQuote.quote(b, 0, b.length));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"c3|\"\\xc3\"", "ff41|\"\\xffA\"", "eda080|\"\\xed\\xa0\\x80\""})
    void invalidUtf8BytesAreHexEscaped(String hex, String expected) {
        byte[] b = java.util.HexFormat.of().parseHex(hex);
        assertEquals(expected, GoQuote.quote(b, 0, b.length));
    }
}
