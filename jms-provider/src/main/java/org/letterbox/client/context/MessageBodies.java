package org.letterbox.client.context;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.ObjectMessage;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;

/**
 * The body rule of {@link jakarta.jms.JMSConsumer#receiveBody(Class)}: it is stricter than
 * {@link Message#getBody(Class)} because a {@code null} return would be confused with "no message".
 */
public final class MessageBodies {

    private MessageBodies() {
    }

    /**
     * Returns the body of {@code message} as {@code type}, or throws {@link MessageFormatException} when
     * {@code receiveBody} must fail: the message is a {@link StreamMessage} or a plain {@link Message} (not one of the
     * supported types), its body cannot be assigned to {@code type}, it has no body, or it is an
     * {@link ObjectMessage} whose object cannot be deserialized.
     *
     * <p>A classic implementation of {@link ReceiveBodySupport} should use this method to decide, before
     * acknowledging, whether the message can be handed out.
     */
    public static <T> T bodyForReceive(Message message, Class<T> type) throws JMSException {
        if (type == null) {
            throw new MessageFormatException("receiveBody needs a target type");
        }
        if (message instanceof StreamMessage) {
            throw new MessageFormatException("receiveBody cannot be used with a StreamMessage");
        }
        if (!(message instanceof TextMessage || message instanceof BytesMessage || message instanceof MapMessage
                || message instanceof ObjectMessage)) {
            throw new MessageFormatException("receiveBody cannot be used with a message that has no body type ("
                    + message.getClass().getName() + ")");
        }
        T body = message.getBody(type);
        if (body == null) {
            throw new MessageFormatException("receiveBody: the message has no body");
        }
        return body;
    }
}
