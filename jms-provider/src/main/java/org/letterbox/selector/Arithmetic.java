package org.letterbox.selector;

/** {@code left op right} for + - * /. */
final class Arithmetic implements Expression {

    private final ArithmeticOperator operator;
    private final Expression left;
    private final Expression right;

    Arithmetic(ArithmeticOperator operator, Expression left, Expression right) {
        this.operator = operator;
        this.left = left;
        this.right = right;
    }

    @Override
    public Object evaluate(SelectorContext context) {
        return operator.apply(left.evaluate(context), right.evaluate(context));
    }

    @Override
    public String toString() {
        return "(" + left + " " + operator.symbol() + " " + right + ")";
    }
}
