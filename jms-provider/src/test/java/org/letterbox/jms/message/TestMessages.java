package org.letterbox.jms.message;

import jakarta.jms.JMSException;

/** Builds messages the way the client sees them after a trip through the broker. */
final class TestMessages {
    private TestMessages() {
    }

    /** Encoded, decoded and marked received, as the client delivers it on the first delivery. */
    @SuppressWarnings("unchecked")
    static <T extends LetterboxMessage> T received(T message) throws JMSException {
        T copy = (T) MessageCodec.decode(MessageCodec.encode(message));
        copy.setDeliveryCount(1);
        copy.markReceived();
        return copy;
    }
}
