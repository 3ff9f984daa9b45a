package org.letterbox.jms.message;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;

import java.io.UTFDataFormatException;
import java.util.Objects;

/**
 * A message whose body is a stream of bytes written and read like {@link java.io.DataOutputStream} and
 * {@link java.io.DataInputStream}. Write-only until {@link #reset()} (or delivery), read-only after.
 */
public class LetterboxBytesMessage extends LetterboxMessage implements BytesMessage {
    private static final byte[] EMPTY = new byte[0];
    private static final int INITIAL_CAPACITY = 64;

    private ByteArrayWriter writer; // write mode: the bytes written so far; null before the first write
    private ByteArrayReader reader; // read mode: the body, positioned at the next byte to read

    @Override
    public void reset() {
        makeBodyReadOnly();
    }

    @Override
    public long getBodyLength() throws JMSException {
        return readable().length();
    }

    @Override
    public boolean readBoolean() throws JMSException {
        return readable().readBoolean();
    }

    @Override
    public byte readByte() throws JMSException {
        return readable().readByte();
    }

    @Override
    public int readUnsignedByte() throws JMSException {
        return readable().readUnsignedByte();
    }

    @Override
    public short readShort() throws JMSException {
        return readable().readShort();
    }

    @Override
    public int readUnsignedShort() throws JMSException {
        return readable().readUnsignedShort();
    }

    @Override
    public char readChar() throws JMSException {
        return readable().readChar();
    }

    @Override
    public int readInt() throws JMSException {
        return readable().readInt();
    }

    @Override
    public long readLong() throws JMSException {
        return readable().readLong();
    }

    @Override
    public float readFloat() throws JMSException {
        return readable().readFloat();
    }

    @Override
    public double readDouble() throws JMSException {
        return readable().readDouble();
    }

    @Override
    public String readUTF() throws JMSException {
        return readable().readModifiedUtf8();
    }

    @Override
    public int readBytes(byte[] value) throws JMSException {
        return readBytes(value, value.length);
    }

    /** Up to {@code length} bytes into the start of {@code value}; -1 once the body is exhausted. */
    @Override
    public int readBytes(byte[] value, int length) throws JMSException {
        if (length < 0 || length > value.length) {
            throw new IndexOutOfBoundsException("length " + length + " outside 0.." + value.length);
        }
        ByteArrayReader in = readable();
        if (in.remaining() == 0) {
            return -1;
        }
        int count = Math.min(length, in.remaining());
        in.readFully(value, 0, count);
        return count;
    }

    @Override
    public void writeBoolean(boolean value) throws JMSException {
        writable().writeBoolean(value);
    }

    @Override
    public void writeByte(byte value) throws JMSException {
        writable().writeByte(value);
    }

    @Override
    public void writeShort(short value) throws JMSException {
        writable().writeShort(value);
    }

    @Override
    public void writeChar(char value) throws JMSException {
        writable().writeShort(value);
    }

    @Override
    public void writeInt(int value) throws JMSException {
        writable().writeInt(value);
    }

    @Override
    public void writeLong(long value) throws JMSException {
        writable().writeLong(value);
    }

    @Override
    public void writeFloat(float value) throws JMSException {
        writable().writeFloat(value);
    }

    @Override
    public void writeDouble(double value) throws JMSException {
        writable().writeDouble(value);
    }

    @Override
    public void writeUTF(String value) throws JMSException {
        Objects.requireNonNull(value, "value");
        try {
            writable().writeModifiedUtf8(value);
        } catch (UTFDataFormatException tooLong) {
            throw FormatExceptions.withCause("string too long for writeUTF: " + tooLong.getMessage(), tooLong);
        }
    }

    @Override
    public void writeBytes(byte[] value) throws JMSException {
        writable().write(value, 0, value.length);
    }

    @Override
    public void writeBytes(byte[] value, int offset, int length) throws JMSException {
        writable().write(value, offset, length);
    }

    /** Writes a primitive wrapper, String (as writeUTF) or byte[]; null is a NullPointerException, per the javadoc. */
    @Override
    public void writeObject(Object value) throws JMSException {
        Objects.requireNonNull(value, "value");
        if (value instanceof byte[] bytes) {
            writeBytes(bytes);
        } else if (value instanceof String s) {
            writeUTF(s);
        } else if (value instanceof Integer i) {
            writeInt(i);
        } else if (value instanceof Long l) {
            writeLong(l);
        } else if (value instanceof Boolean b) {
            writeBoolean(b);
        } else if (value instanceof Double d) {
            writeDouble(d);
        } else if (value instanceof Float f) {
            writeFloat(f);
        } else if (value instanceof Short s) {
            writeShort(s);
        } else if (value instanceof Byte b) {
            writeByte(b);
        } else if (value instanceof Character c) {
            writeChar(c);
        } else {
            throw new MessageFormatException("a BytesMessage cannot hold a " + value.getClass().getName());
        }
    }

    private ByteArrayReader readable() throws JMSException {
        checkBodyReadable();
        return reader;
    }

    private ByteArrayWriter writable() throws JMSException {
        checkBodyWritable();
        if (writer == null) {
            writer = new ByteArrayWriter(INITIAL_CAPACITY);
        }
        return writer;
    }

    /** Switches to read mode over what was written (no copy); in read mode, rewinds. */
    @Override
    void makeBodyReadOnly() {
        if (!isBodyReadOnly()) {
            reader = writer == null ? new ByteArrayReader(EMPTY) : new ByteArrayReader(writer.array(), 0, writer.size());
            writer = null;
            super.makeBodyReadOnly();
        }
        reader.rewind();
    }

    @Override
    void clearBodyContent() {
        writer = null;
        reader = null;
    }

    private int bodyLength() {
        if (reader != null) {
            return reader.length();
        }
        return writer == null ? 0 : writer.size();
    }

    /** The whole body whatever the mode, without moving the read position. */
    @Override
    Object bodyValue() {
        if (bodyLength() == 0) {
            return null;
        }
        return reader != null ? reader.copyAll() : writer.toByteArray();
    }

    @Override
    Class<?> bodyClass() {
        return bodyLength() == 0 ? null : byte[].class;
    }

    @Override
    MessageType messageType() {
        return MessageType.BYTES;
    }

    @Override
    int encodedBodySize() {
        return Integer.BYTES + bodyLength();
    }

    @Override
    void encodeBody(ByteArrayWriter out) {
        out.writeInt(bodyLength());
        if (reader != null) {
            reader.copyAllTo(out);
        } else if (writer != null) {
            out.write(writer.array(), 0, writer.size());
        }
    }

    /** A decoded body shares the encoded array and starts in read mode, as after reset(). */
    @Override
    void decodeBody(ByteArrayReader in) throws JMSException {
        int length = in.readLength();
        if (length < 0) {
            throw new MessageFormatException("a BytesMessage body cannot be null");
        }
        writer = null;
        reader = in.slice(length);
        super.makeBodyReadOnly();
    }
}
