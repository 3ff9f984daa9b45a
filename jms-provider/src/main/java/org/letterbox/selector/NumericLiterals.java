package org.letterbox.selector;

import java.util.regex.Pattern;

/**
 * Turns a numeric lexeme into a Long (exact) or Double (approximate) following the Java literal
 * syntax the spec refers to: decimal, hex {@code 0x}, octal {@code 0}, binary {@code 0b}, optional
 * {@code L}; decimal or hex floating point with optional exponent and {@code F}/{@code D}; and
 * {@code _} between digits. Exact values must fit a long ({@code 0x}/octal/binary may use all 64
 * bits, as in Java); approximate values must be finite and not underflow to zero, as javac demands.
 * An {@code F} literal is rounded to float precision first, so {@code 1.1F} equals a float property
 * set to {@code 1.1f}, exactly as in Java.
 *
 * <p>The patterns run once per literal at compile time, never per message.
 */
final class NumericLiterals {

    private static final String DIGITS = "[0-9](?:[0-9_]*[0-9])?";
    private static final String HEX_DIGITS = "[0-9a-fA-F](?:[0-9a-fA-F_]*[0-9a-fA-F])?";
    private static final Pattern DECIMAL = Pattern.compile("(0|[1-9](?:[0-9_]*[0-9])?)[lL]?");
    private static final Pattern HEX = Pattern.compile("0[xX](" + HEX_DIGITS + ")[lL]?");
    private static final Pattern OCTAL = Pattern.compile("0([0-7_]*[0-7])[lL]?");
    private static final Pattern BINARY = Pattern.compile("0[bB]([01](?:[01_]*[01])?)[lL]?");
    private static final Pattern DECIMAL_FLOAT = Pattern.compile(
            "(?:" + DIGITS + "\\.(?:" + DIGITS + ")?|\\." + DIGITS + "|" + DIGITS + ")"
                    + "(?:[eE][+-]?" + DIGITS + ")?[fFdD]?");
    private static final Pattern HEX_FLOAT = Pattern.compile(
            "0[xX](?:" + HEX_DIGITS + "\\.?|(?:" + HEX_DIGITS + ")?\\." + HEX_DIGITS + ")"
                    + "[pP][+-]?" + DIGITS + "[fFdD]?");

    private NumericLiterals() {
    }

    /**
     * @param negative whether a unary minus precedes the literal: {@code -9223372036854775808} is
     *                 only in range when read together with its sign
     * @return a Long or a Double
     * @throws IllegalArgumentException naming what is wrong with the literal
     */
    static Object parse(String lexeme, boolean negative) {
        java.util.regex.Matcher m;
        if ((m = DECIMAL.matcher(lexeme)).matches()) {
            return exact(m.group(1), 10, negative, lexeme);
        }
        if ((m = HEX.matcher(lexeme)).matches()) {
            return exact(m.group(1), 16, negative, lexeme);
        }
        if ((m = BINARY.matcher(lexeme)).matches()) {
            return exact(m.group(1), 2, negative, lexeme);
        }
        if ((m = OCTAL.matcher(lexeme)).matches()) {
            return exact(m.group(1), 8, negative, lexeme);
        }
        boolean hexFloat = HEX_FLOAT.matcher(lexeme).matches();
        if (hexFloat || (DECIMAL_FLOAT.matcher(lexeme).matches() && looksApproximate(lexeme))) {
            return approximate(lexeme, hexFloat, negative);
        }
        throw new IllegalArgumentException("malformed numeric literal " + lexeme);
    }

    private static Long exact(String digits, int radix, boolean negative, String lexeme) {
        String plain = digits.replace("_", "");
        try {
            if (radix == 10) {
                return Long.parseLong(negative ? "-" + plain : plain);
            }
            long value = Long.parseUnsignedLong(plain, radix);
            return negative ? -value : value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("numeric literal " + (negative ? "-" : "") + lexeme + " is out of the range of long");
        }
    }

    /** A digit run is exact unless it has a point, an exponent or a float suffix ({@code 09} is neither). */
    private static boolean looksApproximate(String lexeme) {
        char last = lexeme.charAt(lexeme.length() - 1);
        return lexeme.indexOf('.') >= 0 || lexeme.indexOf('e') >= 0 || lexeme.indexOf('E') >= 0
                || last == 'f' || last == 'F' || last == 'd' || last == 'D';
    }

    private static Double approximate(String lexeme, boolean hex, boolean negative) {
        String plain = lexeme.replace("_", "");
        char last = plain.charAt(plain.length() - 1);
        double value = (last == 'f' || last == 'F') ? Float.parseFloat(plain) : Double.parseDouble(plain);
        if (Double.isInfinite(value)) {
            throw new IllegalArgumentException("numeric literal " + lexeme + " is too large");
        }
        if (value == 0 && hasNonZeroSignificand(plain, hex)) {
            throw new IllegalArgumentException("numeric literal " + lexeme + " is too small");
        }
        return negative ? -value : value;
    }

    private static boolean hasNonZeroSignificand(String literal, boolean hex) {
        int from = hex ? 2 : 0;
        for (int i = from; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (hex ? c == 'p' || c == 'P' : c == 'e' || c == 'E') {
                return false;
            }
            if (c != '0' && c != '.' && Character.digit(c, hex ? 16 : 10) > 0) {
                return true;
            }
        }
        return false;
    }
}
