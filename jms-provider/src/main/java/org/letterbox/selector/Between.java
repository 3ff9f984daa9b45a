package org.letterbox.selector;

/**
 * {@code value [NOT] BETWEEN low AND high}, evaluated exactly as the spec defines it:
 * {@code value >= low AND value <= high}, and for NOT {@code value < low OR value > high}. So the
 * bounds are inclusive, a NULL anywhere gives UNKNOWN unless the other half already decides it, and
 * a non-numeric operand makes its half FALSE. The value is evaluated once.
 */
final class Between implements Expression {

    private final Expression value;
    private final Expression low;
    private final Expression high;
    private final boolean negated;

    Between(Expression value, Expression low, Expression high, boolean negated) {
        this.value = value;
        this.low = low;
        this.high = high;
        this.negated = negated;
    }

    @Override
    public Object evaluate(SelectorContext context) {
        Object v = value.evaluate(context);
        Object lo = low.evaluate(context);
        Object hi = high.evaluate(context);
        if (negated) {
            return Logic.or(ComparisonOperator.LESS.apply(v, lo), ComparisonOperator.GREATER.apply(v, hi));
        }
        return Logic.and(ComparisonOperator.GREATER_OR_EQUAL.apply(v, lo), ComparisonOperator.LESS_OR_EQUAL.apply(v, hi));
    }

    @Override
    public String toString() {
        return "(" + value + (negated ? " NOT BETWEEN " : " BETWEEN ") + low + " AND " + high + ")";
    }
}
