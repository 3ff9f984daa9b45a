package org.letterbox.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.letterbox.selector.SelectorTesting.matches;
import static org.letterbox.selector.SelectorTesting.structure;
import static org.letterbox.selector.SelectorTesting.truth;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.letterbox.selector.SelectorTesting.Truth;

/** Three-valued logic. Identifiers t, f and u hold TRUE, FALSE and nothing (UNKNOWN). */
class LogicTest {

    private static final Object[] TFU = {"t", true, "f", false};

    @ParameterizedTest(name = "{0} AND {1} = {2}")
    @CsvSource({
            "t, t, TRUE", "t, f, FALSE", "t, u, UNKNOWN",
            "f, t, FALSE", "f, f, FALSE", "f, u, FALSE",
            "u, t, UNKNOWN", "u, f, FALSE", "u, u, UNKNOWN"})
    void andTruthTable(String left, String right, Truth expected) {
        assertEquals(expected, truth(left + " AND " + right, TFU));
    }

    @ParameterizedTest(name = "{0} OR {1} = {2}")
    @CsvSource({
            "t, t, TRUE", "t, f, TRUE", "t, u, TRUE",
            "f, t, TRUE", "f, f, FALSE", "f, u, UNKNOWN",
            "u, t, TRUE", "u, f, UNKNOWN", "u, u, UNKNOWN"})
    void orTruthTable(String left, String right, Truth expected) {
        assertEquals(expected, truth(left + " OR " + right, TFU));
    }

    @ParameterizedTest(name = "NOT {0} = {1}")
    @CsvSource({"t, FALSE", "f, TRUE", "u, UNKNOWN"})
    void notTruthTable(String operand, Truth expected) {
        assertEquals(expected, truth("NOT " + operand, TFU));
    }

    @Test
    void longerAndOrChainsFollowTheSameTables() {
        assertEquals(Truth.FALSE, truth("t AND u AND f", TFU));
        assertEquals(Truth.UNKNOWN, truth("t AND u AND t", TFU));
        assertEquals(Truth.TRUE, truth("f OR u OR t", TFU));
        assertEquals(Truth.UNKNOWN, truth("f OR u OR f", TFU));
    }

    @Test
    void notBindsTighterThanAnd() {
        assertEquals(Truth.FALSE, truth("NOT f AND f", TFU));
        assertEquals("((NOT f) AND f)", structure("NOT f AND f"));
    }

    @Test
    void andBindsTighterThanOr() {
        assertEquals(Truth.TRUE, truth("t OR t AND f", TFU));
        assertEquals("(t OR (t AND f))", structure("t OR t AND f"));
        assertEquals("((a AND b) OR (c AND d))", structure("a AND b OR c AND d"));
    }

    @Test
    void comparisonsBindTighterThanNot() {
        assertEquals(Truth.TRUE, truth("NOT x = 1", "x", 2));
        assertEquals("(NOT (x = 1))", structure("NOT x = 1"));
    }

    @Test
    void parenthesesOverrideLogicalPrecedence() {
        assertEquals(Truth.FALSE, truth("(t OR t) AND f", TFU));
        assertEquals(Truth.TRUE, truth("NOT (f AND f)", TFU));
    }

    @Test
    void fullPrecedenceLadder() {
        assertEquals("(a OR (b AND (NOT ((c + (d * (-e))) > 1))))", structure("a OR b AND NOT c + d * -e > 1"));
    }

    @Test
    void logicalOperatorsAreCaseInsensitive() {
        assertEquals(Truth.TRUE, truth("t and not f or f", TFU));
        assertEquals(Truth.TRUE, truth("t And Not f Or f", TFU));
    }

    @Test
    void bareBooleanIdentifierIsACondition() {
        assertTrue(matches("active", "active", true));
        assertFalse(matches("active", "active", false));
        assertEquals(Truth.UNKNOWN, truth("active"));
        assertTrue(matches("NOT active", "active", false));
    }

    @Test
    void bareNonBooleanIdentifierIsUnknownAsACondition() {
        assertEquals(Truth.UNKNOWN, truth("x", "x", "true"));
        assertEquals(Truth.UNKNOWN, truth("x", "x", 1));
        assertEquals(Truth.UNKNOWN, truth("NOT x", "x", 0));
        assertEquals(Truth.UNKNOWN, truth("x AND TRUE", "x", 1));
    }

    @Test
    void booleanLiteralsAreConditions() {
        assertTrue(matches("TRUE"));
        assertFalse(matches("FALSE"));
        assertTrue(matches("NOT FALSE"));
        assertTrue(matches("(TRUE)"));
    }

    @Test
    void repeatedNotAlternates() {
        assertEquals(Truth.TRUE, truth("NOT NOT t", TFU));
        assertEquals(Truth.FALSE, truth("NOT NOT NOT t", TFU));
    }

    @Test
    void longGeneratedOrChainEvaluatesFlat() {
        String selector = IntStream.range(0, 5_000).mapToObj(i -> "id = " + i).collect(Collectors.joining(" OR "));
        assertTrue(matches(selector, "id", 4_999));
        assertFalse(matches(selector, "id", 5_000));
    }
}
