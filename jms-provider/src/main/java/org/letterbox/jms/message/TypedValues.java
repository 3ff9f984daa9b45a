package org.letterbox.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;

/** The wire form of a property, map entry or stream field: a type tag, then the value. */
final class TypedValues {
    private static final byte NULL = 0;
    private static final byte BOOLEAN = 1;
    private static final byte BYTE = 2;
    private static final byte SHORT = 3;
    private static final byte CHAR = 4;
    private static final byte INT = 5;
    private static final byte LONG = 6;
    private static final byte FLOAT = 7;
    private static final byte DOUBLE = 8;
    private static final byte STRING = 9;
    private static final byte BYTES = 10;

    private TypedValues() {
    }

    static int sizeOf(Object value) {
        int payload;
        if (value == null) {
            payload = 0;
        } else if (value instanceof String s) {
            payload = ByteArrayWriter.sizeOfString(s);
        } else if (value instanceof Integer || value instanceof Float) {
            payload = 4;
        } else if (value instanceof Long || value instanceof Double) {
            payload = 8;
        } else if (value instanceof Boolean || value instanceof Byte) {
            payload = 1;
        } else if (value instanceof Short || value instanceof Character) {
            payload = 2;
        } else if (value instanceof byte[] bytes) {
            payload = ByteArrayWriter.sizeOfByteArray(bytes);
        } else {
            throw unsupported(value);
        }
        return 1 + payload;
    }

    static void write(ByteArrayWriter out, Object value) {
        if (value == null) {
            out.writeByte(NULL);
        } else if (value instanceof String s) {
            out.writeByte(STRING);
            out.writeString(s);
        } else if (value instanceof Integer i) {
            out.writeByte(INT);
            out.writeInt(i);
        } else if (value instanceof Long l) {
            out.writeByte(LONG);
            out.writeLong(l);
        } else if (value instanceof Boolean b) {
            out.writeByte(BOOLEAN);
            out.writeBoolean(b);
        } else if (value instanceof Double d) {
            out.writeByte(DOUBLE);
            out.writeDouble(d);
        } else if (value instanceof Float f) {
            out.writeByte(FLOAT);
            out.writeFloat(f);
        } else if (value instanceof Short s) {
            out.writeByte(SHORT);
            out.writeShort(s);
        } else if (value instanceof Byte b) {
            out.writeByte(BYTE);
            out.writeByte(b);
        } else if (value instanceof Character c) {
            out.writeByte(CHAR);
            out.writeShort(c);
        } else if (value instanceof byte[] bytes) {
            out.writeByte(BYTES);
            out.writeByteArray(bytes);
        } else {
            throw unsupported(value);
        }
    }

    /** A map entry or stream field: any tagged value. */
    static Object read(ByteArrayReader in) throws JMSException {
        byte tag = in.readByte();
        return switch (tag) {
            case NULL -> null;
            case BOOLEAN -> in.readBoolean();
            case BYTE -> in.readByte();
            case SHORT -> in.readShort();
            case CHAR -> in.readChar();
            case INT -> in.readInt();
            case LONG -> in.readLong();
            case FLOAT -> in.readFloat();
            case DOUBLE -> in.readDouble();
            case STRING -> in.readString();
            case BYTES -> in.readByteArray();
            default -> throw new MessageFormatException("unknown value type " + tag);
        };
    }

    /**
     * Checks and skips a tagged value without building it: a map entry or stream field, or with {@code property} a
     * property (never a char or a byte[]).
     */
    static void skip(ByteArrayReader in, boolean property) throws JMSException {
        byte tag = in.readByte();
        switch (tag) {
            case NULL -> {
            }
            case BOOLEAN, BYTE -> in.skip(1);
            case SHORT -> in.skip(2);
            case INT, FLOAT -> in.skip(4);
            case LONG, DOUBLE -> in.skip(8);
            case STRING -> in.skipLengthPrefixed();
            case CHAR, BYTES -> {
                if (property) {
                    throw new MessageFormatException("a property cannot hold a " + (tag == CHAR ? "char" : "byte[]"));
                }
                if (tag == CHAR) {
                    in.skip(2);
                } else {
                    in.skipLengthPrefixed();
                }
            }
            default -> throw new MessageFormatException("unknown value type " + tag);
        }
    }

    /** A property: like {@link #read} but a property can never be a char or a byte[]. */
    static Object readProperty(ByteArrayReader in) throws JMSException {
        Object value = read(in);
        if (!ValueConversions.isPropertyValue(value)) {
            throw new MessageFormatException("a property cannot hold a " + value.getClass().getSimpleName());
        }
        return value;
    }

    private static IllegalArgumentException unsupported(Object value) {
        return new IllegalArgumentException("not a JMS value type: " + value.getClass().getName());
    }
}
