package org.letterbox.selector;

/**
 * The six comparison operators and the spec's typing rules for them: NULL on either side is
 * UNKNOWN; exact and approximate numbers compare after Java numeric promotion; strings and booleans
 * support only {@code =} and {@code <>}; any other mix of types is FALSE (for {@code <>} too: the
 * spec says a comparison of non-like types "is false", not "is not equal").
 */
enum ComparisonOperator {
    EQUAL("=") {
        @Override boolean test(long l, long r) { return l == r; }
        @Override boolean test(double l, double r) { return l == r; }
    },
    NOT_EQUAL("<>") {
        @Override boolean test(long l, long r) { return l != r; }
        @Override boolean test(double l, double r) { return l != r; }
    },
    LESS("<") {
        @Override boolean test(long l, long r) { return l < r; }
        @Override boolean test(double l, double r) { return l < r; }
    },
    LESS_OR_EQUAL("<=") {
        @Override boolean test(long l, long r) { return l <= r; }
        @Override boolean test(double l, double r) { return l <= r; }
    },
    GREATER(">") {
        @Override boolean test(long l, long r) { return l > r; }
        @Override boolean test(double l, double r) { return l > r; }
    },
    GREATER_OR_EQUAL(">=") {
        @Override boolean test(long l, long r) { return l >= r; }
        @Override boolean test(double l, double r) { return l >= r; }
    };

    private final String symbol;

    ComparisonOperator(String symbol) {
        this.symbol = symbol;
    }

    abstract boolean test(long left, long right);

    abstract boolean test(double left, double right);

    /** {@code =} and {@code <>} are the only operators strings and booleans support. */
    boolean isEquality() {
        return this == EQUAL || this == NOT_EQUAL;
    }

    String symbol() {
        return symbol;
    }

    /** TRUE, FALSE or UNKNOWN ({@code null}) for two evaluated operands. */
    Boolean apply(Object left, Object right) {
        if (left == null || right == null) {
            return null;
        }
        if (Numbers.isExact(left) && Numbers.isExact(right)) {
            return test(((Number) left).longValue(), ((Number) right).longValue());
        }
        if (Numbers.isNumeric(left) && Numbers.isNumeric(right)) {
            return test(((Number) left).doubleValue(), ((Number) right).doubleValue());
        }
        if (isEquality() && sameComparableType(left, right)) {
            return left.equals(right) == (this == EQUAL);
        }
        return Boolean.FALSE;
    }

    private static boolean sameComparableType(Object left, Object right) {
        return (left instanceof String && right instanceof String)
                || (left instanceof Boolean && right instanceof Boolean);
    }
}
