package org.letterbox.selector;

/** Unary minus; a non-numeric or NULL operand gives NULL. Long.MIN_VALUE wraps, as in Java. */
final class Negation implements Expression {

    private final Expression operand;

    Negation(Expression operand) {
        this.operand = operand;
    }

    @Override
    public Object evaluate(SelectorContext context) {
        Object value = operand.evaluate(context);
        if (Numbers.isExact(value)) {
            return -((Number) value).longValue();
        }
        if (Numbers.isApproximate(value)) {
            return -((Number) value).doubleValue();
        }
        return null;
    }

    @Override
    public String toString() {
        return "(-" + operand + ")";
    }
}
