package org.letterbox.selector;

/** {@code identifier IS [NOT] NULL}: the one operator that turns a missing value into TRUE or FALSE. */
final class IsNull implements Expression {

    private final Identifier identifier;
    private final boolean negated;

    IsNull(Identifier identifier, boolean negated) {
        this.identifier = identifier;
        this.negated = negated;
    }

    @Override
    public Object evaluate(SelectorContext context) {
        return (identifier.evaluate(context) == null) != negated;
    }

    @Override
    public String toString() {
        return "(" + identifier + (negated ? " IS NOT NULL)" : " IS NULL)");
    }
}
