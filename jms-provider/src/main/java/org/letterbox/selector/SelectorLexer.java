package org.letterbox.selector;

import jakarta.jms.InvalidSelectorException;

/**
 * Splits a selector into tokens, one {@link #next()} call at a time. White space is Java's: space,
 * tab, form feed and line terminators. A numeric lexeme is taken whole (digits, letters, {@code _},
 * {@code .}, and a sign right after an exponent letter) and validated later by {@link NumericLiterals},
 * so {@code 12ab} is one bad literal rather than a number followed by an identifier.
 */
final class SelectorLexer {

    private final String input;
    private int position;

    SelectorLexer(String input) {
        this.input = input;
    }

    Token next() throws InvalidSelectorException {
        skipWhiteSpace();
        if (position >= input.length()) {
            return new Token(TokenKind.END, "", position);
        }
        char c = input.charAt(position);
        if (c == '\'') {
            return string();
        }
        if (isDigit(c) || (c == '.' && position + 1 < input.length() && isDigit(input.charAt(position + 1)))) {
            return number();
        }
        if (Character.isJavaIdentifierStart(input.codePointAt(position))) {
            return word();
        }
        return operator(c);
    }

    private void skipWhiteSpace() {
        while (position < input.length()) {
            char c = input.charAt(position);
            if (c != ' ' && c != '\t' && c != '\f' && c != '\n' && c != '\r') {
                return;
            }
            position++;
        }
    }

    private Token string() throws InvalidSelectorException {
        int start = position++;
        StringBuilder value = new StringBuilder();
        while (position < input.length()) {
            char c = input.charAt(position++);
            if (c != '\'') {
                value.append(c);
            } else if (position < input.length() && input.charAt(position) == '\'') {
                value.append('\''); // '' stands for one quote
                position++;
            } else {
                return new Token(TokenKind.STRING, value.toString(), start);
            }
        }
        throw SelectorErrors.invalid(input, start, "unterminated string literal");
    }

    private Token number() {
        int start = position;
        boolean hex = input.startsWith("0x", start) || input.startsWith("0X", start);
        while (position < input.length()) {
            char c = input.charAt(position);
            if (isAsciiLetterOrDigit(c) || c == '_' || c == '.'
                    || ((c == '+' || c == '-') && followsExponentLetter(hex))) {
                position++;
            } else {
                break;
            }
        }
        return new Token(TokenKind.NUMBER, input.substring(start, position), start);
    }

    /** {@code 1e+5} and {@code 0x1p-3} carry a signed exponent; in {@code 0x1E+5} the E is a hex digit. */
    private boolean followsExponentLetter(boolean hex) {
        char previous = input.charAt(position - 1);
        return hex ? previous == 'p' || previous == 'P' : previous == 'e' || previous == 'E';
    }

    private Token word() {
        int start = position;
        while (position < input.length()) {
            int c = input.codePointAt(position);
            if (!Character.isJavaIdentifierPart(c)) {
                break;
            }
            position += Character.charCount(c);
        }
        String text = input.substring(start, position);
        TokenKind reserved = TokenKind.reservedWord(text);
        return new Token(reserved == null ? TokenKind.IDENTIFIER : reserved, text, start);
    }

    private Token operator(char c) throws InvalidSelectorException {
        int start = position++;
        TokenKind kind = switch (c) {
            case '(' -> TokenKind.LEFT_PAREN;
            case ')' -> TokenKind.RIGHT_PAREN;
            case ',' -> TokenKind.COMMA;
            case '=' -> TokenKind.EQUAL;
            case '+' -> TokenKind.PLUS;
            case '-' -> TokenKind.MINUS;
            case '*' -> TokenKind.STAR;
            case '/' -> TokenKind.SLASH;
            case '<' -> accept('>') ? TokenKind.NOT_EQUAL : accept('=') ? TokenKind.LESS_OR_EQUAL : TokenKind.LESS;
            case '>' -> accept('=') ? TokenKind.GREATER_OR_EQUAL : TokenKind.GREATER;
            default -> null;
        };
        if (kind == null) {
            String shown = new String(Character.toChars(input.codePointAt(start)));
            throw SelectorErrors.invalid(input, start, "unexpected character '" + shown + "'");
        }
        return new Token(kind, input.substring(start, position), start);
    }

    private boolean accept(char expected) {
        if (position < input.length() && input.charAt(position) == expected) {
            position++;
            return true;
        }
        return false;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
