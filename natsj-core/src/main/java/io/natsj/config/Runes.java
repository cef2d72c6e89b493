package io.natsj.config;

/**
 * The character classes and UTF-8 decoding of Go's standard library that nats-server's lexer relies
 * on. They differ from Java's (Go's unicode.IsSpace includes U+0085 and U+00A0, and invalid UTF-8
 * decodes to U+FFFD one byte at a time), and the differences decide where keys and values end.
 */
final class Runes {
    static final int ERROR = 0xFFFD;

    private Runes() {
    }

    /** Go's unicode.IsSpace. */
    static boolean isSpace(int r) {
        if (r <= 0xFF) {
            return r == '\t' || r == '\n' || r == 0x0B || r == '\f' || r == '\r' || r == ' '
                    || r == 0x85 || r == 0xA0;
        }
        return r == 0x1680 || (r >= 0x2000 && r <= 0x200A) || r == 0x2028 || r == 0x2029
                || r == 0x202F || r == 0x205F || r == 0x3000;
    }

    /** Go's unicode.IsDigit: any decimal digit, not only ASCII ones. */
    static boolean isDigit(int r) {
        if (r <= 0xFF) {
            return r >= '0' && r <= '9';
        }
        return Character.getType(r) == Character.DECIMAL_DIGIT_NUMBER;
    }

    /** The lexer's own notion of blanks inside a line: only space and tab. */
    static boolean isWhitespace(int r) {
        return r == '\t' || r == ' ';
    }

    static boolean isNL(int r) {
        return r == '\n' || r == '\r';
    }

    static boolean isKeySeparator(int r) {
        return r == '=' || r == ':';
    }

    static boolean isNumberSuffix(int r) {
        return r < 0x80 && "kKmMgGtTpPeE".indexOf(r) >= 0;
    }

    /**
     * Decodes the rune at {@code at} as Go's utf8.DecodeRune does.
     *
     * @return the rune in the low 32 bits and its width in bytes in the high 32 bits
     */
    static long decode(byte[] in, int at) {
        int b0 = in[at] & 0xFF;
        if (b0 < 0x80) {
            return pack(b0, 1);
        }
        int need;
        int min;
        int r;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            need = 1;
            min = 0x80;
            r = b0 & 0x1F;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            need = 2;
            min = 0x800;
            r = b0 & 0x0F;
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            need = 3;
            min = 0x10000;
            r = b0 & 0x07;
        } else {
            return pack(ERROR, 1);
        }
        if (at + need >= in.length) {
            return pack(ERROR, 1);
        }
        for (int i = 1; i <= need; i++) {
            int b = in[at + i] & 0xFF;
            if ((b & 0xC0) != 0x80) {
                return pack(ERROR, 1);
            }
            r = (r << 6) | (b & 0x3F);
        }
        if (r < min || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) {
            return pack(ERROR, 1);
        }
        return pack(r, need + 1);
    }

    private static long pack(int rune, int width) {
        return ((long) width << 32) | rune;
    }

    /** How nats-server prints a rune in an error: itself, except a new line which shows as \n. */
    static String show(int r) {
        return r == '\n' ? "\\n" : new String(Character.toChars(r));
    }
}
