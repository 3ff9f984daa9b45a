package org.letterbox.selector;

/** A header or property reference; its value (or NULL) comes from the context on each evaluation. */
final class Identifier implements Expression {

    private final String name;

    Identifier(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    @Override
    public Object evaluate(SelectorContext context) {
        return context.get(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
