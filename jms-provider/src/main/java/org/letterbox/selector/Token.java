package org.letterbox.selector;

import java.util.Locale;

/**
 * One lexical token. {@code text} is the string literal's value with {@code ''} already unescaped,
 * the raw lexeme for numbers and identifiers, the word as written for reserved words.
 * {@code position} is the 0-based index of its first character.
 */
record Token(TokenKind kind, String text, int position) {

    /** How an error message names this token. */
    String describe() {
        return switch (kind) {
            case IDENTIFIER -> "identifier '" + text + "'";
            case STRING -> "string literal " + new Literal(text);
            case NUMBER -> "numeric literal " + text;
            case END -> kind.description();
            default -> kind.isReservedWord() ? "reserved word " + text.toUpperCase(Locale.ROOT) : kind.description();
        };
    }
}
