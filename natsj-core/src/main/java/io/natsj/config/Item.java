package io.natsj.config;

import java.nio.charset.StandardCharsets;

/**
 * One token from the {@link Lexer}. {@code val} is raw bytes because nats-server measures positions
 * in bytes and lets {@code \xHH} escapes produce any byte; {@code pos} is computed exactly as
 * nats-server's lexer does (see {@link Lexer#emit}), quirks included.
 */
record Item(Type type, byte[] val, int line, int pos) {

    enum Type { ERROR, EOF, KEY, TEXT, STRING, BOOL, INTEGER, FLOAT, DATETIME,
        ARRAY_START, ARRAY_END, MAP_START, MAP_END, COMMENT_START, VARIABLE, INCLUDE }

    String text() {
        return new String(val, StandardCharsets.UTF_8);
    }
}
