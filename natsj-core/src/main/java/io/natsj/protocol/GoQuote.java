package io.natsj.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Go's {@code %q} of a byte string (strconv.Quote): valid, printable UTF-8 as it is; quote and
 * backslash escaped; control characters as {@code \n}, {@code \x01}, {@code \u0085} and so on; bytes
 * that are not UTF-8 as {@code \xNN}. nats-server quotes subjects this way in -ERR texts and logs.
 */
public final class GoQuote {
    private GoQuote() {
    }

    static String quote(byte[] b, int offset, int length) {
        StringBuilder sb = new StringBuilder(length + 2).append('"');
        int end = offset + length;
        int i = offset;
        while (i < end) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                appendAscii(sb, c);
                i++;
                continue;
            }
            int width = utf8Width(b, i, end);
            if (width == 0) {
                sb.append(String.format("\\x%02x", c));
                i++;
                continue;
            }
            int cp = new String(b, i, width, StandardCharsets.UTF_8).codePointAt(0);
            if (isPrint(cp)) {
                sb.appendCodePoint(cp);
            } else if (cp < 0x10000) {
                sb.append(String.format("\\u%04x", cp));
            } else {
                sb.append(String.format("\\U%08x", cp));
            }
            i += width;
        }
        return sb.append('"').toString();
    }

    /** Go's %q of a Java string, taken as the UTF-8 text it is (configuration values, file names). */
    public static String quote(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return quote(b, 0, b.length);
    }

    /** Quotes a String that holds one char per byte (how natsj keeps subjects). */
    static String quoteLatin1(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return quote(b, 0, b.length);
    }

    private static void appendAscii(StringBuilder sb, int c) {
        switch (c) {
            case '"' -> sb.append("\\\"");
            case '\\' -> sb.append("\\\\");
            case 0x07 -> sb.append("\\a");
            case '\b' -> sb.append("\\b");
            case '\f' -> sb.append("\\f");
            case '\n' -> sb.append("\\n");
            case '\r' -> sb.append("\\r");
            case '\t' -> sb.append("\\t");
            case 0x0b -> sb.append("\\v");
            default -> {
                if (c < 0x20 || c == 0x7f) {
                    sb.append(String.format("\\x%02x", c));
                } else {
                    sb.append((char) c);
                }
            }
        }
    }

    /** Length of the well-formed UTF-8 sequence starting at i, or 0 when it is not one. */
    private static int utf8Width(byte[] b, int i, int end) {
        int c = b[i] & 0xff;
        int width;
        int min;
        if (c >= 0xc2 && c <= 0xdf) {
            width = 2;
            min = 0x80;
        } else if (c >= 0xe0 && c <= 0xef) {
            width = 3;
            min = 0x800;
        } else if (c >= 0xf0 && c <= 0xf4) {
            width = 4;
            min = 0x10000;
        } else {
            return 0;
        }
        if (i + width > end) {
            return 0;
        }
        int cp = c & (0xff >> (width + 1));
        for (int k = 1; k < width; k++) {
            int cc = b[i + k] & 0xff;
            if ((cc & 0xc0) != 0x80) {
                return 0;
            }
            cp = (cp << 6) | (cc & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            return 0;
        }
        return width;
    }

    /** Close to Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and U+0020. */
    private static boolean isPrint(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.SURROGATE,
                    Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }
}
