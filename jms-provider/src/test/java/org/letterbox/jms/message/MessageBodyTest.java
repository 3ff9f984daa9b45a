package org.letterbox.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** getBody and isBodyAssignableTo, per the JMS 2.0 Message javadoc. */
class MessageBodyTest {

    @Test
    void plainMessageHasNoBodySoAnyTypeGivesNull() throws JMSException {
        LetterboxMessage message = new LetterboxMessage();
        assertNull(message.getBody(String.class));
        assertNull(message.getBody(Integer.class));
        assertTrue(message.isBodyAssignableTo(String.class));
        assertTrue(message.isBodyAssignableTo(Map.class));
    }

    @Test
    void emptyBodiesGiveNullForAnyType() throws JMSException {
        LetterboxBytesMessage emptyBytes = new LetterboxBytesMessage();
        List<LetterboxMessage> empty = List.of(new LetterboxTextMessage(), emptyBytes,
                new LetterboxMapMessage(), new LetterboxObjectMessage());
        for (LetterboxMessage message : empty) {
            assertNull(message.getBody(Integer.class), message.getClass().getSimpleName());
            assertTrue(message.isBodyAssignableTo(Integer.class), message.getClass().getSimpleName());
        }
        emptyBytes.reset();
        assertNull(emptyBytes.getBody(byte[].class));
    }

    @Test
    void textBodyIsAString() throws JMSException {
        LetterboxTextMessage message = new LetterboxTextMessage();
        message.setText("hi");
        assertEquals("hi", message.getBody(String.class));
        assertEquals("hi", message.getBody(CharSequence.class));
        assertEquals("hi", message.getBody(Object.class));
        assertTrue(message.isBodyAssignableTo(String.class));
        assertTrue(message.isBodyAssignableTo(Serializable.class));
        assertFalse(message.isBodyAssignableTo(Integer.class));
        assertFalse(message.isBodyAssignableTo(byte[].class));
        assertThrows(MessageFormatException.class, () -> message.getBody(Integer.class));
    }

    @Test
    void bytesBodyIsTheWholeByteArrayInEitherMode() throws JMSException {
        LetterboxBytesMessage message = new LetterboxBytesMessage();
        message.writeInt(0x01020304);
        assertArrayEquals(new byte[]{1, 2, 3, 4}, message.getBody(byte[].class)); // write mode
        message.reset();
        assertArrayEquals(new byte[]{1, 2, 3, 4}, message.getBody(byte[].class));
        assertTrue(message.isBodyAssignableTo(byte[].class));
        assertTrue(message.isBodyAssignableTo(Object.class));
        assertFalse(message.isBodyAssignableTo(String.class));
        assertThrows(MessageFormatException.class, () -> message.getBody(String.class));
    }

    @Test
    void getBodyDoesNotMoveTheBytesReadPosition() throws JMSException {
        LetterboxBytesMessage message = new LetterboxBytesMessage();
        message.writeShort((short) 1);
        message.writeShort((short) 2);
        LetterboxBytesMessage received = TestMessages.received(message);
        assertEquals(1, received.readShort());
        assertEquals(4, received.getBody(byte[].class).length);
        assertEquals(2, received.readShort());
    }

    @Test
    void bytesBodyIsACopy() throws JMSException {
        LetterboxBytesMessage message = new LetterboxBytesMessage();
        message.writeByte((byte) 1);
        LetterboxBytesMessage received = TestMessages.received(message);
        received.getBody(byte[].class)[0] = 9;
        assertEquals(1, received.readByte());
    }

    @Test
    void mapBodyIsAnUnmodifiableMap() throws JMSException {
        LetterboxMapMessage message = new LetterboxMapMessage();
        message.setInt("a", 1);
        message.setString("b", "two");
        Map<?, ?> body = TestMessages.received(message).getBody(Map.class);
        assertEquals(Map.of("a", 1, "b", "two"), body);
        assertThrows(UnsupportedOperationException.class, () -> body.clear());
        assertTrue(message.isBodyAssignableTo(Map.class));
        assertTrue(message.isBodyAssignableTo(Object.class));
        assertFalse(message.isBodyAssignableTo(HashMap.class));
        assertFalse(message.isBodyAssignableTo(String.class));
        assertThrows(MessageFormatException.class, () -> message.getBody(HashMap.class));
        assertThrows(MessageFormatException.class, () -> message.getBody(String.class));
    }

    @Test
    void objectBodyIsTheDeserializedObject() throws JMSException {
        LetterboxObjectMessage message = new LetterboxObjectMessage();
        message.setObject(new Order("x"));
        assertEquals(new Order("x"), message.getBody(Serializable.class));
        assertEquals(new Order("x"), message.getBody(Order.class));
        assertTrue(message.isBodyAssignableTo(Serializable.class));
        assertTrue(message.isBodyAssignableTo(Order.class));
        assertFalse(message.isBodyAssignableTo(String.class));
        assertThrows(MessageFormatException.class, () -> message.getBody(String.class));
    }

    @Test
    void objectThatCannotBeDeserializedIsNotAssignableAndGetBodyFails() throws JMSException {
        LetterboxObjectMessage message = new LetterboxObjectMessage();
        message.setObject(new Order("x"));
        System.setProperty("org.letterbox.serializable.packages", "com.acme");
        try {
            assertFalse(message.isBodyAssignableTo(Serializable.class));
            assertThrows(MessageFormatException.class, () -> message.getBody(Serializable.class));
        } finally {
            System.clearProperty("org.letterbox.serializable.packages");
        }
    }

    @Test
    void streamBodyCanNeverBeReadWithGetBody() throws JMSException {
        LetterboxStreamMessage empty = new LetterboxStreamMessage();
        assertThrows(MessageFormatException.class, () -> empty.getBody(Object.class));
        assertFalse(empty.isBodyAssignableTo(Object.class));
        LetterboxStreamMessage full = new LetterboxStreamMessage();
        full.writeInt(1);
        assertThrows(MessageFormatException.class, () -> full.getBody(Object.class));
        assertFalse(full.isBodyAssignableTo(Object.class));
    }

    @Test
    void textBodyIsTheSameStringObject() throws JMSException {
        String text = "same";
        LetterboxTextMessage message = new LetterboxTextMessage();
        message.setText(text);
        assertSame(text, message.getBody(String.class));
    }
}
