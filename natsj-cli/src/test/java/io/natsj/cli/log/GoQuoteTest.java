package io.natsj.cli.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Expected values printed by Go 1.19's {@code fmt.Printf("%q")} for the same inputs. */
class GoQuoteTest {
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

    @Test
    void quotesAsGo() {
        for (String[] c : CASES) {
            assertEquals(c[1], GoQuote.quote(c[0]), c[0]);
        }
    }
}
