package io.natsj.config;

import static io.natsj.config.Lexer.EOF;
import static io.natsj.config.Runes.isDigit;
import static io.natsj.config.Runes.isNL;
import static io.natsj.config.Runes.isNumberSuffix;
import static io.natsj.config.Runes.isWhitespace;
import static io.natsj.config.Runes.show;

import io.natsj.config.Lexer.State;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The value states of the lexer: strings in their three forms, blocks, numbers, datetimes and IP
 * addresses. After a value the lexer returns to the state its caller pushed.
 *
 * <p>The number states decide the most surprising results of nats-server's format and are kept
 * check for check: a run of digits becomes a string as soon as a character outside
 * {@code \n \r EOF } ; , space tab} follows (so {@code 2]} and {@code 4222:1} are strings), a
 * digit run with a size suffix is an integer ({@code 2m}, {@code 1kib}), and {@code 10s} is a string.
 */
final class ValueStates {
    private final Lexer lx;
    private final LexerStates structure;

    ValueStates(Lexer lx, LexerStates structure) {
        this.lx = lx;
        this.structure = structure;
    }

    State value() {
        int r = lx.next();
        if (isWhitespace(r)) {
            return lx.skip(this::value);
        }
        if (r == '[') {
            lx.ignore();
            lx.emit(Item.Type.ARRAY_START);
            return structure::arrayValue;
        }
        if (r == '{') {
            lx.ignore();
            lx.emit(Item.Type.MAP_START);
            return structure::mapKeyStart;
        }
        if (r == '\'') {
            lx.ignore();
            return this::singleQuoted;
        }
        if (r == '"') {
            lx.ignore();
            lx.stringState = this::doubleQuoted;
            return this::doubleQuoted;
        }
        if (r == '-') {
            return this::negativeNumberStart;
        }
        if (r == '(') {
            lx.ignore();
            return this::block;
        }
        if (isDigit(r)) {
            lx.backup();
            return this::numberStart;
        }
        if (r == '.') {
            return lx.errorf("Floats must start with a digit");
        }
        if (isNL(r)) {
            return lx.errorf("Expected value but found new line");
        }
        lx.backup();
        lx.stringState = this::bare;
        return this::bare;
    }

    /** Single quotes: no escapes. An unterminated quote right at the end of input is no value. */
    private State singleQuoted() {
        int r = lx.next();
        if (r == '\'') {
            lx.backup();
            lx.emit(Item.Type.STRING);
            lx.next();
            lx.ignore();
            return lx.pop();
        }
        if (r == EOF) {
            return unterminated();
        }
        return this::singleQuoted;
    }

    private State doubleQuoted() {
        int r = lx.next();
        if (r == '\\') {
            lx.addCurrentStringPart(1);
            return this::escape;
        }
        if (r == '"') {
            lx.backup();
            lx.emitString();
            lx.next();
            lx.ignore();
            return lx.pop();
        }
        if (r == EOF) {
            return unterminated();
        }
        return this::doubleQuoted;
    }

    private State unterminated() {
        if (lx.pos > lx.start) {
            return lx.errorf("Unexpected EOF.");
        }
        lx.emit(Item.Type.EOF);
        return null;
    }

    /** A bare string; it is a boolean or a variable reference only if it had no escapes. */
    private State bare() {
        int r = lx.next();
        if (r == '\\') {
            lx.addCurrentStringPart(1);
            return this::escape;
        }
        if (isNL(r) || r == EOF || r == ';' || r == ',' || r == ']' || r == '}' || isWhitespace(r)) {
            lx.backup();
            if (lx.hasEscapedParts()) {
                lx.emitString();
            } else if (lx.isBool()) {
                lx.emit(Item.Type.BOOL);
            } else if (lx.isVariable()) {
                lx.emit(Item.Type.VARIABLE);
            } else {
                lx.emitString();
            }
            return lx.pop();
        }
        if (r == '\'') {
            lx.backup();
            lx.emitString();
            lx.next();
            lx.ignore();
            return lx.pop();
        }
        return this::bare;
    }

    /** Everything between {@code (} and a {@code )} alone on its line, taken literally. */
    private State block() {
        int r = lx.next();
        if (r == ')') {
            lx.backup();
            lx.backup();
            if (lx.next() != '\n') {
                lx.next();
                return this::block;
            }
            lx.next();
            int after = lx.next();
            if (after == '\n' || after == EOF) {
                // At the end of input there is nothing to step back over, so the ')' stays in.
                lx.backup();
                lx.backup();
                lx.emit(Item.Type.STRING);
                lx.next();
                lx.ignore();
                return lx.pop();
            }
            lx.backup();
            return this::block;
        }
        if (r == EOF) {
            return lx.errorf("Unexpected EOF processing block.");
        }
        return this::block;
    }

    private State escape() {
        int r = lx.next();
        String replacement = switch (r) {
            case 't' -> "\t";
            case 'n' -> "\n";
            case 'r' -> "\r";
            case '"' -> "\"";
            case '\\' -> "\\";
            default -> null;
        };
        if (r == 'x') {
            return this::hexByte;
        }
        if (replacement != null) {
            return lx.addStringPart(replacement.getBytes(StandardCharsets.UTF_8));
        }
        return lx.errorf("Invalid escape character '" + show(r) + "'. Only the following escape "
                + "characters are allowed: \\xXX, \\t, \\n, \\r, \\\", \\\\.");
    }

    /** {@code \xHH}: the two bytes before the cursor, whatever runes were read to get there. */
    private State hexByte() {
        if (isNL(lx.next()) || isNL(lx.next())) {
            return lx.errorf("Expected two hexadecimal digits after '\\x', but hit end of line");
        }
        int from = Math.max(lx.pos - 2, 0);
        byte[] digits = lx.slice(from, lx.pos);
        byte[] decoded;
        try {
            decoded = HexFormat.of().parseHex(new String(digits, StandardCharsets.ISO_8859_1));
        } catch (IllegalArgumentException notHex) {
            return lx.errorf("Expected two hexadecimal digits after '\\x', but got '"
                    + new String(digits, StandardCharsets.UTF_8) + "'");
        }
        return lx.addStringPart(decoded);
    }

    private State numberStart() {
        int r = lx.next();
        if (!isDigit(r)) {
            return notADigit(r);
        }
        return this::numberOrDateOrStringOrIP;
    }

    private State notADigit(int r) {
        if (r == '.') {
            return lx.errorf("Floats must start with a digit, not '.'.");
        }
        return lx.errorf("Expected a digit but got '" + show(r) + "'.");
    }

    private State numberOrDateOrStringOrIP() {
        int r = lx.next();
        if (r == '-') {
            if (lx.pos - lx.start != 5) {
                return lx.errorf("All ISO8601 dates must be in full Zulu form.");
            }
            return this::dateAfterYear;
        }
        if (isDigit(r)) {
            return this::numberOrDateOrStringOrIP;
        }
        if (r == '.') {
            return this::floatStart;
        }
        if (isNumberSuffix(r)) {
            return this::sizeSuffix;
        }
        if (!endsNumber(r)) {
            // The rune is not pushed back: it is part of the string.
            lx.stringState = this::bare;
            return this::bare;
        }
        lx.backup();
        lx.emit(Item.Type.INTEGER);
        return lx.pop();
    }

    /** What may follow an integer. Not ']': that makes it a string, rune included. */
    private static boolean endsNumber(int r) {
        return isNL(r) || r == EOF || r == '}' || r == ';' || r == ',' || isWhitespace(r) || isDigit(r);
    }

    /** After k, m, g, t, p or e: any run of b and i (either case), as in 1k, 1KB, 1mib, 1kbi. */
    private State sizeSuffix() {
        int r = lx.next();
        if (r == 'b' || r == 'B' || r == 'i' || r == 'I') {
            return this::sizeSuffix;
        }
        lx.backup();
        if (endsNumber(r)) {
            lx.emit(Item.Type.INTEGER);
            return lx.pop();
        }
        lx.stringState = this::bare;
        return this::bare;
    }

    private State dateAfterYear() {
        String format = "00-00T00:00:00Z";
        for (int i = 0; i < format.length(); i++) {
            char f = format.charAt(i);
            int r = lx.next();
            if (f == '0' && !isDigit(r)) {
                return lx.errorf("Expected digit in ISO8601 datetime, but found '" + show(r) + "' instead.");
            }
            if (f != '0' && f != r) {
                return lx.errorf("Expected '" + f + "' in ISO8601 datetime, but found '" + show(r)
                        + "' instead.");
            }
        }
        lx.emit(Item.Type.DATETIME);
        return lx.pop();
    }

    private State negativeNumberStart() {
        int r = lx.next();
        if (!isDigit(r)) {
            return notADigit(r);
        }
        return this::negativeNumber;
    }

    private State negativeNumber() {
        int r = lx.next();
        if (isDigit(r)) {
            return this::negativeNumber;
        }
        if (r == '.') {
            return this::floatStart;
        }
        if (isNumberSuffix(r)) {
            return this::sizeSuffix;
        }
        lx.backup();
        lx.emit(Item.Type.INTEGER);
        return lx.pop();
    }

    private State floatStart() {
        int r = lx.next();
        if (!isDigit(r)) {
            return lx.errorf("Floats must have a digit after the '.', but got '" + show(r) + "' instead.");
        }
        return this::fraction;
    }

    private State fraction() {
        int r = lx.next();
        if (isDigit(r)) {
            return this::fraction;
        }
        if (r == '.') {
            return this::ipAddress;
        }
        lx.backup();
        lx.emit(Item.Type.FLOAT);
        return lx.pop();
    }

    /** A second '.' turns a float into an address: digits, dots, colons and dashes, as a string. */
    private State ipAddress() {
        int r = lx.next();
        if (isDigit(r) || r == '.' || r == ':' || r == '-') {
            return this::ipAddress;
        }
        lx.backup();
        lx.emit(Item.Type.STRING);
        return lx.pop();
    }
}
