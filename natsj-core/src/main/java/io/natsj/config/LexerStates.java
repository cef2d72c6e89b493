package io.natsj.config;

import static io.natsj.config.Lexer.EOF;
import static io.natsj.config.Runes.isDigit;
import static io.natsj.config.Runes.isKeySeparator;
import static io.natsj.config.Runes.isNL;
import static io.natsj.config.Runes.isSpace;
import static io.natsj.config.Runes.isWhitespace;
import static io.natsj.config.Runes.show;

import io.natsj.config.Lexer.State;

/**
 * The states of the structural part of the lexer: top level, keys, includes, maps, arrays and
 * comments. Each method is one state of nats-server's lexer and keeps its order of checks, because
 * that order decides which error a malformed file gets (and sometimes whether it gets one at all:
 * a lone {@code /} is skipped where a comment may start, but is an error at the start of a line).
 * Values are in {@link ValueStates}.
 */
final class LexerStates {
    private final Lexer lx;
    final ValueStates values;

    LexerStates(Lexer lx) {
        this.lx = lx;
        this.values = new ValueStates(lx, this);
    }

    State initial() {
        return this::top;
    }

    private State top() {
        int r = lx.next();
        if (isSpace(r) || r == '{') {
            return lx.skip(this::top);
        }
        if (r == '#') {
            return comment(this::top);
        }
        if (r == '/') {
            if (lx.next() == '/') {
                return comment(this::top);
            }
            lx.backup();
            return endOfInput();
        }
        if (r == EOF) {
            return endOfInput();
        }
        lx.backup();
        lx.push(this::topValueEnd);
        return this::keyStart;
    }

    private State endOfInput() {
        if (lx.pos > lx.start) {
            return lx.errorf("Unexpected EOF.");
        }
        lx.emit(Item.Type.EOF);
        return null;
    }

    private State topValueEnd() {
        int r = lx.next();
        if (r == '#') {
            return comment(this::top);
        }
        if (r == '/') {
            if (lx.next() == '/') {
                return comment(this::top);
            }
            lx.backup();
            return this::topValueEnd;
        }
        if (isWhitespace(r)) {
            return this::topValueEnd;
        }
        if (isNL(r) || r == EOF || r == ';' || r == ',' || r == '}') {
            lx.ignore();
            return this::top;
        }
        return lx.errorf("Expected a top-level value to end with a new line, comment or EOF, but got '"
                + show(r) + "' instead.");
    }

    private State keyStart() {
        int r = lx.peek();
        if (isKeySeparator(r)) {
            return lx.errorf("Unexpected key separator '" + show(r) + "'");
        }
        if (isSpace(r)) {
            lx.next();
            return lx.skip(this::keyStart);
        }
        if (r == '"' || r == '\'') {
            lx.next();
            return lx.skip(() -> quotedKey(r));
        }
        lx.ignore();
        lx.next();
        return this::key;
    }

    /** A quoted top-level key; at the end of input it is not a key, and nothing if empty. */
    private State quotedKey(int quote) {
        int r = lx.peek();
        if (r == quote) {
            lx.emit(Item.Type.KEY);
            lx.next();
            return lx.skip(this::keyEnd);
        }
        if (r == EOF) {
            return endOfInput();
        }
        lx.next();
        return () -> quotedKey(quote);
    }

    private State key() {
        int r = lx.peek();
        if (isSpace(r)) {
            return keyOrKeyword(this::keyEnd, null);
        }
        if (isKeySeparator(r) || r == EOF) {
            lx.emit(Item.Type.KEY);
            return this::keyEnd;
        }
        lx.next();
        return this::key;
    }

    /** A key followed by a blank may be the word include (any case), which takes a path instead. */
    private State keyOrKeyword(State afterKey, State afterInclude) {
        if (Lexer.lower(lx.pendingText()).equals("include")) {
            lx.ignore();
            if (afterInclude != null) {
                lx.push(afterInclude);
            }
            return this::includeStart;
        }
        lx.emit(Item.Type.KEY);
        return afterKey;
    }

    private State keyEnd() {
        int r = lx.next();
        if (isSpace(r)) {
            return lx.skip(this::keyEnd);
        }
        if (isKeySeparator(r)) {
            return lx.skip(values::value);
        }
        if (r == EOF) {
            lx.emit(Item.Type.EOF);
            return null;
        }
        lx.backup();
        return values::value;
    }

    private State includeStart() {
        int r = lx.next();
        if (isWhitespace(r)) {
            return lx.skip(this::includeStart);
        }
        lx.backup();
        return this::include;
    }

    private State include() {
        int r = lx.next();
        if (r == '\'') {
            lx.ignore();
            return () -> includeQuoted('\'', "Unexpected EOF in quoted include");
        }
        if (r == '"') {
            lx.ignore();
            return () -> includeQuoted('"', "Unexpected EOF in double quoted include");
        }
        String found = r == '[' ? "start of an array"
                : r == '{' ? "start of a map"
                : r == '(' ? "start of a block"
                : isDigit(r) || r == '-' ? "start of a number"
                : r == '\\' ? "escape sequence"
                : isNL(r) ? "new line"
                : null;
        if (found != null) {
            return lx.errorf("Expected include value but found " + found);
        }
        lx.backup();
        return this::includeBare;
    }

    /** A quoted include path, taken literally: no escapes. */
    private State includeQuoted(int quote, String eofMessage) {
        int r = lx.next();
        if (r == quote) {
            lx.backup();
            lx.emit(Item.Type.INCLUDE);
            lx.next();
            lx.ignore();
            return lx.pop();
        }
        if (r == EOF) {
            return lx.errorf(eofMessage);
        }
        return () -> includeQuoted(quote, eofMessage);
    }

    private State includeBare() {
        int r = lx.next();
        if (isNL(r) || r == EOF || r == ';' || r == '}' || isWhitespace(r)) {
            lx.backup();
            lx.emit(Item.Type.INCLUDE);
            return lx.pop();
        }
        if (r == '\'') {
            lx.backup();
            lx.emit(Item.Type.INCLUDE);
            lx.next();
            lx.ignore();
            return lx.pop();
        }
        return this::includeBare;
    }

    State arrayValue() {
        int r = lx.next();
        if (isSpace(r)) {
            return lx.skip(this::arrayValue);
        }
        if (r == '#') {
            return comment(this::arrayValue);
        }
        if (r == '/') {
            if (lx.next() == '/') {
                return comment(this::arrayValue);
            }
            lx.backup();
            return lx.errorf("Unexpected array value terminator ','.");
        }
        if (r == ',') {
            return lx.errorf("Unexpected array value terminator ','.");
        }
        if (r == ']') {
            return this::arrayEnd;
        }
        lx.backup();
        lx.push(this::arrayValueEnd);
        return values::value;
    }

    private State arrayValueEnd() {
        int r = lx.next();
        if (isWhitespace(r)) {
            return lx.skip(this::arrayValueEnd);
        }
        if (r == '#') {
            return comment(this::arrayValueEnd);
        }
        if (r == '/') {
            if (lx.next() == '/') {
                return comment(this::arrayValueEnd);
            }
            lx.backup();
            return lx.skip(this::arrayValue);
        }
        if (r == ',' || isNL(r)) {
            return lx.skip(this::arrayValue);
        }
        if (r == ']') {
            return this::arrayEnd;
        }
        return lx.errorf("Expected an array value terminator \",\" or an array terminator \"]\", but got '"
                + show(r) + "' instead.");
    }

    private State arrayEnd() {
        lx.ignore();
        lx.emit(Item.Type.ARRAY_END);
        return lx.pop();
    }

    State mapKeyStart() {
        int r = lx.peek();
        if (isKeySeparator(r)) {
            return lx.errorf("Unexpected key separator '" + show(r) + "'.");
        }
        if (r == ']') {
            return lx.errorf("Unexpected array end '" + show(r) + "' processing map.");
        }
        if (isSpace(r)) {
            lx.next();
            return lx.skip(this::mapKeyStart);
        }
        if (r == '}') {
            lx.next();
            return lx.skip(this::mapEnd);
        }
        if (r == '#') {
            lx.next();
            return comment(this::mapKeyStart);
        }
        if (r == '/') {
            lx.next();
            if (lx.next() == '/') {
                return comment(this::mapKeyStart);
            }
            // A lone '/' before a key is dropped: the key starts at the rune after it.
            lx.backup();
        } else if (r == '\'') {
            lx.next();
            return lx.skip(() -> mapQuotedKey('\'', "Unexpected EOF processing quoted map key."));
        } else if (r == '"') {
            lx.next();
            return lx.skip(() -> mapQuotedKey('"', "Unexpected EOF processing double quoted map key."));
        } else if (r == EOF) {
            return lx.errorf("Unexpected EOF processing map.");
        }
        lx.ignore();
        lx.next();
        return this::mapKey;
    }

    private State mapQuotedKey(int quote, String eofMessage) {
        int r = lx.peek();
        if (r == EOF) {
            return lx.errorf(eofMessage);
        }
        if (r == quote) {
            lx.emit(Item.Type.KEY);
            lx.next();
            return lx.skip(this::mapKeyEnd);
        }
        lx.next();
        return () -> mapQuotedKey(quote, eofMessage);
    }

    private State mapKey() {
        int r = lx.peek();
        if (r == EOF) {
            return lx.errorf("Unexpected EOF processing map key.");
        }
        if (isSpace(r)) {
            return keyOrKeyword(this::mapKeyEnd, this::mapValueEnd);
        }
        if (isKeySeparator(r)) {
            lx.emit(Item.Type.KEY);
            return this::mapKeyEnd;
        }
        lx.next();
        return this::mapKey;
    }

    private State mapKeyEnd() {
        int r = lx.next();
        if (isSpace(r)) {
            return lx.skip(this::mapKeyEnd);
        }
        if (isKeySeparator(r)) {
            return lx.skip(this::mapValue);
        }
        lx.backup();
        return this::mapValue;
    }

    private State mapValue() {
        int r = lx.next();
        if (isSpace(r)) {
            return lx.skip(this::mapValue);
        }
        if (r == ',') {
            return lx.errorf("Unexpected map value terminator \",\".");
        }
        if (r == '}') {
            return lx.skip(this::mapEnd);
        }
        lx.backup();
        lx.push(this::mapValueEnd);
        return values::value;
    }

    private State mapValueEnd() {
        int r = lx.next();
        if (isWhitespace(r)) {
            return lx.skip(this::mapValueEnd);
        }
        if (r == '#') {
            return comment(this::mapValueEnd);
        }
        if (r == '/') {
            if (lx.next() == '/') {
                return comment(this::mapValueEnd);
            }
            lx.backup();
            return lx.skip(this::mapKeyStart);
        }
        if (r == ';' || r == ',' || isNL(r)) {
            return lx.skip(this::mapKeyStart);
        }
        if (r == '}') {
            return lx.skip(this::mapEnd);
        }
        return lx.errorf("Expected a map value terminator \",\" or a map terminator \"}\", but got '"
                + show(r) + "' instead.");
    }

    private State mapEnd() {
        lx.ignore();
        lx.emit(Item.Type.MAP_END);
        return lx.pop();
    }

    /** A comment runs to the end of the line, then lexing goes on with {@code then}. */
    private State comment(State then) {
        lx.push(then);
        return () -> {
            lx.ignore();
            lx.emit(Item.Type.COMMENT_START);
            return this::commentText;
        };
    }

    private State commentText() {
        int r = lx.peek();
        if (isNL(r) || r == EOF) {
            lx.emit(Item.Type.TEXT);
            return lx.pop();
        }
        lx.next();
        return this::commentText;
    }
}
