package org.letterbox.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.letterbox.jms.message.ConversionTable.JmsType;

import java.util.EnumSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every allowed and every forbidden (written type, read type) pair, for properties, MapMessage and StreamMessage. */
class ConversionTableTest {

    static Stream<Arguments> propertyPairs() {
        return ConversionTable.pairs(ConversionTable.PROPERTY_TYPES);
    }

    static Stream<Arguments> bodyPairs() {
        return ConversionTable.pairs(EnumSet.allOf(JmsType.class));
    }

    @ParameterizedTest(name = "property written as {0}, read as {1}")
    @MethodSource("propertyPairs")
    void propertyReadsFollowTheConversionTable(JmsType written, JmsType read) throws JMSException {
        LetterboxMessage message = new LetterboxMessage();
        setProperty(message, written, ConversionTable.sample(written));
        assertReadFollowsTable(written, read, () -> getProperty(message, read));
        // and the same once received, where the value came through the codec
        LetterboxMessage received = TestMessages.received(message);
        assertReadFollowsTable(written, read, () -> getProperty(received, read));
    }

    @ParameterizedTest(name = "map item written as {0}, read as {1}")
    @MethodSource("bodyPairs")
    void mapReadsFollowTheConversionTable(JmsType written, JmsType read) throws JMSException {
        LetterboxMapMessage message = new LetterboxMapMessage();
        setMapItem(message, written, ConversionTable.sample(written));
        assertReadFollowsTable(written, read, () -> getMapItem(message, read));
        LetterboxMapMessage received = TestMessages.received(message);
        assertReadFollowsTable(written, read, () -> getMapItem(received, read));
    }

    @ParameterizedTest(name = "stream field written as {0}, read as {1}")
    @MethodSource("bodyPairs")
    void streamReadsFollowTheConversionTable(JmsType written, JmsType read) throws JMSException {
        LetterboxStreamMessage message = new LetterboxStreamMessage();
        writeStreamField(message, written, ConversionTable.sample(written));
        message.reset();
        assertReadFollowsTable(written, read, () -> readStreamField(message, read));
        LetterboxStreamMessage received = TestMessages.received(message);
        assertReadFollowsTable(written, read, () -> readStreamField(received, read));
        if (!ConversionTable.allowed(written, read)) {
            // the failed read left the field in place
            assertValueEquals(ConversionTable.sample(written), received.readObject());
        }
    }

    private interface Read {
        Object get() throws JMSException;
    }

    private static void assertReadFollowsTable(JmsType written, JmsType read, Read reader) throws JMSException {
        if (ConversionTable.allowed(written, read)) {
            assertValueEquals(ConversionTable.expected(written, read), reader.get());
        } else {
            assertThrows(MessageFormatException.class, reader::get, written + " read as " + read);
        }
    }

    private static void assertValueEquals(Object expected, Object actual) {
        if (expected instanceof byte[] bytes) {
            assertArrayEquals(bytes, (byte[]) actual);
        } else {
            assertEquals(expected, actual);
        }
    }

    private static void setProperty(LetterboxMessage m, JmsType type, Object v) throws JMSException {
        String name = "p";
        switch (type) {
            case BOOLEAN -> m.setBooleanProperty(name, (Boolean) v);
            case BYTE -> m.setByteProperty(name, (Byte) v);
            case SHORT -> m.setShortProperty(name, (Short) v);
            case INT -> m.setIntProperty(name, (Integer) v);
            case LONG -> m.setLongProperty(name, (Long) v);
            case FLOAT -> m.setFloatProperty(name, (Float) v);
            case DOUBLE -> m.setDoubleProperty(name, (Double) v);
            case STRING -> m.setStringProperty(name, (String) v);
            default -> throw new AssertionError(type);
        }
    }

    private static Object getProperty(LetterboxMessage m, JmsType type) throws JMSException {
        String name = "p";
        return switch (type) {
            case BOOLEAN -> m.getBooleanProperty(name);
            case BYTE -> m.getByteProperty(name);
            case SHORT -> m.getShortProperty(name);
            case INT -> m.getIntProperty(name);
            case LONG -> m.getLongProperty(name);
            case FLOAT -> m.getFloatProperty(name);
            case DOUBLE -> m.getDoubleProperty(name);
            case STRING -> m.getStringProperty(name);
            default -> throw new AssertionError(type);
        };
    }

    private static void setMapItem(LetterboxMapMessage m, JmsType type, Object v) throws JMSException {
        String name = "item";
        switch (type) {
            case BOOLEAN -> m.setBoolean(name, (Boolean) v);
            case BYTE -> m.setByte(name, (Byte) v);
            case SHORT -> m.setShort(name, (Short) v);
            case CHAR -> m.setChar(name, (Character) v);
            case INT -> m.setInt(name, (Integer) v);
            case LONG -> m.setLong(name, (Long) v);
            case FLOAT -> m.setFloat(name, (Float) v);
            case DOUBLE -> m.setDouble(name, (Double) v);
            case STRING -> m.setString(name, (String) v);
            case BYTES -> m.setBytes(name, (byte[]) v);
        }
    }

    private static Object getMapItem(LetterboxMapMessage m, JmsType type) throws JMSException {
        String name = "item";
        return switch (type) {
            case BOOLEAN -> m.getBoolean(name);
            case BYTE -> m.getByte(name);
            case SHORT -> m.getShort(name);
            case CHAR -> m.getChar(name);
            case INT -> m.getInt(name);
            case LONG -> m.getLong(name);
            case FLOAT -> m.getFloat(name);
            case DOUBLE -> m.getDouble(name);
            case STRING -> m.getString(name);
            case BYTES -> m.getBytes(name);
        };
    }

    private static void writeStreamField(LetterboxStreamMessage m, JmsType type, Object v) throws JMSException {
        switch (type) {
            case BOOLEAN -> m.writeBoolean((Boolean) v);
            case BYTE -> m.writeByte((Byte) v);
            case SHORT -> m.writeShort((Short) v);
            case CHAR -> m.writeChar((Character) v);
            case INT -> m.writeInt((Integer) v);
            case LONG -> m.writeLong((Long) v);
            case FLOAT -> m.writeFloat((Float) v);
            case DOUBLE -> m.writeDouble((Double) v);
            case STRING -> m.writeString((String) v);
            case BYTES -> m.writeBytes((byte[]) v);
        }
    }

    private static Object readStreamField(LetterboxStreamMessage m, JmsType type) throws JMSException {
        return switch (type) {
            case BOOLEAN -> m.readBoolean();
            case BYTE -> m.readByte();
            case SHORT -> m.readShort();
            case CHAR -> m.readChar();
            case INT -> m.readInt();
            case LONG -> m.readLong();
            case FLOAT -> m.readFloat();
            case DOUBLE -> m.readDouble();
            case STRING -> m.readString();
            case BYTES -> readWholeBytesField(m);
        };
    }

    private static byte[] readWholeBytesField(LetterboxStreamMessage m) throws JMSException {
        byte[] buffer = new byte[64];
        int length = m.readBytes(buffer);
        return java.util.Arrays.copyOf(buffer, length);
    }
}
