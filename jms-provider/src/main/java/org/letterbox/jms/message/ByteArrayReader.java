package org.letterbox.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Big-endian reads over a slice of a byte array: a received BytesMessage body and the codec's input.
 * Every read checks what is left first, so running past the end throws {@link MessageEOFException}
 * without moving the position, and no length read from the bytes can make it allocate more than
 * the slice holds.
 */
final class ByteArrayReader {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final byte[] bytes;
    private final int start;
    private final int end;
    private int position;

    ByteArrayReader(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    ByteArrayReader(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.start = offset;
        this.end = offset + length;
        this.position = offset;
    }

    int length() {
        return end - start;
    }

    int remaining() {
        return end - position;
    }

    void rewind() {
        position = start;
    }

    /** A copy of the whole slice, whatever the position. */
    byte[] copyAll() {
        return Arrays.copyOfRange(bytes, start, end);
    }

    /** Appends the whole slice to {@code out}, whatever the position. */
    void copyAllTo(ByteArrayWriter out) {
        out.write(bytes, start, end - start);
    }

    byte readByte() throws MessageEOFException {
        require(1);
        return bytes[position++];
    }

    boolean readBoolean() throws MessageEOFException {
        return readByte() != 0;
    }

    int readUnsignedByte() throws MessageEOFException {
        return readByte() & 0xFF;
    }

    short readShort() throws MessageEOFException {
        require(Short.BYTES);
        short s = (short) SHORT.get(bytes, position);
        position += Short.BYTES;
        return s;
    }

    int readUnsignedShort() throws MessageEOFException {
        return readShort() & 0xFFFF;
    }

    char readChar() throws MessageEOFException {
        return (char) readShort();
    }

    int readInt() throws MessageEOFException {
        require(Integer.BYTES);
        int i = (int) INT.get(bytes, position);
        position += Integer.BYTES;
        return i;
    }

    long readLong() throws MessageEOFException {
        require(Long.BYTES);
        long l = (long) LONG.get(bytes, position);
        position += Long.BYTES;
        return l;
    }

    float readFloat() throws MessageEOFException {
        return Float.intBitsToFloat(readInt());
    }

    double readDouble() throws MessageEOFException {
        return Double.longBitsToDouble(readLong());
    }

    void readFully(byte[] target, int offset, int length) throws MessageEOFException {
        require(length);
        System.arraycopy(bytes, position, target, offset, length);
        position += length;
    }

    /** A view of the next {@code length} bytes (sharing this array), skipped here. */
    ByteArrayReader slice(int length) throws MessageEOFException {
        require(length);
        ByteArrayReader slice = new ByteArrayReader(bytes, position, length);
        position += length;
        return slice;
    }

    /** A length prefix as written by {@link ByteArrayWriter}: -1 for null, never more than what is left. */
    int readLength() throws JMSException {
        int length = readInt();
        if (length < -1) {
            throw new MessageFormatException("negative length " + length);
        }
        if (length > remaining()) {
            throw new MessageEOFException("length " + length + " but only " + remaining() + " bytes left");
        }
        return length;
    }

    /** An element count; each element takes at least one byte, so it cannot exceed what is left. */
    int readCount() throws JMSException {
        int count = readInt();
        if (count < 0) {
            throw new MessageFormatException("negative count " + count);
        }
        if (count > remaining()) {
            throw new MessageEOFException("count " + count + " but only " + remaining() + " bytes left");
        }
        return count;
    }

    String readString() throws JMSException {
        int length = readLength();
        if (length < 0) {
            return null;
        }
        String s = new String(bytes, position, length, StandardCharsets.UTF_8);
        position += length;
        return s;
    }

    byte[] readByteArray() throws JMSException {
        int length = readLength();
        if (length < 0) {
            return null;
        }
        byte[] copy = Arrays.copyOfRange(bytes, position, position + length);
        position += length;
        return copy;
    }

    /** Skips {@code count} bytes, which must be there. */
    void skip(int count) throws MessageEOFException {
        require(count);
        position += count;
    }

    /** Skips a length-prefixed string or byte array; returns its length, -1 for null. */
    int skipLengthPrefixed() throws JMSException {
        int length = readLength();
        if (length > 0) {
            position += length;
        }
        return length;
    }

    /** How far into its bytes this reader is. */
    int position() {
        return position - start;
    }

    /** {@link java.io.DataInput#readUTF}: unsigned short length, then modified UTF-8. */
    String readModifiedUtf8() throws JMSException {
        require(Short.BYTES);
        int total = Short.BYTES + ((short) SHORT.get(bytes, position) & 0xFFFF);
        require(total);
        try {
            String s = DataInputStream.readUTF(new DataInputStream(new ByteArrayInputStream(bytes, position, total)));
            position += total;
            return s;
        } catch (UTFDataFormatException malformed) {
            throw FormatExceptions.withCause("malformed modified UTF-8: " + malformed.getMessage(), malformed);
        } catch (IOException impossible) {
            throw new IllegalStateException("an in-memory read failed", impossible);
        }
    }

    private void require(int count) throws MessageEOFException {
        if (count > end - position) {
            throw new MessageEOFException("needs " + count + " bytes, " + (end - position) + " left");
        }
    }
}
