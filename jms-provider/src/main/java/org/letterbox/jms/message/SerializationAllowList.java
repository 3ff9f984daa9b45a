package org.letterbox.jms.message;

import java.util.ArrayList;
import java.util.List;

/**
 * Which classes an ObjectMessage may deserialize: the package prefixes in the system property
 * {@value #PROPERTY} (comma-separated; {@code *}, the default, allows every class). A prefix matches
 * its package, its sub-packages, or a class of that exact name. Primitive arrays and the classes of
 * {@code java.lang} itself (String, the wrappers, Number, Enum) are always allowed: almost every
 * object graph needs them and they carry no behaviour an attacker could chain.
 */
final class SerializationAllowList {
    static final String PROPERTY = "org.letterbox.serializable.packages";
    private static final String ALL = "*";

    private final boolean allowsAll;
    private final List<String> prefixes;

    private SerializationAllowList(boolean allowsAll, List<String> prefixes) {
        this.allowsAll = allowsAll;
        this.prefixes = prefixes;
    }

    /** Read on each use, so a change to the property applies to the next deserialization. */
    static SerializationAllowList fromSystemProperty() {
        return parse(System.getProperty(PROPERTY, ALL));
    }

    static SerializationAllowList parse(String packages) {
        List<String> prefixes = new ArrayList<>();
        for (String entry : packages.split(",")) {
            String prefix = entry.trim();
            if (prefix.equals(ALL)) {
                return new SerializationAllowList(true, List.of());
            }
            if (prefix.endsWith(".*")) {
                prefix = prefix.substring(0, prefix.length() - 2);
            } else if (prefix.endsWith(".")) {
                prefix = prefix.substring(0, prefix.length() - 1);
            }
            if (!prefix.isEmpty()) {
                prefixes.add(prefix);
            }
        }
        return new SerializationAllowList(false, List.copyOf(prefixes));
    }

    /** @param className a binary name as in a serialization stream, arrays included ("[Lcom.acme.Order;") */
    boolean allows(String className) {
        if (allowsAll) {
            return true;
        }
        String elementName = arrayElementName(className);
        if (elementName == null || isInJavaLang(elementName)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (elementName.equals(prefix)
                    || elementName.startsWith(prefix) && elementName.charAt(prefix.length()) == '.') {
                return true;
            }
        }
        return false;
    }

    /** The element class of an array name, the name itself for a non-array; null for a primitive array. */
    private static String arrayElementName(String className) {
        int dimensions = 0;
        while (dimensions < className.length() && className.charAt(dimensions) == '[') {
            dimensions++;
        }
        if (dimensions == 0) {
            return className;
        }
        if (className.charAt(dimensions) == 'L' && className.endsWith(";")) {
            return className.substring(dimensions + 1, className.length() - 1);
        }
        return null;
    }

    private static boolean isInJavaLang(String className) {
        return className.startsWith("java.lang.") && className.indexOf('.', "java.lang.".length()) < 0;
    }
}
