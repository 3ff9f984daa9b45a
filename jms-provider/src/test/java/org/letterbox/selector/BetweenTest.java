package org.letterbox.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.letterbox.selector.SelectorTesting.assertInvalid;
import static org.letterbox.selector.SelectorTesting.truth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.letterbox.selector.SelectorTesting.Truth;

class BetweenTest {

    @ParameterizedTest(name = "age={0}: BETWEEN 15 AND 19 is {1}")
    @CsvSource({"14, FALSE", "15, TRUE", "17, TRUE", "19, TRUE", "20, FALSE"})
    void betweenIncludesBothBounds(int age, Truth expected) {
        assertEquals(expected, truth("age BETWEEN 15 AND 19", "age", age));
    }

    @ParameterizedTest(name = "age={0}: NOT BETWEEN 15 AND 19 is {1}")
    @CsvSource({"14, TRUE", "15, FALSE", "17, FALSE", "19, FALSE", "20, TRUE"})
    void notBetweenExcludesBothBounds(int age, Truth expected) {
        assertEquals(expected, truth("age NOT BETWEEN 15 AND 19", "age", age));
    }

    @Test
    void boundsMayBeArithmeticExpressions() {
        assertEquals(Truth.TRUE, truth("x BETWEEN lo + 1 AND lo * 3", "x", 6, "lo", 2));
        assertEquals(Truth.TRUE, truth("x * 2 BETWEEN -10 AND -2", "x", -3));
    }

    @Test
    void betweenPromotesExactAndApproximateNumbers() {
        assertEquals(Truth.TRUE, truth("x BETWEEN 15 AND 16", "x", 15.5));
        assertEquals(Truth.TRUE, truth("x BETWEEN 14.5 AND 15.5", "x", (short) 15));
        assertEquals(Truth.FALSE, truth("x BETWEEN 15.01 AND 16", "x", 15L));
    }

    @Test
    void andAfterTheUpperBoundIsALogicalAnd() {
        assertEquals("((x BETWEEN 1 AND 3) AND (y = 2))", SelectorTesting.structure("x BETWEEN 1 AND 3 AND y = 2"));
        assertEquals(Truth.TRUE, truth("x BETWEEN 1 AND 3 AND y = 2", "x", 2, "y", 2));
    }

    @Test
    void emptyRangeMatchesNothing() {
        assertEquals(Truth.FALSE, truth("x BETWEEN 19 AND 15", "x", 17));
    }

    @Test
    void betweenWithNullValueIsUnknown() {
        assertEquals(Truth.UNKNOWN, truth("x BETWEEN 1 AND 3"));
    }

    @Test
    void notBetweenWithNullValueIsUnknown() {
        assertEquals(Truth.UNKNOWN, truth("x NOT BETWEEN 1 AND 3"));
    }

    @Test
    void nullBoundFollowsTheSpecEquivalence() {
        // "x BETWEEN lo AND 19" is "x >= lo AND x <= 19": UNKNOWN AND TRUE, UNKNOWN AND FALSE
        assertEquals(Truth.UNKNOWN, truth("x BETWEEN lo AND 19", "x", 17));
        assertEquals(Truth.FALSE, truth("x BETWEEN lo AND 19", "x", 25));
        // "x NOT BETWEEN lo AND 19" is "x < lo OR x > 19": UNKNOWN OR FALSE, UNKNOWN OR TRUE
        assertEquals(Truth.UNKNOWN, truth("x NOT BETWEEN lo AND 19", "x", 17));
        assertEquals(Truth.TRUE, truth("x NOT BETWEEN lo AND 19", "x", 25));
    }

    @Test
    void nonNumericValueIsFalseForBetweenAndNotBetween() {
        assertEquals(Truth.FALSE, truth("x BETWEEN 1 AND 3", "x", "2"));
        assertEquals(Truth.FALSE, truth("x NOT BETWEEN 1 AND 3", "x", "2"));
        assertEquals(Truth.FALSE, truth("x BETWEEN 1 AND 3", "x", true));
    }

    @Test
    void betweenKeywordsAreCaseInsensitive() {
        assertEquals(Truth.TRUE, truth("x between 1 and 3", "x", 2));
        assertEquals(Truth.TRUE, truth("x not Between 1 AnD 3", "x", 4));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x BETWEEN 'a' AND 'c'", "x BETWEEN 1 AND 'c'", "'b' BETWEEN 1 AND 2",
            "x BETWEEN TRUE AND 2", "x NOT BETWEEN 1 AND FALSE"})
    void betweenWithStringOrBooleanLiteralIsRejected(String selector) {
        assertInvalid(selector);
    }
}
