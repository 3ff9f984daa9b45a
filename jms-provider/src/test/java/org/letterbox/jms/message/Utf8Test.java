package org.letterbox.jms.message;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The codec's UTF-8 writer must agree with the JDK's encoder byte for byte, surrogates included. */
class Utf8Test {

    @Test
    void encodingMatchesTheJdkForRandomStrings() {
        Random random = new Random(3);
        char[] alphabet = {'a', '\u007f', '\u0080', '\u07ff', '\u0800', '\uffff', '\uD83D', '\uDE00', '\uD800', '\uDC00', '\u0000'};
        for (int round = 0; round < 5_000; round++) {
            char[] chars = new char[random.nextInt(20)];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = alphabet[random.nextInt(alphabet.length)];
            }
            assertEncodesLikeTheJdk(new String(chars));
        }
    }

    @Test
    void edgeStrings() {
        for (String s : new String[]{"", "ascii", "\u00e9", "\u4e16", "\uD83D\uDE00", "\uD800", "\uDC00", "\uDC00\uD800", "x\uD83D"}) {
            assertEncodesLikeTheJdk(s);
        }
    }

    private static void assertEncodesLikeTheJdk(String s) {
        byte[] expected = s.getBytes(StandardCharsets.UTF_8);
        assertEquals(expected.length, Utf8.encodedLength(s), () -> Arrays.toString(s.toCharArray()));
        byte[] actual = new byte[expected.length + 2];
        assertEquals(expected.length + 1, Utf8.encode(s, actual, 1));
        assertArrayEquals(expected, Arrays.copyOfRange(actual, 1, expected.length + 1));
    }
}
