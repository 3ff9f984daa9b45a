package org.letterbox.selector;

import java.util.Map;

/** The lexical tokens of the selector language. */
enum TokenKind {
    IDENTIFIER("identifier"),
    STRING("string literal"),
    NUMBER("numeric literal"),

    NOT("NOT"), AND("AND"), OR("OR"), BETWEEN("BETWEEN"), LIKE("LIKE"), IN("IN"), IS("IS"),
    ESCAPE("ESCAPE"), NULL("NULL"), TRUE("TRUE"), FALSE("FALSE"),

    LEFT_PAREN("'('"), RIGHT_PAREN("')'"), COMMA("','"),
    EQUAL("'='"), NOT_EQUAL("'<>'"), LESS("'<'"), LESS_OR_EQUAL("'<='"), GREATER("'>'"), GREATER_OR_EQUAL("'>='"),
    PLUS("'+'"), MINUS("'-'"), STAR("'*'"), SLASH("'/'"),

    END("end of input");

    private static final Map<String, TokenKind> RESERVED_WORDS = Map.ofEntries(
            Map.entry("NOT", NOT), Map.entry("AND", AND), Map.entry("OR", OR), Map.entry("BETWEEN", BETWEEN),
            Map.entry("LIKE", LIKE), Map.entry("IN", IN), Map.entry("IS", IS), Map.entry("ESCAPE", ESCAPE),
            Map.entry("NULL", NULL), Map.entry("TRUE", TRUE), Map.entry("FALSE", FALSE));

    private final String description;

    TokenKind(String description) {
        this.description = description;
    }

    String description() {
        return description;
    }

    boolean isReservedWord() {
        return RESERVED_WORDS.containsValue(this);
    }

    /**
     * The reserved word spelled by {@code word} in any case, or null. Only ASCII letters are folded:
     * {@code String.toUpperCase} would turn the Turkish dotless {@code "ın"} into {@code "IN"}.
     */
    static TokenKind reservedWord(String word) {
        if (word.length() > 7) {
            return null;
        }
        char[] upper = new char[word.length()];
        for (int i = 0; i < upper.length; i++) {
            char c = word.charAt(i);
            if (c >= 'a' && c <= 'z') {
                c = (char) (c - ('a' - 'A'));
            } else if (c < 'A' || c > 'Z') {
                return null;
            }
            upper[i] = c;
        }
        return RESERVED_WORDS.get(new String(upper));
    }
}
