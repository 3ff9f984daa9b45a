package org.letterbox.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.StreamMessage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A message whose body is a sequence of typed values, read back in order with the JMS conversion table.
 * A read that fails (wrong type, unparsable String, null as a primitive) leaves the position where it was.
 */
public class LetterboxStreamMessage extends LetterboxMessage implements StreamMessage {
    private static final int NOT_READING_BYTES = -1;

    private final List<Object> values = new ArrayList<>();
    private int position;
    private int bytesFieldOffset = NOT_READING_BYTES; // inside a byte[] field that readBytes has started

    @Override
    public void reset() {
        makeBodyReadOnly();
    }

    @Override
    public boolean readBoolean() throws JMSException {
        boolean value = ValueConversions.toBoolean(current());
        position++;
        return value;
    }

    @Override
    public byte readByte() throws JMSException {
        byte value = ValueConversions.toByte(current());
        position++;
        return value;
    }

    @Override
    public short readShort() throws JMSException {
        short value = ValueConversions.toShort(current());
        position++;
        return value;
    }

    @Override
    public char readChar() throws JMSException {
        char value = ValueConversions.toChar(current());
        position++;
        return value;
    }

    @Override
    public int readInt() throws JMSException {
        int value = ValueConversions.toInt(current());
        position++;
        return value;
    }

    @Override
    public long readLong() throws JMSException {
        long value = ValueConversions.toLong(current());
        position++;
        return value;
    }

    @Override
    public float readFloat() throws JMSException {
        float value = ValueConversions.toFloat(current());
        position++;
        return value;
    }

    @Override
    public double readDouble() throws JMSException {
        double value = ValueConversions.toDouble(current());
        position++;
        return value;
    }

    @Override
    public String readString() throws JMSException {
        String value = ValueConversions.toString(current());
        position++;
        return value;
    }

    @Override
    public Object readObject() throws JMSException {
        Object value = current();
        position++;
        return value instanceof byte[] bytes ? bytes.clone() : value;
    }

    /**
     * Reads a byte[] field in chunks: returns how many bytes were copied; a result smaller than
     * {@code value.length} ends the field, an equal one needs another call, which returns -1 when
     * nothing was left. A null field reads as -1. Other types cannot be read until the field is done.
     */
    @Override
    public int readBytes(byte[] value) throws JMSException {
        boolean firstChunk = bytesFieldOffset == NOT_READING_BYTES;
        if (firstChunk) {
            Object field = current();
            if (field == null) {
                position++;
                return -1;
            }
            ValueConversions.toBytes(field); // throws unless a byte[]
            bytesFieldOffset = 0;
        } else {
            checkBodyReadable();
        }
        byte[] field = (byte[]) values.get(position);
        int left = field.length - bytesFieldOffset;
        if (left == 0 && !firstChunk) {
            finishBytesField();
            return -1;
        }
        int count = Math.min(left, value.length);
        System.arraycopy(field, bytesFieldOffset, value, 0, count);
        bytesFieldOffset += count;
        if (count < value.length) {
            finishBytesField();
        }
        return count;
    }

    @Override
    public void writeBoolean(boolean value) throws JMSException {
        append(value);
    }

    @Override
    public void writeByte(byte value) throws JMSException {
        append(value);
    }

    @Override
    public void writeShort(short value) throws JMSException {
        append(value);
    }

    @Override
    public void writeChar(char value) throws JMSException {
        append(value);
    }

    @Override
    public void writeInt(int value) throws JMSException {
        append(value);
    }

    @Override
    public void writeLong(long value) throws JMSException {
        append(value);
    }

    @Override
    public void writeFloat(float value) throws JMSException {
        append(value);
    }

    @Override
    public void writeDouble(double value) throws JMSException {
        append(value);
    }

    @Override
    public void writeString(String value) throws JMSException {
        append(value);
    }

    @Override
    public void writeBytes(byte[] value) throws JMSException {
        append(value == null ? null : value.clone());
    }

    @Override
    public void writeBytes(byte[] value, int offset, int length) throws JMSException {
        Objects.checkFromIndexSize(offset, length, value.length);
        append(Arrays.copyOfRange(value, offset, offset + length));
    }

    /** A primitive wrapper, String, byte[] (copied) or null. */
    @Override
    public void writeObject(Object value) throws JMSException {
        if (!ValueConversions.isBodyValue(value)) {
            throw new MessageFormatException("a StreamMessage cannot hold a " + value.getClass().getName());
        }
        append(value instanceof byte[] bytes ? bytes.clone() : value);
    }

    /** The field at the read position, checking mode, an unfinished byte[] field and the end of the stream. */
    private Object current() throws JMSException {
        checkBodyReadable();
        if (bytesFieldOffset != NOT_READING_BYTES) {
            throw new MessageFormatException("a byte[] field is partly read; finish it with readBytes first");
        }
        if (position >= values.size()) {
            throw new MessageEOFException("end of the stream message");
        }
        return values.get(position);
    }

    private void finishBytesField() {
        bytesFieldOffset = NOT_READING_BYTES;
        position++;
    }

    private void append(Object value) throws JMSException {
        checkBodyWritable();
        values.add(value);
    }

    @Override
    void makeBodyReadOnly() {
        super.makeBodyReadOnly();
        position = 0;
        bytesFieldOffset = NOT_READING_BYTES;
    }

    @Override
    void clearBodyContent() {
        values.clear();
        position = 0;
        bytesFieldOffset = NOT_READING_BYTES;
    }

    /** A stream has no single-object form: getBody always refuses, per the javadoc. */
    @Override
    public <T> T getBody(Class<T> type) throws JMSException {
        throw new MessageFormatException("the body of a StreamMessage cannot be read with getBody");
    }

    @Override
    @SuppressWarnings("rawtypes")
    public boolean isBodyAssignableTo(Class type) {
        return false;
    }

    @Override
    MessageType messageType() {
        return MessageType.STREAM;
    }

    @Override
    int encodedBodySize() {
        int size = Integer.BYTES;
        for (Object value : values) {
            size += TypedValues.sizeOf(value);
        }
        return size;
    }

    @Override
    void encodeBody(ByteArrayWriter out) {
        out.writeInt(values.size());
        for (Object value : values) {
            TypedValues.write(out, value);
        }
    }

    /** A decoded stream starts in read mode, as after reset(). */
    @Override
    void decodeBody(ByteArrayReader in) throws JMSException {
        int count = in.readCount();
        for (int i = 0; i < count; i++) {
            values.add(TypedValues.read(in));
        }
        makeBodyReadOnly();
    }
}
