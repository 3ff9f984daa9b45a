package org.letterbox.selector;

/** Where a selector reads the message it is evaluated against. */
public interface SelectorContext {
    /** header or property value, or null when absent */
    Object get(String identifier);
}
