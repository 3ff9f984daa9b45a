package org.letterbox.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.ObjectMessage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * A message whose body is a serialized object. It is serialized when set, so later changes to the
 * object do not reach the message, and deserialized on each {@link #getObject()}, through the
 * allow-list of {@link SerializationAllowList}.
 */
public class LetterboxObjectMessage extends LetterboxMessage implements ObjectMessage {
    private byte[] serialized; // null when there is no object

    @Override
    public void setObject(Serializable object) throws JMSException {
        checkBodyWritable();
        serialized = object == null ? null : serialize(object);
    }

    @Override
    public Serializable getObject() throws JMSException {
        return serialized == null ? null : deserialize(serialized);
    }

    private static byte[] serialize(Serializable object) throws MessageFormatException {
        ByteArrayWriter bytes = new ByteArrayWriter(256);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        } catch (IOException e) {
            throw FormatExceptions.withCause("cannot serialize " + object.getClass().getName(), e);
        }
        return bytes.toByteArray();
    }

    private static Serializable deserialize(byte[] serialized) throws MessageFormatException {
        try (AllowListObjectInputStream in = new AllowListObjectInputStream(
                new ByteArrayInputStream(serialized), SerializationAllowList.fromSystemProperty())) {
            return (Serializable) in.readObject();
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            // the bytes came over the network: any failure of a damaged stream is a format problem
            throw FormatExceptions.withCause("cannot deserialize the object: " + e, e);
        }
    }

    @Override
    Object bodyValue() throws JMSException {
        return getObject();
    }

    /** Needs the object's real class, so it deserializes; a failure means "not assignable", per the javadoc. */
    @Override
    @SuppressWarnings("rawtypes")
    public boolean isBodyAssignableTo(Class type) {
        if (serialized == null) {
            return true;
        }
        try {
            return type.isInstance(deserialize(serialized));
        } catch (MessageFormatException e) {
            return false;
        }
    }

    @Override
    void clearBodyContent() {
        serialized = null;
    }

    @Override
    MessageType messageType() {
        return MessageType.OBJECT;
    }

    @Override
    int encodedBodySize() {
        return ByteArrayWriter.sizeOfByteArray(serialized);
    }

    @Override
    void encodeBody(ByteArrayWriter out) {
        out.writeByteArray(serialized);
    }

    @Override
    void decodeBody(ByteArrayReader in) throws JMSException {
        serialized = in.readByteArray();
    }
}
