package org.letterbox.selector;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.letterbox.selector.SelectorTesting.matches;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LiteralTest {

    @Test
    void stringLiteralEqualsTheSameCharacters() {
        assertTrue(matches("s = 'literal'", "s", "literal"));
        assertFalse(matches("s = 'literal'", "s", "literals"));
    }

    @Test
    void doubledSingleQuoteStandsForOneQuote() {
        assertTrue(matches("s = 'literal''s'", "s", "literal's"));
        assertTrue(matches("s = ''''", "s", "'"));
    }

    @Test
    void emptyStringLiteralIsAValue() {
        assertTrue(matches("s = ''", "s", ""));
        assertFalse(matches("s = ''", "s", " "));
    }

    @Test
    void stringLiteralsAreCaseSensitive() {
        assertFalse(matches("s = 'Red'", "s", "red"));
    }

    @Test
    void stringLiteralsHoldAnyUnicodeAndKeepWhiteSpace() {
        assertTrue(matches("s = ' 日本 😀\tx '", "s", " 日本 😀\tx "));
    }

    @Test
    void stringLiteralMayContainReservedWordsAndOperators() {
        assertTrue(matches("s = 'a AND b OR NOT (c <> d)'", "s", "a AND b OR NOT (c <> d)"));
    }

    @Test
    void exactNumericLiteralIsALong() {
        assertTrue(matches("n = 57", "n", 57L));
    }

    @ParameterizedTest
    @CsvSource({"-957, -957", "+62, 62", "0, 0", "- 5, -5"})
    void exactNumericLiteralsMayBeSigned(String literal, long value) {
        assertTrue(matches("n = " + literal, "n", value));
    }

    @Test
    void longMinValueLiteralParses() {
        assertTrue(matches("n = -9223372036854775808", "n", Long.MIN_VALUE));
    }

    @Test
    void longMaxValueLiteralParses() {
        assertTrue(matches("n = 9223372036854775807", "n", Long.MAX_VALUE));
    }

    @ParameterizedTest
    @CsvSource({"0x1F, 31", "0X1f, 31", "017, 15", "0b101, 5", "0B101, 5", "0xFFFFFFFFFFFFFFFF, -1",
            "-0x10, -16", "00, 0"})
    void hexOctalAndBinaryLiteralsFollowJavaSyntax(String literal, long value) {
        assertTrue(matches("n = " + literal, "n", value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"57L", "57l", "1_000_000", "1__0", "0x7F_FF", "0_17"})
    void javaLongSuffixAndUnderscoresAreAccepted(String literal) {
        long expected = switch (literal) {
            case "57L", "57l" -> 57;
            case "1_000_000" -> 1_000_000;
            case "1__0" -> 10;
            case "0x7F_FF" -> 0x7FFF;
            default -> 15;
        };
        assertTrue(matches("n = " + literal, "n", expected));
    }

    @ParameterizedTest
    @CsvSource({"7E3, 7000", "-57.9E2, -5790", "7e-3, 0.007", "1.5E+2, 150", "1.e1, 10"})
    void approximateLiteralsInScientificNotation(String literal, double value) {
        assertTrue(matches("d = " + literal, "d", value));
    }

    @ParameterizedTest
    @CsvSource({"7., 7", "-95.7, -95.7", "+6.2, 6.2", ".5, 0.5", "0.25, 0.25", "08.5, 8.5"})
    void approximateLiteralsWithADecimalPoint(String literal, double value) {
        assertTrue(matches("d = " + literal, "d", value));
    }

    @ParameterizedTest
    @CsvSource({"2.5F, 2.5", "2.5f, 2.5", "2.5D, 2.5", "2.5d, 2.5", "1f, 1", "1d, 1", "1e1f, 10"})
    void floatAndDoubleSuffixesAreAccepted(String literal, double value) {
        assertTrue(matches("d = " + literal, "d", value));
    }

    @Test
    void floatSuffixRoundsToFloatPrecisionAsInJava() {
        assertTrue(matches("f = 1.1F", "f", 1.1f));
        assertFalse(matches("d = 1.1F", "d", 1.1d), "1.1F == 1.1 is false in Java too");
        assertTrue(matches("d = 1.1", "d", 1.1d));
    }

    @Test
    void hexFloatingPointLiteralsFollowJavaSyntax() {
        assertTrue(matches("d = 0x1.8p1", "d", 3.0));
        assertTrue(matches("d = 0x1p-2", "d", 0.25));
    }

    @Test
    void exactLiteralsCompareExactlyBeyondDoublePrecision() {
        // 2^53 + 1 is not representable as a double; long comparison must not round it
        assertTrue(matches("n = 9007199254740993", "n", 9_007_199_254_740_993L));
        assertFalse(matches("n = 9007199254740993", "n", 9_007_199_254_740_992L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"TRUE", "true", "True", "tRuE"})
    void trueLiteralIsCaseInsensitive(String literal) {
        assertTrue(matches("b = " + literal, "b", true));
        assertTrue(matches(literal));
    }

    @ParameterizedTest
    @ValueSource(strings = {"FALSE", "false", "False"})
    void falseLiteralIsCaseInsensitive(String literal) {
        assertTrue(matches("b = " + literal, "b", false));
        assertFalse(matches(literal));
    }
}
