package org.letterbox.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.MessageNotWriteableException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BytesMessageTest {

    @Test
    void valuesReadBackInTheOrderWritten() throws JMSException {
        LetterboxBytesMessage message = new LetterboxBytesMessage();
        message.writeBoolean(true);
        message.writeByte((byte) -2);
        message.writeShort((short) -300);
        message.writeChar('\u00e9');
        message.writeInt(Integer.MIN_VALUE);
        message.writeLong(Long.MAX_VALUE);
        message.writeFloat(1.5f);
        message.writeDouble(-2.25);
        message.writeUTF("h\u00e9llo \uD83D\uDE00");
        message.writeBytes(new byte[]{1, 2, 3});
        message.writeBytes(new byte[]{9, 4, 5, 9}, 1, 2);
        message.reset();

        assertTrue(message.readBoolean());
        assertEquals(-2, message.readByte());
        assertEquals(-300, message.readShort());
        assertEquals('\u00e9', message.readChar());
        assertEquals(Integer.MIN_VALUE, message.readInt());
        assertEquals(Long.MAX_VALUE, message.readLong());
        assertEquals(1.5f, message.readFloat());
        assertEquals(-2.25, message.readDouble());
        assertEquals("h\u00e9llo \uD83D\uDE00", message.readUTF());
        byte[] rest = new byte[10];
        assertEquals(5, message.readBytes(rest));
        assertArrayEquals(new byte[]{1, 2, 3, 4, 5}, java.util.Arrays.copyOf(rest, 5));
        assertEquals(-1, message.readBytes(rest));
    }

    @Test
    void layoutIsThatOfDataOutputStream() throws Exception {
        LetterboxBytesMessage message = new LetterboxBytesMessage();
        message.writeInt(258);
        message.writeUTF("ab");
        message.writeDouble(1.0);
        message.reset();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(expected)) {
            out.writeInt(258);
            out.writeUTF("ab");
            out.writeDouble(1.0);
        }
        assertArrayEquals(expected.toByteArray(), message.getBody(byte[].class));
    }

    @Test
    void unsignedReadsSeeTheSameBytesUnsigned() throws JMSException {
        LetterboxBytesMessage message = new LetterboxBytesMessage();
        message.writeByte((byte) -1);
        message.writeShort((short) -1);
        message.reset();
        assertEquals(255, message.readUnsignedByte());
        assertEquals(65535, message.readUnsignedShort());
    }

    @Test
    void readingANewMessageIsNotReadable() {
        LetterboxBytesMessage message = new LetterboxBytesMessage();
        assertThrows(MessageNotReadableException.class, message::readInt);
        assertThrows(MessageNotReadableException.class, message::readUTF);
        assertThrows(MessageNotReadableException.class, () -> message.readBytes(new byte[1]));
    }

    @Test
    void writingAfterResetIsNotWriteable() throws JMSException {
        LetterboxBytesMessage message = new LetterboxBytesMessage();
        message.writeInt(1);
        message.reset();
        assertThrows(MessageNotWriteableException.class, () -> message.writeInt(2));
        assertThrows(MessageNotWriteableException.class, () -> message.writeBytes(new byte[1]));
    }

    @Test
    void bodyLengthIsOnlyKnownInReadMode() throws JMSException {
        LetterboxBytesMessage message = new LetterboxBytesMessage();
        message.writeLong(1);
        assertThrows(MessageNotReadableException.class, message::getBodyLength);
        message.reset();
        assertEquals(8, message.getBodyLength());
        message.readInt();
        assertEquals(8, message.getBodyLength()); // the whole body, not what is left
    }

    @Test
    void readingPastTheEndIsEofAndDoesNotConsumeTheRest() throws JMSException {
        LetterboxBytesMessage message = new LetterboxBytesMessage();
        message.writeShort((short) 7);
        message.reset();
        assertThrows(MessageEOFException.class, message::readInt);
        assertEquals(7, message.readShort());
        assertThrows(MessageEOFException.class, message::readByte);
        assertThrows(MessageEOFException.class, message::readBoolean);
        assertThrows(MessageEOFException.class, message::readUTF);
    }

    @Test
    void readBytesFillsInChunksThenReturnsMinusOne() throws JMSException {
        LetterboxBytesMessage message = new LetterboxBytesMessage();
        message.writeBytes(new byte[]{1, 2, 3, 4, 5});
        message.reset();
        byte[] chunk = new byte[2];
        assertEquals(2, message.readBytes(chunk));
        assertArrayEquals(new byte[]{1, 2}, chunk);
        assertEquals(2, message.readBytes(chunk));
        assertEquals(1, message.readBytes(chunk));
        assertEquals(5, chunk[0]);
        assertEquals(-1, message.readBytes(chunk));
    }

    @Test
    void readBytesWithALengthReadsAtMostThatMany() throws JMSException {
        LetterboxBytesMessage message = new LetterboxBytesMessage();
        message.writeBytes(new byte[]{1, 2, 3});
        message.reset();
        byte[] buffer = new byte[3];
        assertEquals(2, message.readBytes(buffer, 2));
        assertArrayEquals(new byte[]{1, 2, 0}, buffer);
        assertThrows(IndexOutOfBoundsException.class, () -> message.readBytes(buffer, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> message.readBytes(buffer, -1));
    }

    @Test
    void resetRewindsToTheStart() throws JMSException {
        LetterboxBytesMessage message = new LetterboxBytesMessage();
        message.writeInt(5);
        message.reset();
        assertEquals(5, message.readInt());
        message.reset();
        assertEquals(5, message.readInt());
    }

    @Test
    void emptyBodyReadsAsEofAndLengthZero() throws JMSException {
        LetterboxBytesMessage message = new LetterboxBytesMessage();
        message.reset();
        assertEquals(0, message.getBodyLength());
        assertEquals(-1, message.readBytes(new byte[4]));
        assertThrows(MessageEOFException.class, message::readByte);
    }

    @Test
    void writeObjectWritesWrappersStringsAndByteArrays() throws JMSException {
        LetterboxBytesMessage message = new LetterboxBytesMessage();
        for (Object value : List.of(true, (byte) 1, (short) 2, 'c', 3, 4L, 5f, 6d, "seven", new byte[]{8})) {
            message.writeObject(value);
        }
        message.reset();
        assertTrue(message.readBoolean());
        assertEquals(1, message.readByte());
        assertEquals(2, message.readShort());
        assertEquals('c', message.readChar());
        assertEquals(3, message.readInt());
        assertEquals(4L, message.readLong());
        assertEquals(5f, message.readFloat());
        assertEquals(6d, message.readDouble());
        assertEquals("seven", message.readUTF());
        assertEquals(8, message.readByte());
    }

    @Test
    void writeObjectRejectsOtherTypesAndNull() {
        LetterboxBytesMessage message = new LetterboxBytesMessage();
        assertThrows(MessageFormatException.class, () -> message.writeObject(new Object()));
        assertThrows(MessageFormatException.class, () -> message.writeObject(List.of(1)));
        assertThrows(NullPointerException.class, () -> message.writeObject(null));
    }

    @Test
    void writeUtfOfAStringOver65535BytesIsAFormatError() throws JMSException {
        LetterboxBytesMessage message = new LetterboxBytesMessage();
        assertThrows(MessageFormatException.class, () -> message.writeUTF("x".repeat(65536)));
        message.writeUTF("x".repeat(65535));
        message.reset();
        assertEquals(65537, message.getBodyLength()); // the failed write left nothing behind
    }

    @Test
    void readUtfOfMalformedBytesIsAFormatError() throws JMSException {
        LetterboxBytesMessage message = new LetterboxBytesMessage();
        message.writeBytes(new byte[]{0, 1, (byte) 0x80});
        message.reset();
        assertThrows(MessageFormatException.class, message::readUTF);
    }

    @Test
    void bigBodyGrowsAndReadsBack() throws JMSException {
        LetterboxBytesMessage message = new LetterboxBytesMessage();
        byte[] chunk = new byte[1000];
        for (int i = 0; i < 3000; i++) {
            java.util.Arrays.fill(chunk, (byte) i);
            message.writeBytes(chunk);
        }
        LetterboxBytesMessage received = TestMessages.received(message);
        assertEquals(3_000_000, received.getBodyLength());
        for (int i = 0; i < 3000; i++) {
            assertEquals(1000, received.readBytes(chunk));
            assertEquals((byte) i, chunk[999]);
        }
        assertEquals(-1, received.readBytes(chunk));
    }

    @Test
    void aDecodedBodyIsPositionedForReading() throws JMSException {
        LetterboxBytesMessage message = new LetterboxBytesMessage();
        message.writeInt(11);
        LetterboxBytesMessage decoded = (LetterboxBytesMessage) MessageCodec.decode(MessageCodec.encode(message));
        assertEquals(4, decoded.getBodyLength());
        assertEquals(11, decoded.readInt());
    }
}
