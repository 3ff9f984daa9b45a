package org.letterbox.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.letterbox.selector.SelectorTesting.assertInvalid;
import static org.letterbox.selector.SelectorTesting.truth;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.letterbox.selector.SelectorTesting.Truth;

class InTest {

    @ParameterizedTest(name = "Country={0}: IN is {1}")
    @CsvSource({"UK, TRUE", "US, TRUE", "France, TRUE", "Peru, FALSE", "uk, FALSE"})
    void inMatchesAnyListedString(String country, Truth expected) {
        assertEquals(expected, truth("Country IN ('UK', 'US', 'France')", "Country", country));
    }

    @ParameterizedTest(name = "Country={0}: NOT IN is {1}")
    @CsvSource({"UK, FALSE", "US, FALSE", "France, FALSE", "Peru, TRUE"})
    void notInIsTheComplement(String country, Truth expected) {
        assertEquals(expected, truth("Country NOT IN ('UK', 'US', 'France')", "Country", country));
    }

    @Test
    void singleElementList() {
        assertEquals(Truth.TRUE, truth("x IN ('a')", "x", "a"));
    }

    @Test
    void listElementsMayHoldQuotesEmptyStringsAndDuplicates() {
        assertEquals(Truth.TRUE, truth("x IN ('O''Brien', '', 'a', 'a')", "x", "O'Brien"));
        assertEquals(Truth.TRUE, truth("x IN ('O''Brien', '', 'a', 'a')", "x", ""));
    }

    @Test
    void inWithNullIsUnknown() {
        assertEquals(Truth.UNKNOWN, truth("x IN ('a', 'b')"));
    }

    @Test
    void notInWithNullIsUnknown() {
        assertEquals(Truth.UNKNOWN, truth("x NOT IN ('a', 'b')"));
    }

    @Test
    void nonStringValueIsFalseForInAndNotIn() {
        assertEquals(Truth.FALSE, truth("x IN ('1', '2')", "x", 1));
        assertEquals(Truth.FALSE, truth("x NOT IN ('1', '2')", "x", 3));
        assertEquals(Truth.FALSE, truth("x NOT IN ('true')", "x", true));
    }

    @Test
    void inKeywordsAreCaseInsensitive() {
        assertEquals(Truth.TRUE, truth("x in ('a')", "x", "a"));
        assertEquals(Truth.TRUE, truth("x Not In ('a')", "x", "b"));
    }

    @Test
    void headerIdentifiersWorkWithIn() {
        assertEquals(Truth.TRUE, truth("JMSType IN ('car', 'truck')", "JMSType", "truck"));
        assertEquals(Truth.TRUE, truth("JMSDeliveryMode IN ('PERSISTENT')", "JMSDeliveryMode", "PERSISTENT"));
    }

    @Test
    void largeListIsLookedUpNotScanned() {
        String list = IntStream.range(0, 10_000).mapToObj(i -> "'v" + i + "'").collect(Collectors.joining(", "));
        assertEquals(Truth.TRUE, truth("x IN (" + list + ")", "x", "v9999"));
        assertEquals(Truth.FALSE, truth("x IN (" + list + ")", "x", "v10000"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x IN (1, 2)", "x IN ('a', 2)", "x IN (2.5)", "x IN (TRUE)", "x IN (y)", "x IN (NULL)",
            "x IN ()", "x IN 'a'", "x IN ('a'", "x IN ('a',)", "x IN ('a' 'b')", "x NOT IN (1)"})
    void inListHoldsStringLiteralsOnly(String selector) {
        assertInvalid(selector);
    }

    @ParameterizedTest
    @ValueSource(strings = {"'a' IN ('a')", "1 IN ('a')", "x + 1 IN ('a')", "TRUE IN ('a')"})
    void inAppliesToIdentifiersOnly(String selector) {
        assertInvalid(selector);
    }
}
