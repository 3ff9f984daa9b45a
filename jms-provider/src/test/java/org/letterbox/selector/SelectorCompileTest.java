package org.letterbox.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.letterbox.selector.SelectorTesting.compile;

import jakarta.jms.InvalidSelectorException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SelectorCompileTest {

    @Test
    void nullExpressionMeansNoSelector() throws InvalidSelectorException {
        assertNull(Selector.compile(null));
    }

    @Test
    void emptyExpressionMeansNoSelector() throws InvalidSelectorException {
        assertNull(Selector.compile(""));
    }

    @Test
    void whiteSpaceOnlyExpressionMeansNoSelector() throws InvalidSelectorException {
        assertNull(Selector.compile(" \t\n\r\f "));
    }

    @Test
    void expressionAndToStringReturnTheTextAsGiven() {
        String text = "  color = 'red'  AND weight > 2500 ";
        Selector selector = compile(text);
        assertEquals(text, selector.expression());
        assertEquals(text, selector.toString());
    }

    @Test
    void selectorsWithTheSameTextAreEqual() {
        assertEquals(compile("a = 1"), compile("a = 1"));
        assertEquals(compile("a = 1").hashCode(), compile("a = 1").hashCode());
        assertNotEquals(compile("a = 1"), compile("a=1"));
    }

    @Test
    void matchesOnlyWhenTheSelectorEvaluatesToTrue() {
        Selector selector = compile("x > 1");
        assertTrue(selector.matches(MapContext.of("x", 2)));
        assertFalse(selector.matches(MapContext.of("x", 1)), "FALSE does not match");
        assertFalse(selector.matches(MapContext.of()), "UNKNOWN does not match");
    }

    @Test
    void whiteSpaceOfAnyJavaKindSeparatesTokens() {
        assertTrue(compile("x\t=\n1\rAND\fy = 2").matches(MapContext.of("x", 1, "y", 2)));
    }

    @Test
    void oneCompiledSelectorServesManyMessagesAndThreads() {
        Selector selector = compile("n BETWEEN 100 AND 199 AND name LIKE 'item-1%'");
        long matched = IntStream.range(0, 10_000).parallel()
                .filter(i -> selector.matches(MapContext.of("n", i, "name", "item-" + i)))
                .count();
        assertEquals(100, matched);
    }
}
