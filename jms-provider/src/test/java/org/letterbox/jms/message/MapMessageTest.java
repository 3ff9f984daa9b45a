package org.letterbox.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MapMessageTest {

    @Test
    void nullOrEmptyItemNameIsIllegalArgument() {
        LetterboxMapMessage message = new LetterboxMapMessage();
        for (String name : new String[]{null, ""}) {
            assertThrows(IllegalArgumentException.class, () -> message.setBoolean(name, true));
            assertThrows(IllegalArgumentException.class, () -> message.setByte(name, (byte) 1));
            assertThrows(IllegalArgumentException.class, () -> message.setShort(name, (short) 1));
            assertThrows(IllegalArgumentException.class, () -> message.setChar(name, 'c'));
            assertThrows(IllegalArgumentException.class, () -> message.setInt(name, 1));
            assertThrows(IllegalArgumentException.class, () -> message.setLong(name, 1));
            assertThrows(IllegalArgumentException.class, () -> message.setFloat(name, 1));
            assertThrows(IllegalArgumentException.class, () -> message.setDouble(name, 1));
            assertThrows(IllegalArgumentException.class, () -> message.setString(name, "x"));
            assertThrows(IllegalArgumentException.class, () -> message.setBytes(name, new byte[1]));
            assertThrows(IllegalArgumentException.class, () -> message.setBytes(name, new byte[1], 0, 1));
            assertThrows(IllegalArgumentException.class, () -> message.setObject(name, 1));
        }
    }

    @Test
    void itemNamesNeedNotBeIdentifiers() throws JMSException {
        LetterboxMapMessage message = new LetterboxMapMessage();
        message.setString("has spaces & symbols", "ok");
        message.setString("AND", "ok");
        assertEquals("ok", TestMessages.received(message).getString("has spaces & symbols"));
    }

    @Test
    void itemExistsAndMapNamesListEveryItem() throws JMSException {
        LetterboxMapMessage message = new LetterboxMapMessage();
        message.setInt("b", 1);
        message.setString("a", null);
        message.setBytes("c", new byte[0]);
        LetterboxMapMessage received = TestMessages.received(message);
        assertTrue(received.itemExists("a"));
        assertTrue(received.itemExists("b"));
        assertFalse(received.itemExists("z"));
        assertEquals(List.of("b", "a", "c"), Collections.list(received.getMapNames()));
    }

    @Test
    void missingItemReadsLikeValueOfNull() throws JMSException {
        LetterboxMapMessage message = new LetterboxMapMessage();
        assertFalse(message.getBoolean("missing"));
        assertThrows(NumberFormatException.class, () -> message.getByte("missing"));
        assertThrows(NumberFormatException.class, () -> message.getShort("missing"));
        assertThrows(NumberFormatException.class, () -> message.getInt("missing"));
        assertThrows(NumberFormatException.class, () -> message.getLong("missing"));
        assertThrows(NullPointerException.class, () -> message.getFloat("missing"));
        assertThrows(NullPointerException.class, () -> message.getDouble("missing"));
        assertThrows(NullPointerException.class, () -> message.getChar("missing"));
        assertNull(message.getString("missing"));
        assertNull(message.getBytes("missing"));
        assertNull(message.getObject("missing"));
    }

    @Test
    void unparsableStringItemIsNumberFormatException() throws JMSException {
        LetterboxMapMessage message = new LetterboxMapMessage();
        message.setString("s", "twelve");
        assertThrows(NumberFormatException.class, () -> message.getInt("s"));
        assertThrows(NumberFormatException.class, () -> message.getDouble("s"));
        assertThrows(MessageFormatException.class, () -> message.getChar("s"));
        assertThrows(MessageFormatException.class, () -> message.getBytes("s"));
    }

    @Test
    void setObjectAcceptsOnlyJmsTypes() throws JMSException {
        LetterboxMapMessage message = new LetterboxMapMessage();
        for (Object ok : List.of(true, (byte) 1, (short) 2, 'c', 3, 4L, 5f, 6d, "seven")) {
            message.setObject("v", ok);
            assertEquals(ok, message.getObject("v"));
        }
        message.setObject("bytes", new byte[]{1});
        message.setObject("null", null);
        assertTrue(message.itemExists("null"));
        assertThrows(MessageFormatException.class, () -> message.setObject("bad", new Object()));
        assertThrows(MessageFormatException.class, () -> message.setObject("bad", List.of(1)));
        assertFalse(message.itemExists("bad"));
    }

    @Test
    void byteArraysAreCopiedInAndOut() throws JMSException {
        LetterboxMapMessage message = new LetterboxMapMessage();
        byte[] value = {1, 2, 3};
        message.setBytes("b", value);
        message.setObject("o", value);
        message.setBytes("range", value, 1, 2);
        value[0] = 9;
        assertArrayEquals(new byte[]{1, 2, 3}, message.getBytes("b"));
        assertArrayEquals(new byte[]{1, 2, 3}, (byte[]) message.getObject("o"));
        assertArrayEquals(new byte[]{2, 3}, message.getBytes("range"));
        message.getBytes("b")[0] = 9;
        ((byte[]) message.getObject("b"))[1] = 9;
        assertArrayEquals(new byte[]{1, 2, 3}, message.getBytes("b"));
    }

    @Test
    void setBytesWithABadRangeIsIndexOutOfBounds() {
        LetterboxMapMessage message = new LetterboxMapMessage();
        assertThrows(IndexOutOfBoundsException.class, () -> message.setBytes("b", new byte[2], 1, 2));
    }
}
