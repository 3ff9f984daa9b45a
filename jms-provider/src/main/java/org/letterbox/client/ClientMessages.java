package org.letterbox.client;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import org.letterbox.jms.message.ForeignMessages;
import org.letterbox.jms.message.LetterboxMessage;
import org.letterbox.jms.message.MessageCodec;

/**
 * The one place where the client meets the message model ({@code org.letterbox.jms.message}): decoding
 * deliveries, preparing them for the application, and turning what the application sends into bytes.
 */
final class ClientMessages {
    private ClientMessages() {
    }

    /** Encodes a Letterbox message as it travels (headers set by the producer already). */
    static byte[] encode(LetterboxMessage message) throws JMSException {
        return MessageCodec.encode(message);
    }

    /** Our own message as is; any other provider's message converted (after its headers were set). */
    static LetterboxMessage toLetterbox(Message message) throws JMSException {
        if (message instanceof LetterboxMessage own) {
            return own;
        }
        return ForeignMessages.copyOf(message);
    }

    /** Decodes a delivery and makes it what the application receives: read-only body and properties, counted. */
    static LetterboxMessage decodeReceived(byte[] bytes, int deliveryCount, LetterboxSession session)
            throws JMSException {
        LetterboxMessage message = MessageCodec.decode(bytes);
        message.setDeliveryCount(deliveryCount);
        message.markReceived();
        message.setAcknowledgeCallback(session::acknowledgeFromMessage);
        return message;
    }
}
