package org.letterbox.selector;

import jakarta.jms.InvalidSelectorException;
import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser from selector text to an evaluator tree, one method per precedence level:
 *
 * <pre>
 * selector       := or END
 * or             := and (OR and)*
 * and            := not (AND not)*
 * not            := NOT not | predicate
 * predicate      := additive [ compare-op additive
 *                            | [NOT] BETWEEN additive AND additive
 *                            | [NOT] IN '(' string (',' string)* ')'
 *                            | [NOT] LIKE string [ESCAPE string]
 *                            | IS [NOT] NULL ]
 * additive       := multiplicative (('+' | '-') multiplicative)*
 * multiplicative := unary (('*' | '/') unary)*
 * unary          := ('+' | '-') unary | primary
 * primary        := string | number | TRUE | FALSE | identifier | '(' or ')'
 * </pre>
 *
 * Types are checked here wherever the text alone decides them ({@code 'a' > 'b'}, {@code NOT 5},
 * {@code 1 + 2} as a whole selector); identifiers are typed per message at evaluation time. Nesting
 * and tree depth are bounded so a hostile selector cannot overflow the stack of the thread that
 * parses or evaluates it.
 */
final class SelectorParser {

    static final int MAX_NESTING = 200;
    static final int MAX_DEPTH = 1000;

    /** A parsed operand with what the parser knows about it; never part of the compiled tree. */
    private record Operand(Expression expression, ValueType type, int depth, int position) {
    }

    private final String text;
    private final SelectorLexer lexer;
    private Token current;
    private int nesting;

    private SelectorParser(String text) throws InvalidSelectorException {
        this.text = text;
        this.lexer = new SelectorLexer(text);
        this.current = lexer.next();
    }

    /** The compiled tree, or null when the text holds nothing but white space. */
    static Expression parse(String text) throws InvalidSelectorException {
        SelectorParser parser = new SelectorParser(text);
        if (parser.current.kind() == TokenKind.END) {
            return null;
        }
        Operand root = parser.or();
        if (parser.current.kind() != TokenKind.END) {
            throw parser.error(parser.current.position(), "unexpected " + parser.current.describe());
        }
        parser.requireCondition(root, "the whole selector");
        return root.expression();
    }

    private Operand or() throws InvalidSelectorException {
        Operand first = and();
        if (current.kind() != TokenKind.OR) {
            return first;
        }
        List<Expression> operands = new ArrayList<>();
        int depth = first.depth();
        operands.add(requireCondition(first, "OR").expression());
        while (accept(TokenKind.OR)) {
            Operand next = requireCondition(and(), "OR");
            operands.add(next.expression());
            depth = Math.max(depth, next.depth());
        }
        return node(new Or(operands), ValueType.BOOLEAN, depth + 1, first.position());
    }

    private Operand and() throws InvalidSelectorException {
        Operand first = not();
        if (current.kind() != TokenKind.AND) {
            return first;
        }
        List<Expression> operands = new ArrayList<>();
        int depth = first.depth();
        operands.add(requireCondition(first, "AND").expression());
        while (accept(TokenKind.AND)) {
            Operand next = requireCondition(not(), "AND");
            operands.add(next.expression());
            depth = Math.max(depth, next.depth());
        }
        return node(new And(operands), ValueType.BOOLEAN, depth + 1, first.position());
    }

    private Operand not() throws InvalidSelectorException {
        if (current.kind() != TokenKind.NOT) {
            return predicate();
        }
        Token not = advance();
        enterNesting(not);
        Operand operand = requireCondition(not(), "NOT");
        nesting--;
        return node(new Not(operand.expression()), ValueType.BOOLEAN, operand.depth() + 1, not.position());
    }

    private Operand predicate() throws InvalidSelectorException {
        Operand left = additive();
        switch (current.kind()) {
            case EQUAL, NOT_EQUAL, LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL:
                return comparison(comparisonOperator(advance()), left);
            case BETWEEN:
                advance();
                return between(left, false);
            case IN:
                advance();
                return in(left, false);
            case LIKE:
                advance();
                return like(left, false);
            case IS:
                advance();
                return isNull(left);
            case NOT:
                advance();
                switch (current.kind()) {
                    case BETWEEN:
                        advance();
                        return between(left, true);
                    case IN:
                        advance();
                        return in(left, true);
                    case LIKE:
                        advance();
                        return like(left, true);
                    default:
                        throw unexpected("BETWEEN, IN or LIKE after NOT");
                }
            default:
                return left;
        }
    }

    private Operand comparison(ComparisonOperator operator, Operand left) throws InvalidSelectorException {
        Operand right = additive();
        if (!operator.isEquality()) {
            // strings and booleans support only = and <>: a literal of either is an error now
            requireNumeric(left, "'" + operator.symbol() + "'");
            requireNumeric(right, "'" + operator.symbol() + "'");
        } else if (left.type() != ValueType.ANY && right.type() != ValueType.ANY && left.type() != right.type()) {
            // two operands whose types are known now and differ (TRUE = 0, 'a' = 1) can never be equal:
            // a mistake in the selector, rejected as ActiveMQ does (the TCK requires it for TRUE = 0)
            throw new InvalidSelectorException("Invalid selector: cannot compare " + describe(left.type()) + " with "
                    + describe(right.type()) + " at position " + left.position() + " in \"" + text + "\"");
        }
        return node(new Comparison(operator, left.expression(), right.expression()), ValueType.BOOLEAN,
                Math.max(left.depth(), right.depth()) + 1, left.position());
    }

    private Operand between(Operand value, boolean negated) throws InvalidSelectorException {
        requireNumeric(value, "BETWEEN");
        Operand low = requireNumeric(additive(), "BETWEEN");
        expect(TokenKind.AND, "AND between the bounds of BETWEEN");
        Operand high = requireNumeric(additive(), "BETWEEN");
        int depth = Math.max(value.depth(), Math.max(low.depth(), high.depth())) + 1;
        return node(new Between(value.expression(), low.expression(), high.expression(), negated),
                ValueType.BOOLEAN, depth, value.position());
    }

    private Operand in(Operand value, boolean negated) throws InvalidSelectorException {
        Identifier identifier = requireIdentifier(value, "IN");
        expect(TokenKind.LEFT_PAREN, "'(' after IN");
        List<String> values = new ArrayList<>();
        do {
            values.add(expect(TokenKind.STRING, "a string literal in the IN list").text());
        } while (accept(TokenKind.COMMA));
        expect(TokenKind.RIGHT_PAREN, "',' or ')' in the IN list");
        return node(new InList(identifier, values, negated), ValueType.BOOLEAN, 2, value.position());
    }

    private Operand like(Operand value, boolean negated) throws InvalidSelectorException {
        Identifier identifier = requireIdentifier(value, "LIKE");
        Token pattern = expect(TokenKind.STRING, "a string literal pattern after LIKE");
        int escape = -1;
        if (accept(TokenKind.ESCAPE)) {
            Token escapeToken = expect(TokenKind.STRING, "a string literal after ESCAPE");
            String chars = escapeToken.text();
            if (chars.isEmpty() || chars.codePointCount(0, chars.length()) != 1) {
                throw error(escapeToken.position(), "ESCAPE needs exactly one character, found " + escapeToken.describe());
            }
            escape = chars.codePointAt(0);
        }
        try {
            LikePattern compiled = LikePattern.compile(pattern.text(), escape);
            return node(new Like(identifier, compiled, negated), ValueType.BOOLEAN, 2, value.position());
        } catch (IllegalArgumentException e) {
            throw error(pattern.position(), e.getMessage());
        }
    }

    private Operand isNull(Operand value) throws InvalidSelectorException {
        Identifier identifier = requireIdentifier(value, "IS NULL");
        boolean negated = accept(TokenKind.NOT);
        expect(TokenKind.NULL, negated ? "NULL after IS NOT" : "NULL or NOT NULL after IS");
        return node(new IsNull(identifier, negated), ValueType.BOOLEAN, 2, value.position());
    }

    private Operand additive() throws InvalidSelectorException {
        Operand left = multiplicative();
        while (current.kind() == TokenKind.PLUS || current.kind() == TokenKind.MINUS) {
            ArithmeticOperator operator = advance().kind() == TokenKind.PLUS ? ArithmeticOperator.ADD : ArithmeticOperator.SUBTRACT;
            left = arithmetic(operator, left, multiplicative());
        }
        return left;
    }

    private Operand multiplicative() throws InvalidSelectorException {
        Operand left = unary();
        while (current.kind() == TokenKind.STAR || current.kind() == TokenKind.SLASH) {
            ArithmeticOperator operator = advance().kind() == TokenKind.STAR ? ArithmeticOperator.MULTIPLY : ArithmeticOperator.DIVIDE;
            left = arithmetic(operator, left, unary());
        }
        return left;
    }

    private Operand arithmetic(ArithmeticOperator operator, Operand left, Operand right) throws InvalidSelectorException {
        String name = "'" + operator.symbol() + "'";
        requireNumeric(left, name);
        requireNumeric(right, name);
        return node(new Arithmetic(operator, left.expression(), right.expression()), ValueType.NUMERIC,
                Math.max(left.depth(), right.depth()) + 1, left.position());
    }

    private Operand unary() throws InvalidSelectorException {
        if (current.kind() != TokenKind.PLUS && current.kind() != TokenKind.MINUS) {
            return primary();
        }
        Token sign = advance();
        boolean minus = sign.kind() == TokenKind.MINUS;
        if (current.kind() == TokenKind.NUMBER) {
            // fold the sign into the literal: -9223372036854775808 is only in range with it
            return number(advance(), minus, sign.position());
        }
        enterNesting(sign);
        Operand operand = requireNumeric(unary(), "unary " + sign.kind().description());
        nesting--;
        Expression expression = minus ? new Negation(operand.expression()) : new UnaryPlus(operand.expression());
        return node(expression, ValueType.NUMERIC, operand.depth() + 1, sign.position());
    }

    private Operand primary() throws InvalidSelectorException {
        Token token = current;
        switch (token.kind()) {
            case STRING:
                advance();
                return new Operand(new Literal(token.text()), ValueType.STRING, 1, token.position());
            case NUMBER:
                advance();
                return number(token, false, token.position());
            case TRUE:
            case FALSE:
                advance();
                return new Operand(new Literal(token.kind() == TokenKind.TRUE), ValueType.BOOLEAN, 1, token.position());
            case IDENTIFIER:
                advance();
                return new Operand(new Identifier(token.text()), ValueType.ANY, 1, token.position());
            case LEFT_PAREN:
                advance();
                enterNesting(token);
                Operand inner = or();
                nesting--;
                expect(TokenKind.RIGHT_PAREN, "')'");
                return new Operand(inner.expression(), inner.type(), inner.depth(), token.position());
            case NULL:
                throw error(token.position(), "NULL may only be used in IS NULL or IS NOT NULL");
            default:
                throw unexpected(token.kind().isReservedWord()
                        ? "an operand (reserved words cannot be identifiers)"
                        : "an operand");
        }
    }

    private Operand number(Token token, boolean negative, int position) throws InvalidSelectorException {
        try {
            Object value = NumericLiterals.parse(token.text(), negative);
            return new Operand(new Literal(value), ValueType.NUMERIC, 1, position);
        } catch (IllegalArgumentException e) {
            throw error(token.position(), e.getMessage());
        }
    }

    private static ComparisonOperator comparisonOperator(Token token) {
        return switch (token.kind()) {
            case EQUAL -> ComparisonOperator.EQUAL;
            case NOT_EQUAL -> ComparisonOperator.NOT_EQUAL;
            case LESS -> ComparisonOperator.LESS;
            case LESS_OR_EQUAL -> ComparisonOperator.LESS_OR_EQUAL;
            case GREATER -> ComparisonOperator.GREATER;
            case GREATER_OR_EQUAL -> ComparisonOperator.GREATER_OR_EQUAL;
            default -> throw new IllegalStateException("not a comparison: " + token);
        };
    }

    // ---- type checks --------------------------------------------------------------------------

    private Operand requireCondition(Operand operand, String user) throws InvalidSelectorException {
        if (!operand.type().canBeBoolean()) {
            throw error(operand.position(), user + " needs a condition, found a " + describe(operand.type()));
        }
        return operand;
    }

    private Operand requireNumeric(Operand operand, String user) throws InvalidSelectorException {
        if (!operand.type().canBeNumeric()) {
            throw error(operand.position(), user + " needs a numeric operand, found a " + describe(operand.type()));
        }
        return operand;
    }

    private Identifier requireIdentifier(Operand operand, String user) throws InvalidSelectorException {
        if (operand.expression() instanceof Identifier identifier) {
            return identifier;
        }
        throw error(operand.position(), user + " applies to an identifier only");
    }

    private static String describe(ValueType type) {
        return switch (type) {
            case BOOLEAN -> "boolean expression";
            case NUMERIC -> "numeric expression";
            case STRING -> "string literal";
            case ANY -> "identifier";
        };
    }

    // ---- token handling -----------------------------------------------------------------------

    private Token advance() throws InvalidSelectorException {
        Token taken = current;
        current = lexer.next();
        return taken;
    }

    private boolean accept(TokenKind kind) throws InvalidSelectorException {
        if (current.kind() != kind) {
            return false;
        }
        advance();
        return true;
    }

    private Token expect(TokenKind kind, String what) throws InvalidSelectorException {
        if (current.kind() != kind) {
            throw unexpected(what);
        }
        return advance();
    }

    private InvalidSelectorException unexpected(String expected) {
        return error(current.position(), "expected " + expected + " but found " + current.describe());
    }

    private void enterNesting(Token token) throws InvalidSelectorException {
        if (++nesting > MAX_NESTING) {
            throw error(token.position(), "expression nested deeper than " + MAX_NESTING + " levels");
        }
    }

    private Operand node(Expression expression, ValueType type, int depth, int position) throws InvalidSelectorException {
        if (depth > MAX_DEPTH) {
            throw error(position, "expression tree deeper than " + MAX_DEPTH + " levels");
        }
        return new Operand(expression, type, depth, position);
    }

    private InvalidSelectorException error(int position, String problem) {
        return SelectorErrors.invalid(text, position, problem);
    }
}
