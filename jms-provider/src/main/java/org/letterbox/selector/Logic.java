package org.letterbox.selector;

/**
 * SQL three-valued logic over {@code Boolean}: {@code null} is UNKNOWN. Anything that is not a
 * {@code Boolean} (a number or string identifier used as a condition) also counts as UNKNOWN, so
 * that negating it can never turn it into a match.
 */
final class Logic {

    private Logic() {
    }

    static Boolean truthOf(Object value) {
        return value instanceof Boolean b ? b : null;
    }

    static Boolean not(Boolean value) {
        return value == null ? null : Boolean.valueOf(!value);
    }

    static Boolean and(Boolean left, Boolean right) {
        if (Boolean.FALSE.equals(left) || Boolean.FALSE.equals(right)) {
            return Boolean.FALSE;
        }
        return left == null || right == null ? null : Boolean.TRUE;
    }

    static Boolean or(Boolean left, Boolean right) {
        if (Boolean.TRUE.equals(left) || Boolean.TRUE.equals(right)) {
            return Boolean.TRUE;
        }
        return left == null || right == null ? null : Boolean.FALSE;
    }
}
