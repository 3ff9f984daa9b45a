package org.letterbox.selector;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.jms.InvalidSelectorException;

/** Shorthands shared by the selector tests. */
final class SelectorTesting {

    /** The three values of SQL logic, so tests can tell FALSE from UNKNOWN (both "no match"). */
    enum Truth { TRUE, FALSE, UNKNOWN }

    private SelectorTesting() {
    }

    static Selector compile(String selector) {
        try {
            Selector compiled = Selector.compile(selector);
            assertNotNull(compiled, "selector compiled to null: " + selector);
            return compiled;
        } catch (InvalidSelectorException e) {
            throw new AssertionError("expected a valid selector: " + selector, e);
        }
    }

    static boolean matches(String selector, Object... keysAndValues) {
        return compile(selector).matches(MapContext.of(keysAndValues));
    }

    /** What the whole expression evaluates to, through the same tree {@link Selector} uses. */
    static Truth truth(String selector, Object... keysAndValues) {
        compile(selector); // the same checks as the public API
        try {
            Boolean result = Logic.truthOf(SelectorParser.parse(selector).evaluate(MapContext.of(keysAndValues)));
            return result == null ? Truth.UNKNOWN : result ? Truth.TRUE : Truth.FALSE;
        } catch (InvalidSelectorException e) {
            throw new AssertionError(e);
        }
    }

    /** The parsed tree printed fully parenthesized, to show how operators grouped. */
    static String structure(String selector) {
        try {
            return SelectorParser.parse(selector).toString();
        } catch (InvalidSelectorException e) {
            throw new AssertionError("expected a valid selector: " + selector, e);
        }
    }

    static InvalidSelectorException assertInvalid(String selector) {
        return assertThrows(InvalidSelectorException.class, () -> Selector.compile(selector),
                () -> "expected InvalidSelectorException for: " + selector);
    }
}
