package org.letterbox.jms.message;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.ObjectMessage;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;

import java.util.Enumeration;

/** Turns any provider's message into a Letterbox one, as a producer must accept a foreign message (spec 3.12). */
public final class ForeignMessages {
    private ForeignMessages() {
    }

    /**
     * A new Letterbox message of the matching type with the headers, properties and body of {@code message}.
     * Reading a foreign Bytes or Stream body calls its {@code reset()}. A Letterbox message is copied
     * through the codec, so per-delivery state (delivery count, acknowledge callback) is not carried over.
     */
    public static LetterboxMessage copyOf(Message message) throws JMSException {
        if (message instanceof LetterboxMessage ours) {
            return MessageCodec.decode(MessageCodec.encode(ours));
        }
        LetterboxMessage copy = copyBody(message);
        copyHeaders(message, copy);
        for (Enumeration<?> names = message.getPropertyNames(); names.hasMoreElements(); ) {
            String name = (String) names.nextElement();
            copy.setObjectProperty(name, message.getObjectProperty(name));
        }
        return copy;
    }

    private static void copyHeaders(Message from, LetterboxMessage to) throws JMSException {
        to.setJMSMessageID(from.getJMSMessageID());
        to.setJMSTimestamp(from.getJMSTimestamp());
        String correlationId = from.getJMSCorrelationID();
        if (correlationId != null) {
            to.setJMSCorrelationID(correlationId);
        } else {
            to.setJMSCorrelationIDAsBytes(from.getJMSCorrelationIDAsBytes());
        }
        to.setJMSReplyTo(from.getJMSReplyTo());
        to.setJMSDestination(from.getJMSDestination());
        to.setJMSDeliveryMode(from.getJMSDeliveryMode());
        to.setJMSRedelivered(from.getJMSRedelivered());
        to.setJMSType(from.getJMSType());
        to.setJMSExpiration(from.getJMSExpiration());
        to.setJMSDeliveryTime(from.getJMSDeliveryTime());
        to.setJMSPriority(from.getJMSPriority());
    }

    private static LetterboxMessage copyBody(Message message) throws JMSException {
        if (message instanceof TextMessage text) {
            LetterboxTextMessage copy = new LetterboxTextMessage();
            copy.setText(text.getText());
            return copy;
        }
        if (message instanceof BytesMessage bytes) {
            return copyBytes(bytes);
        }
        if (message instanceof MapMessage map) {
            LetterboxMapMessage copy = new LetterboxMapMessage();
            for (Enumeration<?> names = map.getMapNames(); names.hasMoreElements(); ) {
                String name = (String) names.nextElement();
                copy.setObject(name, map.getObject(name));
            }
            return copy;
        }
        if (message instanceof StreamMessage stream) {
            return copyStream(stream);
        }
        if (message instanceof ObjectMessage object) {
            LetterboxObjectMessage copy = new LetterboxObjectMessage();
            copy.setObject(object.getObject());
            return copy;
        }
        return new LetterboxMessage();
    }

    private static LetterboxBytesMessage copyBytes(BytesMessage bytes) throws JMSException {
        bytes.reset();
        long length = bytes.getBodyLength();
        if (length > Integer.MAX_VALUE - 8) {
            throw new MessageFormatException("a BytesMessage body of " + length + " bytes is too large");
        }
        byte[] body = new byte[(int) length];
        int read = length == 0 ? 0 : bytes.readBytes(body);
        if (read != length) {
            throw new MessageFormatException("the BytesMessage gave " + read + " of its " + length + " bytes");
        }
        LetterboxBytesMessage copy = new LetterboxBytesMessage();
        copy.writeBytes(body);
        return copy;
    }

    private static LetterboxStreamMessage copyStream(StreamMessage stream) throws JMSException {
        stream.reset();
        LetterboxStreamMessage copy = new LetterboxStreamMessage();
        while (true) {
            Object value;
            try {
                value = stream.readObject();
            } catch (MessageEOFException end) {
                return copy;
            }
            copy.writeObject(value);
        }
    }
}
