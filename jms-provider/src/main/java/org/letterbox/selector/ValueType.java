package org.letterbox.selector;

/**
 * What the parser knows about an operand's type before any message is seen. Identifiers are
 * {@link #ANY}: their type is only known per message, so they are checked at evaluation time.
 */
enum ValueType {
    BOOLEAN, NUMERIC, STRING, ANY;

    boolean canBeBoolean() {
        return this == BOOLEAN || this == ANY;
    }

    boolean canBeNumeric() {
        return this == NUMERIC || this == ANY;
    }
}
