package org.letterbox.jms.message;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UTFDataFormatException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * A growing big-endian byte array: the BytesMessage body while it is written, and the codec's output
 * (sized exactly up front, so it never grows there). Length-prefixed fields use -1 for null; the
 * {@code sizeOf*} methods give the exact number of bytes the matching {@code write*} call produces.
 */
final class ByteArrayWriter extends OutputStream {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final int MAX_CAPACITY = Integer.MAX_VALUE - 8;

    private byte[] buffer;
    private int size;

    ByteArrayWriter(int initialCapacity) {
        buffer = new byte[initialCapacity];
    }

    static int sizeOfString(String s) {
        return Integer.BYTES + (s == null ? 0 : Utf8.encodedLength(s));
    }

    static int sizeOfByteArray(byte[] bytes) {
        return Integer.BYTES + (bytes == null ? 0 : bytes.length);
    }

    int size() {
        return size;
    }

    /** The backing array; only its first {@link #size()} bytes are written. */
    byte[] array() {
        return buffer;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    @Override
    public void write(int b) {
        writeByte(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        ensureRoom(length);
        System.arraycopy(bytes, offset, buffer, size, length);
        size += length;
    }

    void writeByte(int b) {
        ensureRoom(1);
        buffer[size++] = (byte) b;
    }

    void writeBoolean(boolean b) {
        writeByte(b ? 1 : 0);
    }

    void writeShort(int s) {
        ensureRoom(Short.BYTES);
        SHORT.set(buffer, size, (short) s);
        size += Short.BYTES;
    }

    void writeInt(int i) {
        ensureRoom(Integer.BYTES);
        INT.set(buffer, size, i);
        size += Integer.BYTES;
    }

    void writeLong(long l) {
        ensureRoom(Long.BYTES);
        LONG.set(buffer, size, l);
        size += Long.BYTES;
    }

    void writeFloat(float f) {
        writeInt(Float.floatToIntBits(f));
    }

    void writeDouble(double d) {
        writeLong(Double.doubleToLongBits(d));
    }

    /** Int length (-1 for null), then UTF-8. */
    void writeString(String s) {
        if (s == null) {
            writeInt(-1);
            return;
        }
        int length = Utf8.encodedLength(s);
        writeInt(length);
        ensureRoom(length);
        size = Utf8.encode(s, buffer, size);
    }

    /** Int length (-1 for null), then the bytes. */
    void writeByteArray(byte[] bytes) {
        if (bytes == null) {
            writeInt(-1);
            return;
        }
        writeInt(bytes.length);
        write(bytes, 0, bytes.length);
    }

    /** {@link java.io.DataOutput#writeUTF}: unsigned short length, then modified UTF-8. */
    void writeModifiedUtf8(String s) throws UTFDataFormatException {
        try {
            new DataOutputStream(this).writeUTF(s);
        } catch (UTFDataFormatException tooLong) {
            throw tooLong;
        } catch (IOException impossible) {
            throw new IllegalStateException("an in-memory write failed", impossible);
        }
    }

    private void ensureRoom(int extra) {
        int needed = size + extra;
        if (needed <= buffer.length && needed >= 0) {
            return;
        }
        if (needed < 0 || needed > MAX_CAPACITY) {
            throw new OutOfMemoryError("a message cannot exceed " + MAX_CAPACITY + " bytes");
        }
        int doubled = buffer.length > MAX_CAPACITY / 2 ? MAX_CAPACITY : Math.max(buffer.length * 2, 16);
        buffer = Arrays.copyOf(buffer, Math.max(needed, doubled));
    }
}
