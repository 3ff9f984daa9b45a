package org.letterbox.selector;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code identifier [NOT] IN ('a', 'b', ...)}. The list is a hash set built once. NULL gives
 * UNKNOWN (for NOT IN too); a value that is not a String is a comparison of non-like types and gives
 * FALSE for both IN and NOT IN.
 */
final class InList implements Expression {

    private final Identifier identifier;
    private final Set<String> values;
    private final boolean negated;

    InList(Identifier identifier, List<String> values, boolean negated) {
        this.identifier = identifier;
        this.values = new LinkedHashSet<>(values); // duplicates are legal in the list
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
        return values.contains(s) != negated;
    }

    @Override
    public String toString() {
        return values.stream()
                .map(v -> new Literal(v).toString())
                .collect(Collectors.joining(", ", "(" + identifier + (negated ? " NOT IN (" : " IN ("), "))"));
    }
}
