package org.letterbox.selector;

/**
 * The four binary arithmetic operators with Java numeric promotion: integral operands compute as
 * {@code long}, anything with a float or double as {@code double}. A non-numeric or NULL operand
 * gives NULL (UNKNOWN) rather than an exception, as does an integral division by zero (Java would
 * throw); a floating division by zero follows Java and gives an infinity or NaN.
 */
enum ArithmeticOperator {
    ADD("+") {
        @Override Object apply(long l, long r) { return l + r; }
        @Override double apply(double l, double r) { return l + r; }
    },
    SUBTRACT("-") {
        @Override Object apply(long l, long r) { return l - r; }
        @Override double apply(double l, double r) { return l - r; }
    },
    MULTIPLY("*") {
        @Override Object apply(long l, long r) { return l * r; }
        @Override double apply(double l, double r) { return l * r; }
    },
    DIVIDE("/") {
        @Override Object apply(long l, long r) { return r == 0 ? null : l / r; }
        @Override double apply(double l, double r) { return l / r; }
    };

    private final String symbol;

    ArithmeticOperator(String symbol) {
        this.symbol = symbol;
    }

    /** Result as a {@code Long}, or {@code null} when it is undefined. */
    abstract Object apply(long left, long right);

    abstract double apply(double left, double right);

    String symbol() {
        return symbol;
    }

    Object apply(Object left, Object right) {
        if (Numbers.isExact(left) && Numbers.isExact(right)) {
            return apply(((Number) left).longValue(), ((Number) right).longValue());
        }
        if (Numbers.isNumeric(left) && Numbers.isNumeric(right)) {
            return apply(((Number) left).doubleValue(), ((Number) right).doubleValue());
        }
        return null;
    }
}
