package org.letterbox.selector;

import jakarta.jms.InvalidSelectorException;

/**
 * A compiled JMS message selector (Jakarta Messaging 3.1, section 3.8.1.1).
 *
 * <p>The expression is parsed once into a tree of evaluator nodes; {@link #matches} only walks that
 * tree, so one instance is cheap to evaluate per message and safe to share between threads.
 *
 * <p>Values are read through {@link SelectorContext}: header identifiers ({@code JMSDeliveryMode} as
 * {@code 'PERSISTENT'}/{@code 'NON_PERSISTENT'}, {@code JMSPriority}, {@code JMSMessageID},
 * {@code JMSTimestamp}, {@code JMSCorrelationID}, {@code JMSType}) and properties alike. Any other
 * identifier, including non-selectable headers such as {@code JMSDestination}, is looked up the same
 * way and is usually absent (NULL).
 *
 * <p>Error messages name a 0-based character position in the expression.
 */
public final class Selector {

    private final String expression;
    private final Expression root;

    private Selector(String expression, Expression root) {
        this.expression = expression;
        this.root = root;
    }

    /**
     * Compiles a selector.
     *
     * @return the compiled selector, or {@code null} for a null, empty or all-whitespace expression,
     *         meaning "select everything" (the spec treats an empty selector as no selector)
     * @throws InvalidSelectorException when the expression is not a valid selector
     */
    public static Selector compile(String expression) throws InvalidSelectorException {
        if (expression == null) {
            return null;
        }
        Expression root = SelectorParser.parse(expression);
        return root == null ? null : new Selector(expression, root);
    }

    /** True only when the selector evaluates to TRUE; FALSE and UNKNOWN do not match. */
    public boolean matches(SelectorContext context) {
        return Boolean.TRUE.equals(root.evaluate(context));
    }

    /** The expression exactly as it was compiled. */
    public String expression() {
        return expression;
    }

    @Override
    public String toString() {
        return expression;
    }

    /** Two selectors are equal when their expressions are the same text (what durable subscriptions compare). */
    @Override
    public boolean equals(Object other) {
        return other instanceof Selector that && expression.equals(that.expression);
    }

    @Override
    public int hashCode() {
        return expression.hashCode();
    }
}
