package io.natsj.config;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * Turns the lexer's number, boolean and datetime text into values, with nats-server's arithmetic
 * and messages. Size suffixes: a bare letter is a power of 1000 and the letter followed by b, i or ib
 * a power of 1024 ({@code 1k} = 1000, {@code 1kb} = {@code 1ki} = {@code 1kib} = 1024), up to e/eb.
 * Like nats-server, the multiplication wraps silently on overflow.
 */
final class Scalars {

    /** An integer whose suffix nats-server does not know: it then stores no value at all. */
    static final Object NO_VALUE = new Object();

    private Scalars() {
    }

    static Object integer(String text) throws ConfigException {
        int digitRunes = 0;
        for (int i = 0; i < text.length(); ) {
            int r = text.codePointAt(i);
            if (!Runes.isDigit(r) && r != '-') {
                break;
            }
            digitRunes++;
            i += Character.charCount(r);
        }
        // nats-server counts runes but cuts bytes; only ASCII digits ever parse, so cutting the
        // UTF-8 bytes here gives the same verdict.
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String digits = new String(bytes, 0, Math.min(digitRunes, bytes.length),
                StandardCharsets.ISO_8859_1);
        String suffix = new String(bytes, Math.min(digitRunes, bytes.length),
                bytes.length - Math.min(digitRunes, bytes.length), StandardCharsets.UTF_8);
        if (!digits.matches("[+-]?[0-9]+")) {
            throw new ConfigException("expected integer, but got '" + text + "'");
        }
        BigInteger big = new BigInteger(digits);
        if (big.bitLength() > 63) {
            throw new ConfigException("integer '" + text + "' is out of the range");
        }
        long num = big.longValue();
        return switch (Lexer.lower(suffix.strip())) {
            case "" -> num;
            case "k" -> num * 1000L;
            case "kb", "ki", "kib" -> num * 1024L;
            case "m" -> num * 1000L * 1000L;
            case "mb", "mi", "mib" -> num * 1024L * 1024L;
            case "g" -> num * 1000L * 1000L * 1000L;
            case "gb", "gi", "gib" -> num * 1024L * 1024L * 1024L;
            case "t" -> num * 1000L * 1000L * 1000L * 1000L;
            case "tb", "ti", "tib" -> num * 1024L * 1024L * 1024L * 1024L;
            case "p" -> num * 1000L * 1000L * 1000L * 1000L * 1000L;
            case "pb", "pi", "pib" -> num * 1024L * 1024L * 1024L * 1024L * 1024L;
            case "e" -> num * 1000L * 1000L * 1000L * 1000L * 1000L * 1000L;
            case "eb", "ei", "eib" -> num * 1024L * 1024L * 1024L * 1024L * 1024L * 1024L;
            default -> NO_VALUE;
        };
    }

    static double floating(String text) throws ConfigException {
        if (!text.matches("-?[0-9]+\\.[0-9]+")) {
            throw new ConfigException("expected float, but got '" + text + "'");
        }
        double d = Double.parseDouble(text);
        if (Double.isInfinite(d)) {
            throw new ConfigException("float '" + text + "' is out of the range");
        }
        return d;
    }

    static boolean bool(String text) throws ConfigException {
        return switch (Lexer.lower(text)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new ConfigException("expected boolean value, but got '" + text + "'");
        };
    }

    /** YYYY-MM-DDTHH:MM:SSZ with real calendar ranges, as Go's time.Parse checks them. */
    static Instant datetime(String text) throws ConfigException {
        if (!text.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")) {
            throw badDatetime(text);
        }
        try {
            return LocalDateTime.of(num(text, 0, 4), num(text, 5, 7), num(text, 8, 10),
                    num(text, 11, 13), num(text, 14, 16), num(text, 17, 19)).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException outOfRange) {
            throw badDatetime(text);
        }
    }

    private static int num(String text, int from, int to) {
        return Integer.parseInt(text.substring(from, to));
    }

    private static ConfigException badDatetime(String text) {
        return new ConfigException(String.format(Locale.ROOT,
                "expected Zulu formatted DateTime, but got '%s'", text));
    }
}
