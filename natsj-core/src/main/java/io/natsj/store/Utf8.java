package io.natsj.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Subjects to and from UTF-8 without allocating for the usual all-ASCII subject. */
final class Utf8 {
    private Utf8() {
    }

    static int length(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                return s.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return n;
    }

    static void put(ByteBuffer dst, String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                dst.put(s.getBytes(StandardCharsets.UTF_8));
                return;
            }
        }
        for (int i = 0; i < n; i++) {
            dst.put((byte) s.charAt(i));
        }
    }
}
