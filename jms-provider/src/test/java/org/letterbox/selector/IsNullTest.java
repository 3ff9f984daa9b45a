package org.letterbox.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.letterbox.selector.SelectorTesting.assertInvalid;
import static org.letterbox.selector.SelectorTesting.truth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.letterbox.selector.SelectorTesting.Truth;

class IsNullTest {

    @Test
    void isNullIsTrueForAMissingProperty() {
        assertEquals(Truth.TRUE, truth("p IS NULL"));
    }

    @Test
    void isNullIsFalseForAPresentProperty() {
        assertEquals(Truth.FALSE, truth("p IS NULL", "p", ""));
        assertEquals(Truth.FALSE, truth("p IS NULL", "p", false));
    }

    @Test
    void isNotNullIsTheComplement() {
        assertEquals(Truth.FALSE, truth("p IS NOT NULL"));
        assertEquals(Truth.TRUE, truth("p IS NOT NULL", "p", 0));
    }

    @Test
    void isNullTurnsUnknownIntoTrueOrFalse() {
        // never UNKNOWN, so NOT of it is decided too
        assertEquals(Truth.FALSE, truth("NOT p IS NULL"));
        assertEquals(Truth.TRUE, truth("NOT p IS NOT NULL"));
    }

    @Test
    void isNullTestsNullHeaders() {
        assertEquals(Truth.TRUE, truth("JMSCorrelationID IS NULL"));
        assertEquals(Truth.TRUE, truth("JMSCorrelationID IS NOT NULL", "JMSCorrelationID", "c-1"));
    }

    @Test
    void isNullKeywordsAreCaseInsensitive() {
        assertEquals(Truth.TRUE, truth("p is null"));
        assertEquals(Truth.TRUE, truth("p Is Not Null", "p", 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1 IS NULL", "'a' IS NULL", "TRUE IS NOT NULL", "x + 1 IS NULL", "NULL IS NULL",
            "x IS", "x IS 5", "x IS NOT", "x IS NOT 5", "x IS TRUE", "x IS NULL NULL", "x IS NOT NULL NOT"})
    void isNullAppliesToAnIdentifierAndNullOnly(String selector) {
        assertInvalid(selector);
    }
}
