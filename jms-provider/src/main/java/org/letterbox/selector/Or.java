package org.letterbox.selector;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Logical OR over a flat list of operands (see {@link And} for why flat). Stops at the first TRUE,
 * which decides the result whatever the others are.
 */
final class Or implements Expression {

    private final Expression[] operands;

    Or(List<Expression> operands) {
        this.operands = operands.toArray(new Expression[0]);
    }

    @Override
    public Object evaluate(SelectorContext context) {
        boolean unknown = false;
        for (Expression operand : operands) {
            Boolean truth = Logic.truthOf(operand.evaluate(context));
            if (truth == null) {
                unknown = true;
            } else if (truth) {
                return Boolean.TRUE;
            }
        }
        return unknown ? null : Boolean.FALSE;
    }

    @Override
    public String toString() {
        return Stream.of(operands).map(String::valueOf).collect(Collectors.joining(" OR ", "(", ")"));
    }
}
