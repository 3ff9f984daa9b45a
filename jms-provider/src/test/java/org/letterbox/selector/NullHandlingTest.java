package org.letterbox.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.letterbox.selector.SelectorTesting.assertInvalid;
import static org.letterbox.selector.SelectorTesting.truth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.letterbox.selector.SelectorTesting.Truth;

/** Every operator with a NULL operand ({@code n} is never set): SQL-92 NULL semantics. */
class NullHandlingTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
            "n = 1|UNKNOWN", "n <> 1|UNKNOWN", "n < 1|UNKNOWN", "n <= 1|UNKNOWN", "n > 1|UNKNOWN", "n >= 1|UNKNOWN",
            "n = 'a'|UNKNOWN", "n <> 'a'|UNKNOWN", "n = TRUE|UNKNOWN", "n <> FALSE|UNKNOWN", "n = n|UNKNOWN",
            "1 = n|UNKNOWN",
            "n + 1 = 1|UNKNOWN", "n - 1 = 1|UNKNOWN", "n * 1 = 1|UNKNOWN", "n / 1 = 1|UNKNOWN", "1 / n = 1|UNKNOWN",
            "-n = 1|UNKNOWN", "+n = 1|UNKNOWN",
            "n BETWEEN 1 AND 2|UNKNOWN", "n NOT BETWEEN 1 AND 2|UNKNOWN",
            "n IN ('a')|UNKNOWN", "n NOT IN ('a')|UNKNOWN",
            "n LIKE 'a%'|UNKNOWN", "n NOT LIKE 'a%'|UNKNOWN",
            "n IS NULL|TRUE", "n IS NOT NULL|FALSE",
            "n|UNKNOWN", "NOT n|UNKNOWN",
            "n AND TRUE|UNKNOWN", "n AND FALSE|FALSE", "n OR TRUE|TRUE", "n OR FALSE|UNKNOWN",
            "NOT (n = 1)|UNKNOWN", "NOT (n = 1) OR n IS NULL|TRUE"})
    void nullOperandFollowsSqlSemantics(String selector, Truth expected) {
        assertEquals(expected, truth(selector));
    }

    @Test
    void explicitNullValueBehavesLikeAMissingOne() {
        assertEquals(Truth.UNKNOWN, truth("n = 1", "n", null));
        assertEquals(Truth.TRUE, truth("n IS NULL", "n", null));
    }

    @Test
    void notEqualsDoesNotMatchAMissingProperty() {
        // a frequent surprise (some brokers match here); SQL and the spec say UNKNOWN
        assertEquals(Truth.UNKNOWN, truth("key <> 'aValue'"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"n = NULL", "NULL = n", "n <> NULL", "NULL", "NOT NULL", "n + NULL = 1", "n IN (NULL)"})
    void nullIsOnlyAllowedInIsNull(String selector) {
        assertInvalid(selector);
    }
}
