package org.letterbox.selector;

/**
 * {@code identifier [NOT] LIKE 'pattern' [ESCAPE 'c']}; the pattern is compiled once. NULL gives
 * UNKNOWN (for NOT LIKE too); a non-String value is a comparison of non-like types: FALSE for both.
 */
final class Like implements Expression {

    private final Identifier identifier;
    private final LikePattern pattern;
    private final boolean negated;

    Like(Identifier identifier, LikePattern pattern, boolean negated) {
        this.identifier = identifier;
        this.pattern = pattern;
        this.negated = negated;
    }

    @Override
    public Object evaluate(SelectorContext context) {
        Object value = identifier.evaluate(context);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            return Boolean.FALSE;
        }
        return pattern.matches(s) != negated;
    }

    @Override
    public String toString() {
        return "(" + identifier + (negated ? " NOT LIKE " : " LIKE ") + pattern + ")";
    }
}
