package io.natsj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every error the lexer and parser can report, with the message nats-server 2.9.10 prints for the
 * same file (each expected text was taken from {@code nats-server -t -c} / the conf package on that
 * file). An {@code @} in an expected message stands for the directory the file is in.
 */
class ConfigParserErrorTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void files() throws Exception {
        Files.createDirectory(dir.resolve("sub"));
        Files.writeString(dir.resolve("bad.conf"), "x: \"\n");
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("array_bad_terminator", "a [ 1 2 ]\n",
                        "Parse error on line 1: 'Expected an array value terminator \",\" or an array terminator \"]\", but got '2' instead.'"),
                Arguments.of("array_leading_comma", "a [ , 1 ]\n",
                        "Parse error on line 1: 'Unexpected array value terminator ','.'"),
                Arguments.of("array_number_bracket", "a [1, 2]\n",
                        "Parse error on line 2: 'Expected an array value terminator \",\" or an array terminator \"]\", but got '\0' instead.'"),
                Arguments.of("bad_escape", "a: \"\\q\"\n",
                        "Parse error on line 1: 'Invalid escape character 'q'. Only the following escape characters are allowed: \\xXX, \\t, \\n, \\r, \\\", \\\\.'"),
                Arguments.of("bad_escape_bare", "a: C:\\dir\n",
                        "Parse error on line 1: 'Invalid escape character 'd'. Only the following escape characters are allowed: \\xXX, \\t, \\n, \\r, \\\", \\\\.'"),
                Arguments.of("bad_hex", "a: \"\\xZZ\"\n",
                        "Parse error on line 1: 'Expected two hexadecimal digits after '\\x', but got 'ZZ''"),
                Arguments.of("date_bad_digit", "a: 2016-0x-04T18:53:41Z\n",
                        "Parse error on line 1: 'Expected digit in ISO8601 datetime, but found 'x' instead.'"),
                Arguments.of("date_bad_sep", "a: 2016-05-04 18:53:41Z\n",
                        "Parse error on line 1: 'Expected 'T' in ISO8601 datetime, but found ' ' instead.'"),
                Arguments.of("date_out_of_range", "a: 2016-13-04T18:53:41Z\n",
                        "expected Zulu formatted DateTime, but got '2016-13-04T18:53:41Z'"),
                Arguments.of("date_short", "a: 10-20\n",
                        "Parse error on line 1: 'All ISO8601 dates must be in full Zulu form.'"),
                Arguments.of("float_leading_dot", "a: .5\n",
                        "Parse error on line 1: 'Floats must start with a digit'"),
                Arguments.of("float_no_digit", "a: 1.\n",
                        "Parse error on line 2: 'Floats must have a digit after the '.', but got '\\n' instead.'"),
                Arguments.of("float_range", "a: 1" + "0".repeat(400) + ".5\n",
                        "float '1" + "0".repeat(400) + ".5' is out of the range"),
                Arguments.of("hex_eol", "a: \"\\x\n\"\n",
                        "Parse error on line 2: 'Expected two hexadecimal digits after '\\x', but hit end of line'"),
                Arguments.of("include_array", "include [a]\n",
                        "Parse error on line 1: 'Expected include value but found start of an array'"),
                Arguments.of("include_bad_content", "include bad.conf\n",
                        "error parsing include file 'bad.conf', Parse error on line 2: 'Unexpected EOF.'"),
                Arguments.of("include_block", "include (a)\n",
                        "Parse error on line 1: 'Expected include value but found start of a block'"),
                Arguments.of("include_dir", "include sub\n",
                        "error parsing include file 'sub', read @sub: is a directory"),
                Arguments.of("include_escape", "include \\a\n",
                        "Parse error on line 1: 'Expected include value but found escape sequence'"),
                Arguments.of("include_map", "include {a}\n",
                        "Parse error on line 1: 'Expected include value but found start of a map'"),
                Arguments.of("include_missing", "include nope.conf\n",
                        "error parsing include file 'nope.conf', open @nope.conf: no such file or directory"),
                Arguments.of("include_newline", "include \n",
                        "Parse error on line 2: 'Expected include value but found new line'"),
                Arguments.of("include_number", "include 1.conf\n",
                        "Parse error on line 1: 'Expected include value but found start of a number'"),
                Arguments.of("include_unterminated_dq", "include \"a.conf\n",
                        "Parse error on line 2: 'Unexpected EOF in double quoted include'"),
                Arguments.of("include_unterminated_sq", "include 'a.conf",
                        "Parse error on line 1: 'Unexpected EOF in quoted include'"),
                Arguments.of("int_non_ascii", "a: \u0661\u0662\n",
                        "expected integer, but got '\u0661\u0662'"),
                Arguments.of("int_range", "a: 9223372036854775808\n",
                        "integer '9223372036854775808' is out of the range"),
                Arguments.of("lone_slash", "/ a\n",
                        "Parse error on line 1: 'Unexpected EOF.'"),
                Arguments.of("map_array_end", "a { ] }\n",
                        "Parse error on line 1: 'Unexpected array end ']' processing map.'"),
                Arguments.of("map_bad_terminator", "a { b: 1 c: 2 }\n",
                        "Parse error on line 1: 'Expected a map value terminator \",\" or a map terminator \"}\", but got 'c' instead.'"),
                Arguments.of("map_eof", "a {",
                        "Parse error on line 1: 'Unexpected EOF processing map.'"),
                Arguments.of("map_key_eof", "a { b",
                        "Parse error on line 1: 'Unexpected EOF processing map key.'"),
                Arguments.of("map_key_separator", "a { = 1 }\n",
                        "Parse error on line 1: 'Unexpected key separator '='.'"),
                Arguments.of("map_value_comma", "a { b: , }\n",
                        "Parse error on line 1: 'Unexpected map value terminator \",\".'"),
                Arguments.of("missing_value_newline", "a =\n",
                        "Parse error on line 2: 'Expected value but found new line'"),
                Arguments.of("neg_dot", "a: -.5\n",
                        "Parse error on line 1: 'Floats must start with a digit, not '.'.'"),
                Arguments.of("neg_not_digit", "a: -x\n",
                        "Parse error on line 1: 'Expected a digit but got 'x'.'"),
                Arguments.of("top_bad_end", "a: 1 2\n",
                        "Parse error on line 1: 'Expected a top-level value to end with a new line, comment or EOF, but got '2' instead.'"),
                Arguments.of("top_key_separator", ": 1\n",
                        "Parse error on line 1: 'Unexpected key separator ':''"),
                Arguments.of("unterminated_array", "a [\n 1\n",
                        "Parse error on line 3: 'Expected an array value terminator \",\" or an array terminator \"]\", but got '\0' instead.'"),
                Arguments.of("unterminated_block", "a: (\nfoo\n",
                        "Parse error on line 3: 'Unexpected EOF processing block.'"),
                Arguments.of("unterminated_dq", "a: \"abc\n",
                        "Parse error on line 2: 'Unexpected EOF.'"),
                Arguments.of("unterminated_map", "a {\n b: 1\n",
                        "Parse error on line 3: 'Unexpected EOF processing map.'"),
                Arguments.of("unterminated_map_quoted_key", "a { \"b",
                        "Parse error on line 1: 'Unexpected EOF processing double quoted map key.'"),
                Arguments.of("unterminated_map_sq_key", "a { 'b",
                        "Parse error on line 1: 'Unexpected EOF processing quoted map key.'"),
                Arguments.of("unterminated_quoted_key", "\"abc",
                        "Parse error on line 1: 'Unexpected EOF.'"),
                Arguments.of("unterminated_sq", "a: 'abc",
                        "Parse error on line 1: 'Unexpected EOF.'"),
                Arguments.of("var_empty_name", "a: $\n",
                        "variable reference for '' on line 1 can not be found"),
                Arguments.of("var_missing", "a: $NOPE_NOT_SET\n",
                        "variable reference for 'NOPE_NOT_SET' on line 1 can not be found"),
                Arguments.of("var_unparsable", "a: $BADENV\n",
                        "variable reference for 'BADENV' on line 1 could not be parsed: Parse error on line 1: 'Expected a top-level value to end with a new line, comment or EOF, but got 'y' instead.'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void refusedWithNatsServersMessage(String name, String text, String expected) {
        Map<String, String> env = Map.of("BADENV", "x y");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigParser.parse(text, dir.resolve(name + ".conf"), env::get));
        assertEquals(expected.replace("@", dir + "/"), e.getMessage());
        assertEquals(List.of(e.getMessage()), e.problems());
    }
}
