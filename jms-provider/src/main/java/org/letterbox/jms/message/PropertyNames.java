package org.letterbox.jms.message;

import java.util.Locale;
import java.util.Set;

/** Property names must be usable in a selector: a Java identifier that is not a selector keyword. */
public final class PropertyNames {
    private static final Set<String> SELECTOR_KEYWORDS =
            Set.of("NULL", "TRUE", "FALSE", "NOT", "AND", "OR", "BETWEEN", "LIKE", "IN", "IS", "ESCAPE");
    private static final int LONGEST_KEYWORD = 7;

    private PropertyNames() {
    }

    /** @throws IllegalArgumentException for a null, empty, non-identifier or keyword name */
    public static void check(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a property name must not be null or empty");
        }
        if (!isJavaIdentifier(name)) {
            throw new IllegalArgumentException("property name '" + name + "' is not a Java identifier");
        }
        // keywords are case-insensitive in selectors
        if (name.length() <= LONGEST_KEYWORD && SELECTOR_KEYWORDS.contains(name.toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException("property name '" + name + "' is a selector keyword");
        }
    }

    private static boolean isJavaIdentifier(String name) {
        if (!Character.isJavaIdentifierStart(name.codePointAt(0))) {
            return false;
        }
        for (int i = Character.charCount(name.codePointAt(0)); i < name.length(); ) {
            int codePoint = name.codePointAt(i);
            if (!Character.isJavaIdentifierPart(codePoint)) {
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }
}
