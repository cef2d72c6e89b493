package io.natsj.cli.log;

/**
 * A reusable byte buffer for one log line, UTF-8 encoded by hand (Go writes UTF-8 whatever the locale).
 * Not thread-safe: used under {@link GoLog}'s lock.
 */
final class LineBuffer {
    private static final byte[] DIGITS = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9'};

    byte[] buf = new byte[256];
    int len;

    void reset() {
        len = 0;
    }

    private void ensure(int extra) {
        int need = len + extra;
        if (need > buf.length) {
            int n = buf.length * 2;
            while (n < need) {
                n *= 2;
            }
            byte[] b = new byte[n];
            System.arraycopy(buf, 0, b, 0, len);
            buf = b;
        }
    }

    void add(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    void add(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    void add(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    /** {@code value} in exactly {@code width} decimal digits, zero padded (Go's itoa with a width). */
    void digits(long value, int width) {
        ensure(width);
        for (int i = len + width - 1; i >= len; i--) {
            buf[i] = DIGITS[(int) (value % 10)];
            value /= 10;
        }
        len += width;
    }

    /** Decimal, no padding; for non-negative values. */
    void number(long value) {
        int width = 1;
        for (long v = value; v >= 10; v /= 10) {
            width++;
        }
        digits(value, width);
    }

    void utf8(CharSequence s) {
        int n = s.length();
        ensure(n);
        int i = 0;
        // ASCII fast path
        while (i < n) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                break;
            }
            buf[len++] = (byte) c;
            i++;
        }
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                ensure(1);
                buf[len++] = (byte) c;
            } else if (c < 0x800) {
                ensure(2);
                buf[len++] = (byte) (0xC0 | (c >> 6));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                ensure(4);
                buf[len++] = (byte) (0xF0 | (cp >> 18));
                buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                ensure(1);
                buf[len++] = '?'; // a lone surrogate, as String.getBytes(UTF_8) does
            } else {
                ensure(3);
                buf[len++] = (byte) (0xE0 | (c >> 12));
                buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }

    boolean endsWith(byte b) {
        return len > 0 && buf[len - 1] == b;
    }
}
