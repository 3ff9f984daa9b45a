package org.letterbox.selector;

/** A constant: Long, Double, String or Boolean. */
final class Literal implements Expression {

    private final Object value;

    Literal(Object value) {
        this.value = value;
    }

    Object value() {
        return value;
    }

    @Override
    public Object evaluate(SelectorContext context) {
        return value;
    }

    @Override
    public String toString() {
        if (value instanceof String s) {
            return "'" + s.replace("'", "''") + "'";
        }
        if (value instanceof Boolean b) {
            return b ? "TRUE" : "FALSE";
        }
        return String.valueOf(value);
    }
}
