package org.letterbox.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.MessageNotWriteableException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamMessageTest {

    @Test
    void fieldsReadBackInTheOrderWritten() throws JMSException {
        LetterboxStreamMessage message = new LetterboxStreamMessage();
        message.writeBoolean(true);
        message.writeByte((byte) 1);
        message.writeShort((short) 2);
        message.writeChar('c');
        message.writeInt(3);
        message.writeLong(4);
        message.writeFloat(5f);
        message.writeDouble(6d);
        message.writeString("seven");
        message.writeBytes(new byte[]{8});
        message.writeBytes(new byte[]{0, 9, 0}, 1, 1);
        message.writeObject(10);
        LetterboxStreamMessage received = TestMessages.received(message);
        assertTrue(received.readBoolean());
        assertEquals(1, received.readByte());
        assertEquals(2, received.readShort());
        assertEquals('c', received.readChar());
        assertEquals(3, received.readInt());
        assertEquals(4, received.readLong());
        assertEquals(5f, received.readFloat());
        assertEquals(6d, received.readDouble());
        assertEquals("seven", received.readString());
        assertArrayEquals(new byte[]{8}, (byte[]) received.readObject());
        assertArrayEquals(new byte[]{9}, (byte[]) received.readObject());
        assertEquals(10, received.readObject());
        assertThrows(MessageEOFException.class, received::readObject);
    }

    @Test
    void failedConversionDoesNotAdvanceThePosition() throws JMSException {
        LetterboxStreamMessage message = new LetterboxStreamMessage();
        message.writeString("not a number");
        message.writeLong(5);
        message.reset();
        assertThrows(NumberFormatException.class, message::readInt);
        assertThrows(MessageFormatException.class, message::readChar);
        assertThrows(MessageFormatException.class, () -> message.readBytes(new byte[1]));
        assertEquals("not a number", message.readString());
        assertThrows(MessageFormatException.class, message::readInt); // long -> int is not allowed
        assertThrows(MessageFormatException.class, message::readBoolean);
        assertEquals(5, message.readLong());
    }

    @Test
    void readingPastTheEndIsEof() throws JMSException {
        LetterboxStreamMessage message = new LetterboxStreamMessage();
        message.writeInt(1);
        message.reset();
        message.readInt();
        assertThrows(MessageEOFException.class, message::readInt);
        assertThrows(MessageEOFException.class, message::readString);
        assertThrows(MessageEOFException.class, message::readObject);
        assertThrows(MessageEOFException.class, () -> message.readBytes(new byte[1]));
    }

    @Test
    void nullFieldReadsLikeValueOfNull() throws JMSException {
        LetterboxStreamMessage message = new LetterboxStreamMessage();
        message.writeString(null);
        message.writeObject(null);
        message.writeObject(null);
        message.writeBytes(null);
        LetterboxStreamMessage received = TestMessages.received(message);
        assertThrows(NumberFormatException.class, received::readByte);
        assertThrows(NumberFormatException.class, received::readShort);
        assertThrows(NumberFormatException.class, received::readInt);
        assertThrows(NumberFormatException.class, received::readLong);
        assertThrows(NullPointerException.class, received::readFloat);
        assertThrows(NullPointerException.class, received::readDouble);
        assertThrows(NullPointerException.class, received::readChar);
        assertFalse(received.readBoolean()); // Boolean.valueOf(null); this read consumes the field
        assertNull(received.readString());
        assertNull(received.readObject());
        assertEquals(-1, received.readBytes(new byte[4]));
        assertThrows(MessageEOFException.class, received::readObject);
    }

    @Test
    void byteArrayFieldIsReadInChunks() throws JMSException {
        LetterboxStreamMessage message = new LetterboxStreamMessage();
        message.writeBytes(new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        message.writeInt(99);
        message.reset();
        byte[] buffer = new byte[4];
        assertEquals(4, message.readBytes(buffer));
        assertArrayEquals(new byte[]{1, 2, 3, 4}, buffer);
        assertEquals(4, message.readBytes(buffer));
        assertArrayEquals(new byte[]{5, 6, 7, 8}, buffer);
        assertEquals(2, message.readBytes(buffer)); // fewer than asked: the field is done
        assertEquals(9, buffer[0]);
        assertEquals(10, buffer[1]);
        assertEquals(99, message.readInt());
    }

    @Test
    void byteArrayFieldReadExactlyNeedsOneMoreCallThatReturnsMinusOne() throws JMSException {
        LetterboxStreamMessage message = new LetterboxStreamMessage();
        message.writeBytes(new byte[]{1, 2, 3, 4});
        message.writeString("next");
        message.reset();
        assertEquals(4, message.readBytes(new byte[4]));
        assertEquals(-1, message.readBytes(new byte[4]));
        assertEquals("next", message.readString());
    }

    @Test
    void partlyReadByteArrayBlocksReadsOfOtherTypes() throws JMSException {
        LetterboxStreamMessage message = new LetterboxStreamMessage();
        message.writeBytes(new byte[]{1, 2, 3});
        message.writeInt(7);
        message.reset();
        assertEquals(2, message.readBytes(new byte[2]));
        assertThrows(MessageFormatException.class, message::readInt);
        assertThrows(MessageFormatException.class, message::readObject);
        assertEquals(1, message.readBytes(new byte[2]));
        assertEquals(7, message.readInt());
    }

    @Test
    void resetAbandonsAPartlyReadByteArray() throws JMSException {
        LetterboxStreamMessage message = new LetterboxStreamMessage();
        message.writeBytes(new byte[]{1, 2, 3});
        message.reset();
        message.readBytes(new byte[1]);
        message.reset();
        assertArrayEquals(new byte[]{1, 2, 3}, (byte[]) message.readObject());
    }

    @Test
    void emptyByteArrayFieldReadsZeroBytes() throws JMSException {
        LetterboxStreamMessage message = new LetterboxStreamMessage();
        message.writeBytes(new byte[0]);
        message.writeInt(1);
        LetterboxStreamMessage received = TestMessages.received(message);
        assertEquals(0, received.readBytes(new byte[4]));
        assertEquals(1, received.readInt());
    }

    @Test
    void byteArraysAreCopiedInAndOut() throws JMSException {
        LetterboxStreamMessage message = new LetterboxStreamMessage();
        byte[] written = {1, 2};
        message.writeBytes(written);
        message.writeObject(written);
        written[0] = 9;
        message.reset();
        byte[] first = (byte[]) message.readObject();
        assertArrayEquals(new byte[]{1, 2}, first);
        first[1] = 9;
        message.reset();
        assertArrayEquals(new byte[]{1, 2}, (byte[]) message.readObject());
        assertArrayEquals(new byte[]{1, 2}, (byte[]) message.readObject());
    }

    @Test
    void writeObjectAcceptsOnlyJmsTypes() throws JMSException {
        LetterboxStreamMessage message = new LetterboxStreamMessage();
        for (Object ok : List.of(true, (byte) 1, (short) 2, 'c', 3, 4L, 5f, 6d, "seven", new byte[]{8})) {
            message.writeObject(ok);
        }
        assertThrows(MessageFormatException.class, () -> message.writeObject(new Object()));
        assertThrows(MessageFormatException.class, () -> message.writeObject(List.of()));
    }

    @Test
    void readingInWriteModeIsNotReadable() throws JMSException {
        LetterboxStreamMessage message = new LetterboxStreamMessage();
        message.writeInt(1);
        assertThrows(MessageNotReadableException.class, message::readInt);
        assertThrows(MessageNotReadableException.class, message::readObject);
        assertThrows(MessageNotReadableException.class, () -> message.readBytes(new byte[1]));
    }

    @Test
    void writingInReadModeIsNotWriteable() throws JMSException {
        LetterboxStreamMessage message = new LetterboxStreamMessage();
        message.reset();
        assertThrows(MessageNotWriteableException.class, () -> message.writeInt(1));
        assertThrows(MessageNotWriteableException.class, () -> message.writeObject(null));
        assertThrows(MessageNotWriteableException.class, () -> message.writeBytes(new byte[1], 0, 1));
    }

    @Test
    void clearBodyReturnsToAnEmptyWriteMode() throws JMSException {
        LetterboxStreamMessage message = new LetterboxStreamMessage();
        message.writeInt(1);
        message.reset();
        message.clearBody();
        assertThrows(MessageNotReadableException.class, message::readInt);
        message.writeInt(2);
        message.reset();
        assertEquals(2, message.readInt());
        assertThrows(MessageEOFException.class, message::readInt);
    }
}
