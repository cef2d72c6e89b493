package io.natsj.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import java.util.stream.Stream;

/**
 * Expected answers are Go 2.9.10's, derived from sublist.go (IsValidSubject, Sublist.Insert,
 * IsValidLiteralSubject). The SUB column was checked against /usr/sbin/nats-server 2.9.10 for the
 * doubtful rows ('\f', "foo.*bar", "foo.>.bar", leading/trailing/double dots, unicode).
 */
class SubjectsTest {

    /** subject, IsValidSubject, accepted on SUB (Sublist.Insert), IsValidLiteralSubject. */
    static Stream<Arguments> table() {
        return Stream.of(
                row("", false, false, false),
                row("foo", true, true, true),
                row("foo.bar", true, true, true),
                row("foo.bar.baz", true, true, true),
                row(".", false, false, false),
                row("..", false, false, false),
                row(".foo", false, false, false),
                row("foo.", false, false, false),
                row("foo..bar", false, false, false),
                row("*", true, true, false),
                row(">", true, true, false),
                row("*.*", true, true, false),
                row("foo.*", true, true, false),
                row("foo.>", true, true, false),
                row("*.foo", true, true, false),
                row("foo.*.bar", true, true, false),
                row("foo.*.>", true, true, false),
                row("foo.>.bar", false, false, false),
                row(">.foo", false, false, false),
                row(">.>", false, false, false),
                row("foo.>.", false, false, false),
                row("foo.*bar", true, true, true),
                row("foo.bar*", true, true, true),
                row("foo.>bar", true, true, true),
                row("foo.bar>", true, true, true),
                row("foo.**", true, true, true),
                row("foo.>>", true, true, true),
                row("foo bar", false, true, true),
                row("foo\tbar", false, true, true),
                row("foo\nbar", false, true, true),
                row("foo\rbar", false, true, true),
                row("foo\fbar", false, true, true),
                row(" ", false, true, true),
                row("\t", false, true, true),
                row("foo. ", false, true, true),
                row("foo.> ", false, true, true),
                row("foo.\u000Bbar", true, true, true),
                row("foo.\u00A0", true, true, true),
                row("\u00E9.\u20AC", true, true, true),
                row("\u00E9", true, true, true),
                row("foo.\uD83D\uDE00.*", true, true, false),
                row("_INBOX.abc.*", true, true, false),
                row("$SYS.>", true, true, false));
    }

    private static Arguments row(String subject, boolean valid, boolean sub, boolean literal) {
        return Arguments.of(subject, valid, sub, literal);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource("table")
    void isValidSubject(String subject, boolean valid, boolean sub, boolean literal) {
        assertEquals(valid, Subjects.isValidSubject(subject));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource("table")
    void isValidSubscribeSubject(String subject, boolean valid, boolean sub, boolean literal) {
        assertEquals(sub, Subjects.isValidSubscribeSubject(subject));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource("table")
    void isValidLiteralSubject(String subject, boolean valid, boolean sub, boolean literal) {
        byte[] bytes = subject.getBytes(StandardCharsets.UTF_8);
        assertEquals(literal, Subjects.isValidLiteralSubject(bytes, 0, bytes.length));
        // The same subject inside a larger buffer, surrounded by bytes that would change the answer.
        byte[] framed = ("*.." + subject + "..>").getBytes(StandardCharsets.UTF_8);
        assertEquals(literal, Subjects.isValidLiteralSubject(framed, 3, bytes.length));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource("table")
    void hasWildcardAgreesWithGoSubjectIsLiteral(String subject, boolean valid, boolean sub, boolean literal) {
        if (sub) {
            boolean tokensAreLiteral = Stream.of(subject.split("\\.", -1)).noneMatch(t -> t.equals("*") || t.equals(">"));
            assertEquals(!tokensAreLiteral, Subjects.hasWildcard(subject));
        }
    }

    @Test
    void literalSubjectWithinBufferIgnoresNeighbours() {
        byte[] line = "PUB foo.bar 5".getBytes(StandardCharsets.US_ASCII);
        assertTrue(Subjects.isValidLiteralSubject(line, 4, 7));
        assertFalse(Subjects.isValidLiteralSubject(line, 4, 0));
        assertFalse(Subjects.isValidLiteralSubject(line, 4, 4), "\"foo.\" has an empty last token");
        byte[] wild = "x.>".getBytes(StandardCharsets.US_ASCII);
        assertFalse(Subjects.isValidLiteralSubject(wild, 2, 1));
        assertTrue(Subjects.isValidLiteralSubject(wild, 0, 1));
    }

    @Test
    void reservedQueue() {
        assertTrue(Subjects.isReservedQueue("_sys_"));
        assertFalse(Subjects.isReservedQueue("_SYS_"));
        assertFalse(Subjects.isReservedQueue("_sys_x"));
        assertFalse(Subjects.isReservedQueue("workers"));
        assertFalse(Subjects.isReservedQueue(null));
    }
}
