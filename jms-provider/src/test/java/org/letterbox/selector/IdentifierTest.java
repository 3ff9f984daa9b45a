package org.letterbox.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.letterbox.selector.SelectorTesting.assertInvalid;
import static org.letterbox.selector.SelectorTesting.matches;
import static org.letterbox.selector.SelectorTesting.truth;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.letterbox.selector.SelectorTesting.Truth;

class IdentifierTest {

    @Test
    void identifiersAreCaseSensitive() {
        assertTrue(matches("Color = 'red'", "Color", "red"));
        assertFalse(matches("color = 'red'", "Color", "red"));
        assertFalse(matches("COLOR = 'red'", "Color", "red"));
    }

    @Test
    void identifiersFollowJavaIdentifierRules() {
        assertTrue(matches("_private = 1", "_private", 1));
        assertTrue(matches("$cost = 1", "$cost", 1));
        assertTrue(matches("a1_b$2 = 1", "a1_b$2", 1));
    }

    @Test
    void unicodeLettersFormIdentifiers() {
        assertTrue(matches("größe = 1", "größe", 1));
        assertTrue(matches("価格 > 100", "価格", 101));
    }

    @Test
    void missingPropertyIsNull() {
        assertEquals(Truth.UNKNOWN, truth("absent = 1"));
        assertTrue(matches("absent IS NULL"));
    }

    @Test
    void propertyWithNullValueIsTheSameAsMissing() {
        assertEquals(Truth.UNKNOWN, truth("p = 1", "p", null));
        assertTrue(matches("p IS NULL", "p", null));
    }

    @ParameterizedTest
    @CsvSource({
            "JMSDeliveryMode = 'PERSISTENT', JMSDeliveryMode, PERSISTENT",
            "JMSDeliveryMode = 'NON_PERSISTENT', JMSDeliveryMode, NON_PERSISTENT",
            "JMSMessageID = 'ID:42', JMSMessageID, ID:42",
            "JMSCorrelationID = 'order-7', JMSCorrelationID, order-7",
            "JMSType = 'car', JMSType, car"})
    void stringHeaderIdentifiersAreSelectable(String selector, String header, String value) {
        assertTrue(matches(selector, header, value));
    }

    @Test
    void numericHeaderIdentifiersAreSelectable() {
        assertTrue(matches("JMSPriority > 4", "JMSPriority", 7));
        assertTrue(matches("JMSPriority BETWEEN 0 AND 9", "JMSPriority", 0));
        assertTrue(matches("JMSTimestamp >= 1700000000000", "JMSTimestamp", 1_700_000_000_123L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"JMSMessageID", "JMSCorrelationID", "JMSType"})
    void nullableHeadersWithoutValueAreNull(String header) {
        assertTrue(matches(header + " IS NULL"));
        assertEquals(Truth.UNKNOWN, truth(header + " = 'x'"));
    }

    @Test
    void jmsxAndProviderPrefixedNamesAreProperties() {
        assertTrue(matches("JMSXDeliveryCount > 1", "JMSXDeliveryCount", 2));
        assertTrue(matches("JMSXGroupID = 'g1'", "JMSXGroupID", "g1"));
        assertTrue(matches("JMS_letterbox_origin = 'eu'", "JMS_letterbox_origin", "eu"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"JMSDestination", "JMSReplyTo", "JMSExpiration", "JMSRedelivered", "JMSDeliveryTime"})
    void nonSelectableHeaderNamesAreOrdinaryIdentifiers(String name) {
        // not selectable per spec; accepted and read from the context, which normally has no value
        assertTrue(matches(name + " IS NULL"));
        assertTrue(matches(name + " = 5", name, 5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"NULL", "TRUE", "FALSE", "NOT", "AND", "OR", "BETWEEN", "LIKE", "IN", "IS", "ESCAPE"})
    void reservedWordsCannotBeIdentifiersInAnyCase(String word) {
        for (String spelling : new String[] {word, word.toLowerCase(Locale.ROOT), mixedCase(word)}) {
            assertInvalid(spelling + " IS NULL");
            assertInvalid("x = 1 AND " + spelling + " IN ('a')");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"notes", "ORDER", "Island", "android", "INx", "IS_", "nullable", "TRUEST", "escaped"})
    void namesThatOnlyContainReservedWordsAreIdentifiers(String name) {
        assertTrue(matches(name + " = 1", name, 1));
    }

    @Test
    void reservedWordsAreRecognizedInAsciiOnly() {
        // Turkish dotless i upper-cases to I; "ın" must still be an identifier, not IN
        assertTrue(matches("ın = 'a'", "ın", "a"));
    }

    @Test
    void identifierIsReadFromEachMessage() {
        Selector selector = SelectorTesting.compile("n = 1");
        assertTrue(selector.matches(MapContext.of("n", 1)));
        assertFalse(selector.matches(MapContext.of("n", 2)));
    }

    @Test
    void identifierComparesWithAnotherIdentifier() {
        assertTrue(matches("a = b", "a", "x", "b", "x"));
        assertTrue(matches("a < b", "a", 1, "b", 2.5));
    }

    private static String mixedCase(String word) {
        StringBuilder result = new StringBuilder();
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            result.append(i % 2 == 0 ? Character.toLowerCase(c) : c);
        }
        return result.toString();
    }
}
