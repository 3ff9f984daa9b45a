package org.letterbox.selector;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.letterbox.selector.SelectorTesting.assertInvalid;
import static org.letterbox.selector.SelectorTesting.matches;

import jakarta.jms.InvalidSelectorException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class InvalidSelectorTest {

    static Stream<String> invalidSelectors() {
        return Stream.of(
                // incomplete
                "a =", "a = ", "NOT", "NOT NOT", "a AND", "a OR", "AND a", "OR a", "a = 1 AND", "(", ")", "()",
                "(a = 1", "a = 1)", "((a = 1)", "a = (1", "a +", "a = 1 +", "- ",
                // trailing garbage
                "a = 1 b", "a = 1 2", "a = 1 'x'", "a = 1 TRUE", "a = b = c", "a IS NULL IS NULL",
                "x BETWEEN 1 AND 2 BETWEEN 3 AND 4", "a = 1 ;",
                // not a condition at the top level
                "1 + 2", "'abc'", "5", "2.5", "x + 1", "-x", "(1)", "(x * 2)",
                // logic on non-conditions
                "NOT 5", "NOT 'a'", "5 AND x", "x OR 'a'", "TRUE AND 1", "NOT (1 + 2)",
                // strings
                "name = 'unterminated", "'", "a = 'b''", "a = \"b\"",
                // characters and operators outside the language
                "a == 1", "a != 1", "a >< 1", "a => 1", "a =< 1", "a = #", "a = 1 % 2", "a.b = 1", "a = .",
                "/* c */ a = 1", "a = 1 ^ 2", "a = [1]", "a = {1}", "a ! = 1", "a = `b`", "a = 1 & 2",
                // comparison typing that the text alone decides
                "'a' > 'b'", "'a' < x", "x >= TRUE", "TRUE < FALSE", "'a' + 1 = 2",
                // IN, LIKE, BETWEEN, IS misuse
                "x IN (1, 2)", "x IN ()", "x IN 'a'", "x NOT 5", "x NOT = 5", "x NOT IS NULL", "x LIKE 5",
                "x LIKE 'a' ESCAPE 'ab'", "x BETWEEN 1", "x BETWEEN 1 AND", "x BETWEEN 1 OR 2",
                "x BETWEEN AND 2", "x IS", "1 IS NULL",
                // NULL outside IS NULL
                "x = NULL", "NULL", "NULL IS NULL",
                // reserved words as identifiers
                "AND = 1", "and = 1", "Between = 1", "escape = 1", "is = 1", "in = 1", "like = 1", "or = 1",
                "not = 1", "null = 1", "true = false = 1",
                // numeric literals
                "x = 9223372036854775808", "9223372036854775808 = x", "x = 99999999999999999999",
                "x = -9223372036854775809", "x = 0x1FFFFFFFFFFFFFFFF", "x = 1e400", "x = -1e400", "x = 1e-400",
                "x = 1e39f", "x = 08", "x = 1_", "x = 0x_1", "x = 1._5", "x = 1.2.3", "x = 1e", "x = 1e+",
                "x = 12ab", "x = 5AND y = 1", "x = 0x", "x = 0xG", "x = 0b2", "x = 0b", "x = 1LL", "x = 1.5L",
                "x = 0x1.8", "x = 1f5");
    }

    @ParameterizedTest
    @MethodSource("invalidSelectors")
    void invalidSelectorIsRejected(String selector) {
        assertInvalid(selector);
    }

    @ParameterizedTest(name = "\"{0}\" fails at position {1}")
    @CsvSource(delimiter = '|', value = {
            "a =|3", "a = 1 AND|9", "a = 1 b|6", "name = 'open|7", "x IN (1)|6", "a = #|4", "NOT|3", "(a = 1|6",
            "x = 9223372036854775808|4", "'a' > 'b'|0", "1 + 2|0", "x LIKE 'a' ESCAPE 'ab'|18", "and = 1|0"})
    void errorMessageNamesThePosition(String selector, int position) {
        InvalidSelectorException e = assertInvalid(selector);
        assertTrue(e.getMessage().contains("at position " + position + " "),
                () -> "message should name position " + position + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(selector), () -> "message should quote the selector: " + e.getMessage());
    }

    @Test
    void deepParenthesesAreRejectedNotAStackOverflow() {
        int depth = SelectorParser.MAX_NESTING + 1;
        assertInvalid("(".repeat(depth) + "x" + ")".repeat(depth));
        assertInvalid("NOT ".repeat(depth) + "x");
        assertInvalid("x = " + "-".repeat(depth) + "y");
    }

    @Test
    void nestingWithinTheLimitIsAccepted() {
        int depth = SelectorParser.MAX_NESTING;
        assertTrue(matches("(".repeat(depth) + "x" + ")".repeat(depth), "x", true));
    }

    @Test
    void deepArithmeticChainIsRejectedNotAStackOverflow() {
        assertInvalid("x" + " + 1".repeat(SelectorParser.MAX_DEPTH + 1) + " > 0");
    }

    @Test
    void longArithmeticChainWithinTheLimitIsAccepted() {
        assertTrue(matches("x" + " + 1".repeat(500) + " = 500", "x", 0));
    }
}
