package org.letterbox.selector;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Logical AND over a flat list of operands: {@code a AND b AND c} is one node, so long generated
 * selectors do not make a deep tree. Stops at the first FALSE, which decides the result whatever
 * the others are.
 */
final class And implements Expression {

    private final Expression[] operands;

    And(List<Expression> operands) {
        this.operands = operands.toArray(new Expression[0]);
    }

    @Override
    public Object evaluate(SelectorContext context) {
        boolean unknown = false;
        for (Expression operand : operands) {
            Boolean truth = Logic.truthOf(operand.evaluate(context));
            if (truth == null) {
                unknown = true;
            } else if (!truth) {
                return Boolean.FALSE;
            }
        }
        return unknown ? null : Boolean.TRUE;
    }

    @Override
    public String toString() {
        return Stream.of(operands).map(String::valueOf).collect(Collectors.joining(" AND ", "(", ")"));
    }
}
