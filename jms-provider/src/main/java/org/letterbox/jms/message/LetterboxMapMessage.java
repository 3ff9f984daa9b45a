package org.letterbox.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.MessageFormatException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** A message whose body is a set of named typed values, read with the JMS conversion table. */
public class LetterboxMapMessage extends LetterboxMessage implements MapMessage {
    private final Map<String, Object> entries = new LinkedHashMap<>();

    @Override
    public boolean getBoolean(String name) throws JMSException {
        return ValueConversions.toBoolean(entries.get(name));
    }

    @Override
    public byte getByte(String name) throws JMSException {
        return ValueConversions.toByte(entries.get(name));
    }

    @Override
    public short getShort(String name) throws JMSException {
        return ValueConversions.toShort(entries.get(name));
    }

    @Override
    public char getChar(String name) throws JMSException {
        return ValueConversions.toChar(entries.get(name));
    }

    @Override
    public int getInt(String name) throws JMSException {
        return ValueConversions.toInt(entries.get(name));
    }

    @Override
    public long getLong(String name) throws JMSException {
        return ValueConversions.toLong(entries.get(name));
    }

    @Override
    public float getFloat(String name) throws JMSException {
        return ValueConversions.toFloat(entries.get(name));
    }

    @Override
    public double getDouble(String name) throws JMSException {
        return ValueConversions.toDouble(entries.get(name));
    }

    @Override
    public String getString(String name) throws JMSException {
        return ValueConversions.toString(entries.get(name));
    }

    /** A copy of the array; null when there is no such item. */
    @Override
    public byte[] getBytes(String name) throws JMSException {
        byte[] value = ValueConversions.toBytes(entries.get(name));
        return value == null ? null : value.clone();
    }

    @Override
    public Object getObject(String name) {
        return copyOf(entries.get(name));
    }

    @Override
    public Enumeration<String> getMapNames() {
        return Collections.enumeration(new ArrayList<>(entries.keySet()));
    }

    @Override
    public boolean itemExists(String name) {
        return entries.containsKey(name);
    }

    @Override
    public void setBoolean(String name, boolean value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setByte(String name, byte value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setShort(String name, short value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setChar(String name, char value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setInt(String name, int value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setLong(String name, long value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setFloat(String name, float value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setDouble(String name, double value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setString(String name, String value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setBytes(String name, byte[] value) throws JMSException {
        put(name, copyOf(value));
    }

    @Override
    public void setBytes(String name, byte[] value, int offset, int length) throws JMSException {
        Objects.checkFromIndexSize(offset, length, value.length);
        put(name, Arrays.copyOfRange(value, offset, offset + length));
    }

    /** A primitive wrapper, String, byte[] (copied) or null. */
    @Override
    public void setObject(String name, Object value) throws JMSException {
        if (!ValueConversions.isBodyValue(value)) {
            throw new MessageFormatException("a MapMessage cannot hold a " + value.getClass().getName());
        }
        put(name, copyOf(value));
    }

    private void put(String name, Object value) throws JMSException {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a map item name must not be null or empty");
        }
        checkBodyWritable();
        entries.put(name, value);
    }

    /** byte[] values are mutable: copy them in and out; everything else is immutable. */
    private static Object copyOf(Object value) {
        return value instanceof byte[] bytes ? bytes.clone() : value;
    }

    /** An unmodifiable snapshot of the map. */
    @Override
    Object bodyValue() {
        if (entries.isEmpty()) {
            return null;
        }
        Map<String, Object> copy = new LinkedHashMap<>(entries);
        copy.replaceAll((name, value) -> copyOf(value));
        return Collections.unmodifiableMap(copy);
    }

    @Override
    Class<?> bodyClass() {
        return entries.isEmpty() ? null : Map.class;
    }

    @Override
    void clearBodyContent() {
        entries.clear();
    }

    @Override
    MessageType messageType() {
        return MessageType.MAP;
    }

    @Override
    int encodedBodySize() {
        int size = Integer.BYTES;
        for (Map.Entry<String, Object> entry : entries.entrySet()) {
            size += ByteArrayWriter.sizeOfString(entry.getKey()) + TypedValues.sizeOf(entry.getValue());
        }
        return size;
    }

    @Override
    void encodeBody(ByteArrayWriter out) {
        out.writeInt(entries.size());
        for (Map.Entry<String, Object> entry : entries.entrySet()) {
            out.writeString(entry.getKey());
            TypedValues.write(out, entry.getValue());
        }
    }

    @Override
    void decodeBody(ByteArrayReader in) throws JMSException {
        int count = in.readCount();
        for (int i = 0; i < count; i++) {
            String name = in.readString();
            if (name == null) {
                throw new MessageFormatException("a map item without a name");
            }
            entries.put(name, TypedValues.read(in));
        }
    }
}
