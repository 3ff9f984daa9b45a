package org.letterbox.client.context;

import java.util.Locale;
import java.util.Set;

import jakarta.jms.MessageFormatException;

/**
 * The rules of JMS message properties (spec section 3.5), shared by {@link LetterboxJMSProducer} and usable by any
 * message implementation: what a valid property name is, which values are allowed, and the conversion table of
 * section 3.5.4 applied when a property is read as another type.
 *
 * <p>Conversions follow the table exactly: a {@code boolean} reads as boolean or String; {@code byte} as byte, short,
 * int, long or String; {@code short} as short, int, long or String; {@code int} as int, long or String; {@code long} as
 * long or String; {@code float} as float, double or String; {@code double} as double or String; a {@code String} as
 * anything, parsed with the {@code valueOf} method of the wrapper type (so a bad number throws
 * {@link NumberFormatException}). A missing property reads like a {@code null} String: {@code false} as boolean,
 * {@code null} as String or Object, {@link NumberFormatException} for byte, short, int and long and
 * {@link NullPointerException} for float and double (what {@code Float.valueOf((String) null)} does; the TCK checks
 * both). Any other combination throws {@link MessageFormatException}.
 */
public final class PropertyValues {

    /** Words that cannot be identifiers in a message selector, so cannot name a property. */
    private static final Set<String> RESERVED = Set.of("NULL", "TRUE", "FALSE", "NOT", "AND", "OR", "BETWEEN",
            "LIKE", "IN", "IS", "ESCAPE");

    private PropertyValues() {
    }

    /**
     * Checks a property name: not null, not empty, a Java identifier (as message selector identifiers are), and not
     * one of the selector's reserved words (NULL, TRUE, FALSE, NOT, AND, OR, BETWEEN, LIKE, IN, IS, ESCAPE, in any
     * case).
     *
     * @throws IllegalArgumentException if the name is invalid
     */
    public static void checkName(String name) {
        if (name == null) {
            throw new IllegalArgumentException("Property name must not be null");
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("Property name must not be empty");
        }
        if (!Character.isJavaIdentifierStart(name.codePointAt(0))) {
            throw new IllegalArgumentException("Property name '" + name + "' is not a valid identifier");
        }
        for (int i = Character.charCount(name.codePointAt(0)); i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (!Character.isJavaIdentifierPart(cp)) {
                throw new IllegalArgumentException("Property name '" + name + "' is not a valid identifier");
            }
            i += Character.charCount(cp);
        }
        if (RESERVED.contains(name.toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException("Property name '" + name + "' is a reserved word");
        }
    }

    /**
     * Checks an object property value: {@code null}, Boolean, Byte, Short, Integer, Long, Float, Double or String.
     *
     * @return the value itself
     * @throws MessageFormatException for any other type
     */
    public static Object checkValue(Object value) throws MessageFormatException {
        if (value == null || value instanceof Boolean || value instanceof Byte || value instanceof Short
                || value instanceof Integer || value instanceof Long || value instanceof Float
                || value instanceof Double || value instanceof String) {
            return value;
        }
        throw new MessageFormatException("Invalid property value type: " + value.getClass().getName()
                + " (allowed: Boolean, Byte, Short, Integer, Long, Float, Double, String)");
    }

    public static boolean toBoolean(Object value) throws MessageFormatException {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value == null || value instanceof String) {
            return Boolean.valueOf((String) value);
        }
        throw cannotConvert(value, "boolean");
    }

    public static byte toByte(Object value) throws MessageFormatException {
        if (value instanceof Byte b) {
            return b;
        }
        if (value == null || value instanceof String) {
            return Byte.valueOf((String) value);
        }
        throw cannotConvert(value, "byte");
    }

    public static short toShort(Object value) throws MessageFormatException {
        if (value instanceof Short s) {
            return s;
        }
        if (value instanceof Byte b) {
            return b;
        }
        if (value == null || value instanceof String) {
            return Short.valueOf((String) value);
        }
        throw cannotConvert(value, "short");
    }

    public static int toInt(Object value) throws MessageFormatException {
        if (value instanceof Integer i) {
            return i;
        }
        if (value instanceof Short || value instanceof Byte) {
            return ((Number) value).intValue();
        }
        if (value == null || value instanceof String) {
            return Integer.valueOf((String) value);
        }
        throw cannotConvert(value, "int");
    }

    public static long toLong(Object value) throws MessageFormatException {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value == null || value instanceof String) {
            return Long.valueOf((String) value);
        }
        throw cannotConvert(value, "long");
    }

    public static float toFloat(Object value) throws MessageFormatException {
        if (value instanceof Float f) {
            return f;
        }
        if (value == null || value instanceof String) {
            return Float.valueOf((String) value);
        }
        throw cannotConvert(value, "float");
    }

    public static double toDouble(Object value) throws MessageFormatException {
        if (value instanceof Double || value instanceof Float) {
            return ((Number) value).doubleValue();
        }
        if (value == null || value instanceof String) {
            return Double.valueOf((String) value);
        }
        throw cannotConvert(value, "double");
    }

    /** Any valid property value reads as a String ({@code String.valueOf}); a missing one as {@code null}. */
    public static String toStringValue(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    private static MessageFormatException cannotConvert(Object value, String target) {
        return new MessageFormatException("Cannot read a " + value.getClass().getSimpleName()
                + " property as " + target);
    }
}
