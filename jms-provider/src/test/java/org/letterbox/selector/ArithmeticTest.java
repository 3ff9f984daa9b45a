package org.letterbox.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.letterbox.selector.SelectorTesting.assertInvalid;
import static org.letterbox.selector.SelectorTesting.matches;
import static org.letterbox.selector.SelectorTesting.truth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.letterbox.selector.SelectorTesting.Truth;

class ArithmeticTest {

    @Test
    void addition() {
        assertTrue(matches("x + 2 = 9", "x", 7));
    }

    @Test
    void subtraction() {
        assertTrue(matches("x - 2 = 5", "x", 7));
    }

    @Test
    void multiplication() {
        assertTrue(matches("x * 2 = 14", "x", 7));
    }

    @Test
    void division() {
        assertTrue(matches("x / 7 = 1", "x", 7));
    }

    @Test
    void unaryMinusNegates() {
        assertTrue(matches("-x = -7", "x", 7));
        assertTrue(matches("-x = 2.5", "x", -2.5));
        assertTrue(matches("- -x = 7", "x", 7));
    }

    @Test
    void unaryPlusKeepsTheValue() {
        assertTrue(matches("+x = 7", "x", 7));
        assertTrue(matches("+x = -2.5", "x", -2.5f));
    }

    @Test
    void integralDivisionTruncatesAsInJava() {
        assertTrue(matches("x / 2 = 3", "x", 7));
        assertTrue(matches("x / 2 = -3", "x", -7));
    }

    @Test
    void anApproximateOperandMakesTheResultApproximate() {
        assertTrue(matches("x / 2.0 = 3.5", "x", 7));
        assertTrue(matches("x / 2 = 3.5", "x", 7.0f));
        assertTrue(matches("x + y = 7.5", "x", (short) 5, "y", 2.5d));
    }

    @Test
    void integralPropertiesComputeAsLong() {
        // int arithmetic would overflow to a negative number here
        assertTrue(matches("x + 1 = 2147483648", "x", Integer.MAX_VALUE));
        assertTrue(matches("x * x = 16129", "x", (byte) 127));
    }

    @Test
    void longOverflowWrapsAsInJava() {
        assertTrue(matches("x + 1 < x", "x", Long.MAX_VALUE));
    }

    @Test
    void multiplicationAndDivisionBindTighterThanAdditionAndSubtraction() {
        assertTrue(matches("2 + 3 * 4 = 14"));
        assertTrue(matches("20 - 12 / 4 = 17"));
        assertEquals("((2 + (3 * 4)) = 14)", SelectorTesting.structure("2 + 3 * 4 = 14"));
    }

    @Test
    void unaryMinusBindsTighterThanMultiplication() {
        assertEquals("((((-x) * 2) + 1) = y)", SelectorTesting.structure("-x * 2 + 1 = y"));
    }

    @Test
    void operatorsOfOneLevelGroupLeftToRight() {
        assertTrue(matches("10 - 4 - 3 = 3"));
        assertTrue(matches("24 / 4 / 2 = 3"));
        assertTrue(matches("10 - 4 + 3 = 9"));
    }

    @Test
    void parenthesesOverrideArithmeticPrecedence() {
        assertTrue(matches("(2 + 3) * 4 = 20"));
        assertTrue(matches("10 - (4 - 3) = 9"));
    }

    @Test
    void integralDivisionByZeroIsUnknown() {
        assertEquals(Truth.UNKNOWN, truth("x / 0 = 1", "x", 1));
        assertEquals(Truth.UNKNOWN, truth("x / y > 1", "x", 1, "y", 0L));
    }

    @Test
    void approximateDivisionByZeroIsInfinityOrNaNAsInJava() {
        assertEquals(Truth.TRUE, truth("x / 0.0 > 1E308", "x", 1));
        assertEquals(Truth.TRUE, truth("x / 0 < -1E308", "x", -1.0));
        assertEquals(Truth.FALSE, truth("x / 0.0 = x / 0.0", "x", 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"s + 1 = 2", "s - 1 = 0", "s * 1 = 1", "s / 1 = 1", "1 + s = 2", "-s = -1", "+s = 1"})
    void arithmeticOnAStringIsUnknown(String selector) {
        assertEquals(Truth.UNKNOWN, truth(selector, "s", "1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"b + 1 = 2", "-b = 1", "b * 2 = 2"})
    void arithmeticOnABooleanIsUnknown(String selector) {
        assertEquals(Truth.UNKNOWN, truth(selector, "b", true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"'a' + 1 = 2", "1 - 'a' = 1", "TRUE * 2 = 2", "2 / FALSE = 1", "-'a' = 1", "+TRUE = 1",
            "(x > 1) + 1 = 2", "x * (y = 1) = 1"})
    void arithmeticOnAStringOrBooleanLiteralIsRejected(String selector) {
        assertInvalid(selector);
    }
}
