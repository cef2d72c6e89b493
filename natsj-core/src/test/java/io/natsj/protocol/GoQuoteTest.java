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

    /** Expected values printed by Go 1.19's {@code fmt.Printf("%q")} for Java strings (file names in logs). */
    private static final String[][] CASES = {
        {"g.log.2026", "\"g.log.2026\""},
        {"a\"b\\c", "\"a\\\"b\\\\c\""},
        {"tab\there\nnl\r", "\"tab\\there\\nnl\\r\""},
        {"\u0001\u007f\u0007\b\f\u000b", "\"\\x01\\x7f\\a\\b\\f\\v\""},
        {"é ü", "\"é ü\""},
        {"zw\u200bsp", "\"zw\\u200bsp\""},
        {"emoji\uD83D\uDE00", "\"emoji\uD83D\uDE00\""},
        {"pua\ue000", "\"pua\\ue000\""},
        {"nbsp\u00a0x", "\"nbsp\\u00a0x\""},
        {"ls\u2028", "\"ls\\u2028\""},
        {"soft\u00adhy", "\"soft\\u00adhy\""},
        {"cjk漢字", "\"cjk漢字\""},
        {"\u0378unassigned", "\"\\u0378unassigned\""},
        {"\uDB40\uDC01tag", "\"\\U000e0001tag\""},
    };

    @org.junit.jupiter.api.Test
    void quotesJavaStringsAsGo() {
        for (String[] c : CASES) {
            org.junit.jupiter.api.Assertions.assertEquals(c[1], GoQuote.quote(c[0]), c[0]);
        }
    }
}
