package org.letterbox.selector;

/** Unary plus: the operand if it is a number, else NULL (it is still an arithmetic operation). */
final class UnaryPlus implements Expression {

    private final Expression operand;

    UnaryPlus(Expression operand) {
        this.operand = operand;
    }

    @Override
    public Object evaluate(SelectorContext context) {
        Object value = operand.evaluate(context);
        return Numbers.isNumeric(value) ? value : null;
    }

    @Override
    public String toString() {
        return "(+" + operand + ")";
    }
}
