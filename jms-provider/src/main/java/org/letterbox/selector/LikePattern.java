package org.letterbox.selector;

import java.util.Arrays;
import java.util.function.Predicate;

/**
 * A LIKE pattern compiled once: {@code _} is any one character, {@code %} any sequence (also empty),
 * every other character stands for itself, so regex metacharacters need no quoting. The escape
 * character makes the next character literal ({@code %}, {@code _}, itself, or any other character,
 * as ActiveMQ and Artemis accept); a pattern ending in a lone escape is invalid.
 *
 * <p>Common shapes get a plain String method ({@code equals}, {@code startsWith}, {@code endsWith},
 * {@code contains}); the rest use a linear-space wildcard matcher that backtracks only to the last
 * {@code %}, so no pattern can take exponential time. Characters are Unicode code points: {@code _}
 * matches a whole surrogate pair.
 */
final class LikePattern {

    private static final int ANY_ONE = -1;
    private static final int ANY_SEQUENCE = -2;

    private final String description;
    private final Predicate<String> matcher;

    private LikePattern(String description, Predicate<String> matcher) {
        this.description = description;
        this.matcher = matcher;
    }

    /**
     * @param escape the escape code point, or -1 for none
     * @throws IllegalArgumentException when the pattern ends with an unescaped escape character
     */
    static LikePattern compile(String pattern, int escape) {
        int[] tokens = tokenize(pattern, escape);
        String description = new Literal(pattern)
                + (escape < 0 ? "" : " ESCAPE " + new Literal(new String(Character.toChars(escape))));
        return new LikePattern(description, matcherFor(tokens));
    }

    boolean matches(String value) {
        return matcher.test(value);
    }

    @Override
    public String toString() {
        return description;
    }

    /** Code points, with ANY_ONE / ANY_SEQUENCE for unescaped wildcards; runs of % collapse to one. */
    private static int[] tokenize(String pattern, int escape) {
        int[] tokens = new int[pattern.length()];
        int count = 0;
        for (int i = 0; i < pattern.length(); ) {
            int c = pattern.codePointAt(i);
            i += Character.charCount(c);
            if (c == escape) {
                if (i >= pattern.length()) {
                    throw new IllegalArgumentException("LIKE pattern ends with its escape character");
                }
                c = pattern.codePointAt(i);
                i += Character.charCount(c);
                tokens[count++] = c;
            } else if (c == '_') {
                tokens[count++] = ANY_ONE;
            } else if (c == '%') {
                if (count == 0 || tokens[count - 1] != ANY_SEQUENCE) {
                    tokens[count++] = ANY_SEQUENCE;
                }
            } else {
                tokens[count++] = c;
            }
        }
        return Arrays.copyOf(tokens, count);
    }

    private static Predicate<String> matcherFor(int[] tokens) {
        int n = tokens.length;
        boolean leading = n > 0 && tokens[0] == ANY_SEQUENCE;
        boolean trailing = n > 0 && tokens[n - 1] == ANY_SEQUENCE;
        int from = leading ? 1 : 0;
        int to = trailing && n > from ? n - 1 : n;
        if (!hasWildcard(tokens, from, to)) {
            String literal = new String(tokens, from, to - from);
            if (leading && trailing) {
                return value -> value.contains(literal);
            }
            if (leading) {
                return value -> value.endsWith(literal);
            }
            if (trailing) {
                return value -> value.startsWith(literal);
            }
            return literal::equals;
        }
        return value -> matchesWildcards(tokens, value);
    }

    private static boolean hasWildcard(int[] tokens, int from, int to) {
        for (int i = from; i < to; i++) {
            if (tokens[i] < 0) {
                return true;
            }
        }
        return false;
    }

    /** Greedy match that, on a mismatch, retries from the last % one character further on. */
    private static boolean matchesWildcards(int[] tokens, String value) {
        int v = 0;
        int t = 0;
        int starToken = -1;
        int starValue = 0;
        while (v < value.length()) {
            int c = value.codePointAt(v);
            if (t < tokens.length && (tokens[t] == ANY_ONE || tokens[t] == c)) {
                v += Character.charCount(c);
                t++;
            } else if (t < tokens.length && tokens[t] == ANY_SEQUENCE) {
                starToken = t++;
                starValue = v;
            } else if (starToken >= 0) {
                t = starToken + 1;
                starValue += Character.charCount(value.codePointAt(starValue));
                v = starValue;
            } else {
                return false;
            }
        }
        while (t < tokens.length && tokens[t] == ANY_SEQUENCE) {
            t++;
        }
        return t == tokens.length;
    }
}
