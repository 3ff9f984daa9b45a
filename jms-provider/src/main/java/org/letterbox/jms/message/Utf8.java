package org.letterbox.jms.message;

/**
 * UTF-8 sizing and encoding straight into a byte array, so the codec can size a message exactly and
 * write strings without an intermediate {@code byte[]}. An unpaired surrogate becomes {@code '?'},
 * as {@link String#getBytes(java.nio.charset.Charset)} does, so both agree byte for byte.
 */
final class Utf8 {
    private Utf8() {
    }

    static int encodedLength(String s) {
        int length = s.length();
        int bytes = length;
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                continue;
            }
            if (c < 0x800) {
                bytes += 1;
            } else if (!Character.isSurrogate(c)) {
                bytes += 2;
            } else if (isPairAt(s, i)) {
                bytes += 2; // two chars, four bytes
                i++;
            } // an unpaired surrogate: one '?' byte, already counted
        }
        return bytes;
    }

    /** Writes the UTF-8 form of {@code s} at {@code position}; returns the position after it. */
    static int encode(String s, byte[] target, int position) {
        int length = s.length();
        int p = position;
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                target[p++] = (byte) c;
            } else if (c < 0x800) {
                target[p++] = (byte) (0xC0 | c >> 6);
                target[p++] = (byte) (0x80 | c & 0x3F);
            } else if (!Character.isSurrogate(c)) {
                target[p++] = (byte) (0xE0 | c >> 12);
                target[p++] = (byte) (0x80 | c >> 6 & 0x3F);
                target[p++] = (byte) (0x80 | c & 0x3F);
            } else if (isPairAt(s, i)) {
                int codePoint = Character.toCodePoint(c, s.charAt(++i));
                target[p++] = (byte) (0xF0 | codePoint >> 18);
                target[p++] = (byte) (0x80 | codePoint >> 12 & 0x3F);
                target[p++] = (byte) (0x80 | codePoint >> 6 & 0x3F);
                target[p++] = (byte) (0x80 | codePoint & 0x3F);
            } else {
                target[p++] = '?';
            }
        }
        return p;
    }

    private static boolean isPairAt(String s, int i) {
        return Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
}
