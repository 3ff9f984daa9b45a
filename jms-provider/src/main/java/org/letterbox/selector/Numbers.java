package org.letterbox.selector;

/**
 * Numeric promotion for selector values. Only the JMS property types count as numbers: any other
 * {@code Number} (BigDecimal, AtomicLong...) cannot be set as a property and is treated as an
 * incomparable type rather than silently converted.
 */
final class Numbers {

    private Numbers() {
    }

    /** byte, short, int and long: computed and compared as {@code long}. */
    static boolean isExact(Object value) {
        return value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte;
    }

    /** float and double: computed and compared as {@code double}. */
    static boolean isApproximate(Object value) {
        return value instanceof Double || value instanceof Float;
    }

    static boolean isNumeric(Object value) {
        return isExact(value) || isApproximate(value);
    }
}
