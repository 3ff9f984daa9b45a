package org.letterbox.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageNotWriteableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A received message is read-only until clearBody()/clearProperties(), for every body type. */
class ReadOnlyStateTest {

    @Test
    void receivedTextBodyIsReadOnlyUntilClearBody() throws JMSException {
        LetterboxTextMessage message = new LetterboxTextMessage();
        message.setText("hello");
        LetterboxTextMessage received = TestMessages.received(message);
        assertNotWriteable(() -> received.setText("changed"));
        assertEquals("hello", received.getText());
        received.clearBody();
        assertNull(received.getText());
        received.setText("new");
        assertEquals("new", received.getText());
    }

    @Test
    void receivedMapBodyIsReadOnlyUntilClearBody() throws JMSException {
        LetterboxMapMessage message = new LetterboxMapMessage();
        message.setInt("a", 1);
        LetterboxMapMessage received = TestMessages.received(message);
        assertNotWriteable(() -> received.setInt("a", 2));
        assertNotWriteable(() -> received.setObject("b", "x"));
        assertNotWriteable(() -> received.setBytes("c", new byte[1]));
        received.clearBody();
        assertFalse(received.itemExists("a"));
        received.setInt("a", 2);
        assertEquals(2, received.getInt("a"));
    }

    @Test
    void receivedObjectBodyIsReadOnlyUntilClearBody() throws JMSException {
        LetterboxObjectMessage message = new LetterboxObjectMessage();
        message.setObject("payload");
        LetterboxObjectMessage received = TestMessages.received(message);
        assertNotWriteable(() -> received.setObject("changed"));
        received.clearBody();
        assertNull(received.getObject());
        received.setObject("new");
        assertEquals("new", received.getObject());
    }

    @Test
    void receivedBytesBodyIsReadOnlyUntilClearBody() throws JMSException {
        LetterboxBytesMessage message = new LetterboxBytesMessage();
        message.writeInt(7);
        LetterboxBytesMessage received = TestMessages.received(message);
        assertNotWriteable(() -> received.writeInt(8));
        assertNotWriteable(() -> received.writeObject("x"));
        assertEquals(7, received.readInt());
        received.clearBody();
        received.writeInt(9);
        received.reset();
        assertEquals(4, received.getBodyLength());
        assertEquals(9, received.readInt());
    }

    @Test
    void receivedStreamBodyIsReadOnlyUntilClearBody() throws JMSException {
        LetterboxStreamMessage message = new LetterboxStreamMessage();
        message.writeInt(7);
        LetterboxStreamMessage received = TestMessages.received(message);
        assertNotWriteable(() -> received.writeInt(8));
        assertNotWriteable(() -> received.writeObject("x"));
        assertEquals(7, received.readInt());
        received.clearBody();
        received.writeString("new");
        received.reset();
        assertEquals("new", received.readString());
    }

    @Test
    void clearBodyLeavesPropertiesReadOnly() throws JMSException {
        LetterboxTextMessage message = new LetterboxTextMessage();
        message.setIntProperty("p", 1);
        LetterboxTextMessage received = TestMessages.received(message);
        received.clearBody();
        assertNotWriteable(() -> received.setIntProperty("p", 2));
        assertEquals(1, received.getIntProperty("p"));
    }

    @Test
    void clearPropertiesLeavesBodyReadOnly() throws JMSException {
        LetterboxTextMessage message = new LetterboxTextMessage();
        message.setText("body");
        LetterboxTextMessage received = TestMessages.received(message);
        received.clearProperties();
        received.setIntProperty("p", 2);
        assertNotWriteable(() -> received.setText("changed"));
        assertEquals("body", received.getText());
    }

    @Test
    void decodedMessageIsWritableUntilMarkedReceived() throws JMSException {
        LetterboxTextMessage message = new LetterboxTextMessage();
        message.setText("a");
        LetterboxTextMessage decoded = (LetterboxTextMessage) MessageCodec.decode(MessageCodec.encode(message));
        decoded.setText("b");
        decoded.setIntProperty("p", 1);
        decoded.markReceived();
        assertNotWriteable(() -> decoded.setText("c"));
        assertNotWriteable(() -> decoded.setIntProperty("p", 2));
    }

    private static void assertNotWriteable(Executable write) {
        assertThrows(MessageNotWriteableException.class, write);
    }
}
