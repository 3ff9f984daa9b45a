package org.letterbox.jms.message;

import jakarta.jms.MessageFormatException;

/**
 * The JMS conversion table: which written type may be read as which (spec 3.5.4 for properties,
 * 3.11.3 for MapMessage and StreamMessage). Properties never hold a Character or a byte[], so one
 * table serves all three. A null read as a primitive behaves like that primitive's
 * {@code valueOf((String) null)}: false for boolean, NumberFormatException for the integer types,
 * NullPointerException for float, double and char.
 */
public final class ValueConversions {
    private ValueConversions() {
    }

    /** What {@code setObjectProperty} accepts: the primitive wrappers without Character, String, null. */
    public static boolean isPropertyValue(Object value) {
        return value == null || value instanceof String || value instanceof Integer || value instanceof Long
                || value instanceof Boolean || value instanceof Double || value instanceof Float
                || value instanceof Short || value instanceof Byte;
    }

    /** What MapMessage and StreamMessage hold: property values plus Character and byte[]. */
    public static boolean isBodyValue(Object value) {
        return isPropertyValue(value) || value instanceof Character || value instanceof byte[];
    }

    public static boolean toBoolean(Object value) throws MessageFormatException {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value == null || value instanceof String) {
            return Boolean.parseBoolean((String) value);
        }
        throw cannotConvert(value, "boolean");
    }

    public static byte toByte(Object value) throws MessageFormatException {
        if (value instanceof Byte b) {
            return b;
        }
        if (value == null || value instanceof String) {
            return Byte.parseByte((String) value);
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
            return Short.parseShort((String) value);
        }
        throw cannotConvert(value, "short");
    }

    public static char toChar(Object value) throws MessageFormatException {
        if (value instanceof Character c) {
            return c;
        }
        if (value == null) {
            throw new NullPointerException("a null value cannot be read as a char");
        }
        throw cannotConvert(value, "char");
    }

    public static int toInt(Object value) throws MessageFormatException {
        if (value instanceof Integer i) {
            return i;
        }
        if (value instanceof Short || value instanceof Byte) {
            return ((Number) value).intValue();
        }
        if (value == null || value instanceof String) {
            return Integer.parseInt((String) value);
        }
        throw cannotConvert(value, "int");
    }

    public static long toLong(Object value) throws MessageFormatException {
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value == null || value instanceof String) {
            return Long.parseLong((String) value);
        }
        throw cannotConvert(value, "long");
    }

    public static float toFloat(Object value) throws MessageFormatException {
        if (value instanceof Float f) {
            return f;
        }
        if (value == null || value instanceof String) {
            return Float.parseFloat((String) value);
        }
        throw cannotConvert(value, "float");
    }

    public static double toDouble(Object value) throws MessageFormatException {
        if (value instanceof Double d) {
            return d;
        }
        if (value instanceof Float f) {
            return f;
        }
        if (value == null || value instanceof String) {
            return Double.parseDouble((String) value);
        }
        throw cannotConvert(value, "double");
    }

    public static String toString(Object value) throws MessageFormatException {
        if (value instanceof byte[]) {
            throw cannotConvert(value, "String");
        }
        return value == null ? null : value.toString();
    }

    /** The stored array itself (callers copy it); only a byte[] or null converts. */
    public static byte[] toBytes(Object value) throws MessageFormatException {
        if (value == null || value instanceof byte[]) {
            return (byte[]) value;
        }
        throw cannotConvert(value, "byte[]");
    }

    private static MessageFormatException cannotConvert(Object value, String target) {
        String source = value instanceof byte[] ? "byte[]" : value.getClass().getSimpleName();
        return new MessageFormatException("a " + source + " value cannot be read as " + target);
    }
}
