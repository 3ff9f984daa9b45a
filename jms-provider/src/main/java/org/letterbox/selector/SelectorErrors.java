package org.letterbox.selector;

import jakarta.jms.InvalidSelectorException;

/** Builds the one shape of error message: what is wrong, where, and in which selector. */
final class SelectorErrors {

    private SelectorErrors() {
    }

    static InvalidSelectorException invalid(String expression, int position, String problem) {
        return new InvalidSelectorException(
                "Invalid selector: " + problem + " at position " + position + " in \"" + expression + "\"");
    }
}
