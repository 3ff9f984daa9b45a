package org.letterbox.selector;

/** Logical NOT: TRUE and FALSE swap, UNKNOWN stays UNKNOWN. */
final class Not implements Expression {

    private final Expression operand;

    Not(Expression operand) {
        this.operand = operand;
    }

    @Override
    public Object evaluate(SelectorContext context) {
        return Logic.not(Logic.truthOf(operand.evaluate(context)));
    }

    @Override
    public String toString() {
        return "(NOT " + operand + ")";
    }
}
