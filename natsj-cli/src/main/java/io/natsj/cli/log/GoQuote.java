package io.natsj.cli.log;

/** Go's {@code %q} of a string ({@code strconv.Quote}): double quotes, Go escapes, lower-case hex. */
final class GoQuote {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private GoQuote() {
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2);
        b.append('"');
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '"': b.append("\\\""); continue;
                case '\\': b.append("\\\\"); continue;
                case 7: b.append("\\a"); continue;
                case '\b': b.append("\\b"); continue;
                case '\f': b.append("\\f"); continue;
                case '\n': b.append("\\n"); continue;
                case '\r': b.append("\\r"); continue;
                case '\t': b.append("\\t"); continue;
                case 11: b.append("\\v"); continue;
                default:
            }
            if (isPrint(cp)) {
                b.appendCodePoint(cp);
            } else if (cp < ' ' || cp == 0x7f) {
                b.append("\\x").append(HEX[cp >> 4]).append(HEX[cp & 0xF]);
            } else if (Character.isSurrogate((char) cp) && cp <= 0xFFFF) {
                b.append("\\ufffd"); // not valid UTF-8 in Go: it would print \x bytes; closest honest form
            } else if (cp <= 0xFFFF) {
                b.append("\\u");
                hex(b, cp, 4);
            } else {
                b.append("\\U");
                hex(b, cp, 8);
            }
        }
        return b.append('"').toString();
    }

    private static void hex(StringBuilder b, int v, int width) {
        for (int shift = (width - 1) * 4; shift >= 0; shift -= 4) {
            b.append(HEX[(v >> shift) & 0xF]);
        }
    }

    /** Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    static boolean isPrint(int cp) {
        if (cp < 0x80) {
            return cp >= 0x20 && cp < 0x7f;
        }
        switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER:
            case Character.LOWERCASE_LETTER:
            case Character.TITLECASE_LETTER:
            case Character.MODIFIER_LETTER:
            case Character.OTHER_LETTER:
            case Character.NON_SPACING_MARK:
            case Character.ENCLOSING_MARK:
            case Character.COMBINING_SPACING_MARK:
            case Character.DECIMAL_DIGIT_NUMBER:
            case Character.LETTER_NUMBER:
            case Character.OTHER_NUMBER:
            case Character.CONNECTOR_PUNCTUATION:
            case Character.DASH_PUNCTUATION:
            case Character.START_PUNCTUATION:
            case Character.END_PUNCTUATION:
            case Character.INITIAL_QUOTE_PUNCTUATION:
            case Character.FINAL_QUOTE_PUNCTUATION:
            case Character.OTHER_PUNCTUATION:
            case Character.MATH_SYMBOL:
            case Character.CURRENCY_SYMBOL:
            case Character.MODIFIER_SYMBOL:
            case Character.OTHER_SYMBOL:
                return true;
            default:
                return false;
        }
    }
}
