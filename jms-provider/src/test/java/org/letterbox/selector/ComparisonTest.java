package org.letterbox.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.letterbox.selector.SelectorTesting.assertInvalid;
import static org.letterbox.selector.SelectorTesting.truth;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.letterbox.selector.SelectorTesting.Truth;

class ComparisonTest {

    @ParameterizedTest(name = "{0} with n=5 is {1}")
    @CsvSource({
            "n = 5, TRUE", "n = 6, FALSE",
            "n <> 6, TRUE", "n <> 5, FALSE",
            "n < 6, TRUE", "n < 5, FALSE",
            "n <= 5, TRUE", "n <= 4, FALSE",
            "n > 4, TRUE", "n > 5, FALSE",
            "n >= 5, TRUE", "n >= 6, FALSE"})
    void everyComparisonOperatorOnExactNumbers(String selector, Truth expected) {
        assertEquals(expected, truth(selector, "n", 5L));
    }

    @ParameterizedTest(name = "{0} with d=2.5 is {1}")
    @CsvSource({
            "d = 2.5, TRUE", "d = 2.6, FALSE",
            "d <> 2.6, TRUE", "d <> 2.5, FALSE",
            "d < 2.6, TRUE", "d < 2.5, FALSE",
            "d <= 2.5, TRUE", "d <= 2.4, FALSE",
            "d > 2.4, TRUE", "d > 2.5, FALSE",
            "d >= 2.5, TRUE", "d >= 2.6, FALSE"})
    void everyComparisonOperatorOnApproximateNumbers(String selector, Truth expected) {
        assertEquals(expected, truth(selector, "d", 2.5d));
    }

    @ParameterizedTest(name = "{0} with n=5 (int) is {1}")
    @CsvSource({"n = 5.0, TRUE", "n < 5.5, TRUE", "n > 4.99, TRUE", "n >= 5.01, FALSE", "n <> 5.0, FALSE"})
    void exactAndApproximateNumbersCompareAfterPromotion(String selector, Truth expected) {
        assertEquals(expected, truth(selector, "n", 5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"byte", "short", "int", "long", "float", "double"})
    void everyNumericPropertyTypeCompares(String type) {
        Object seven = switch (type) {
            case "byte" -> (byte) 7;
            case "short" -> (short) 7;
            case "int" -> 7;
            case "long" -> 7L;
            case "float" -> 7f;
            default -> 7d;
        };
        assertEquals(Truth.TRUE, truth("x = 7", "x", seven));
        assertEquals(Truth.TRUE, truth("x > 6.5", "x", seven));
        assertEquals(Truth.TRUE, truth("x < 8", "x", seven));
        assertEquals(Truth.TRUE, truth("x = y", "x", seven, "y", 7L));
    }

    @Test
    void floatPropertyPromotesToDoubleAsInJava() {
        assertEquals(Truth.FALSE, truth("f = 1.1", "f", 1.1f), "(double) 1.1f != 1.1");
        assertEquals(Truth.TRUE, truth("f = 0.5", "f", 0.5f));
    }

    @Test
    void notANumberComparesAsInJava() {
        assertEquals(Truth.FALSE, truth("d = d", "d", Double.NaN));
        assertEquals(Truth.TRUE, truth("d <> d", "d", Double.NaN));
        assertEquals(Truth.FALSE, truth("d > 0", "d", Double.NaN));
    }

    @Test
    void stringsSupportEqualsAndNotEquals() {
        assertEquals(Truth.TRUE, truth("s = 'blue'", "s", "blue"));
        assertEquals(Truth.FALSE, truth("s = 'blue'", "s", "Blue"));
        assertEquals(Truth.TRUE, truth("s <> 'blue'", "s", "red"));
        assertEquals(Truth.FALSE, truth("s <> 'blue'", "s", "blue"));
    }

    @Test
    void booleansSupportEqualsAndNotEquals() {
        assertEquals(Truth.TRUE, truth("b = TRUE", "b", true));
        assertEquals(Truth.FALSE, truth("b = TRUE", "b", false));
        assertEquals(Truth.TRUE, truth("b <> TRUE", "b", false));
        assertEquals(Truth.TRUE, truth("TRUE = TRUE"));
        assertEquals(Truth.TRUE, truth("TRUE <> FALSE"));
    }

    @Test
    void conditionsCompareAsBooleans() {
        assertEquals(Truth.TRUE, truth("(n > 1) = TRUE", "n", 2));
        assertEquals(Truth.TRUE, truth("(n > 1) = (m > 1)", "n", 2, "m", 3));
        assertEquals(Truth.TRUE, truth("(n > 1) <> (m > 1)", "n", 2, "m", 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"'a' > 'b'", "'a' < s", "s >= 'a'", "s <= 'a'", "b > TRUE", "FALSE < TRUE",
            "(n > 1) < 2", "n > (m = 1)"})
    void orderingAStringOrBooleanLiteralIsRejected(String selector) {
        assertInvalid(selector);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a < b", "a <= b", "a > b", "a >= b"})
    void orderingStringIdentifiersIsFalse(String selector) {
        assertEquals(Truth.FALSE, truth(selector, "a", "a", "b", "b"));
        assertEquals(Truth.FALSE, truth(selector, "a", "b", "b", "a"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a < b", "a <= b", "a > b", "a >= b"})
    void orderingBooleanIdentifiersIsFalse(String selector) {
        assertEquals(Truth.FALSE, truth(selector, "a", false, "b", true));
    }

    @Test
    void stringPropertyIsNotConvertedToANumber() {
        // the spec's own example: a property set with setStringProperty("NumberOfOrders", "2")
        assertEquals(Truth.FALSE, truth("NumberOfOrders > 1", "NumberOfOrders", "2"));
        assertEquals(Truth.FALSE, truth("NumberOfOrders = 2", "NumberOfOrders", "2"));
    }

    @ParameterizedTest(name = "{0} with x={1} ({2}) is FALSE")
    @CsvSource({
            "x = 1, 1, string", "x <> 1, 1, string", "x = 'true', true, boolean", "x <> 'true', true, boolean",
            "x = TRUE, 1, int", "x <> TRUE, 1, int", "x = 1, true, boolean", "x < 2, true, boolean",
            "x = 'a', 1, int", "x = y, 1, int"})
    void comparingDifferentTypesIsFalse(String selector, String raw, String type) {
        Object value = switch (type) {
            case "string" -> raw;
            case "boolean" -> Boolean.parseBoolean(raw);
            default -> Integer.parseInt(raw);
        };
        assertEquals(Truth.FALSE, truth(selector, "x", value, "y", "1"));
    }

    /** TCK selectorQueue identifierTest03/04: comparing constants of different types is a selector error. */
    @Test
    void comparingLiteralsOfDifferentTypesIsRejected() {
        for (String selector : new String[]{"'1' = 1", "'1' <> 1", "TRUE = 1", "TRUE = 0", "FALSE = 0", "0 = FALSE",
                "(a > 1) = 2"}) {
            assertThrows(jakarta.jms.InvalidSelectorException.class, () -> Selector.compile(selector), selector);
        }
    }

    @Test
    void numbersOfNonPropertyTypesAreIncomparable() {
        assertEquals(Truth.FALSE, truth("x = 1", "x", BigDecimal.ONE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"=", "<>", "<", "<=", ">", ">="})
    void comparisonWithNullIsUnknown(String operator) {
        assertEquals(Truth.UNKNOWN, truth("absent " + operator + " 1"));
        assertEquals(Truth.UNKNOWN, truth("1 " + operator + " absent"));
        assertEquals(Truth.UNKNOWN, truth("absent " + operator + " other"));
    }

    @Test
    void nullWinsOverATypeMismatch() {
        assertEquals(Truth.UNKNOWN, truth("absent = 'a'"));
        assertEquals(Truth.UNKNOWN, truth("absent <> TRUE"));
    }
}
