package org.letterbox.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageNotWriteableException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Delivery count, JMSRedelivered, JMSXDeliveryCount and acknowledge: state of one delivery, not of the message. */
class DeliveryStateTest {

    @Test
    void redeliveredIsTrueFromTheSecondDelivery() {
        LetterboxMessage message = new LetterboxMessage();
        message.setDeliveryCount(1);
        assertFalse(message.getJMSRedelivered());
        message.setDeliveryCount(2);
        assertTrue(message.getJMSRedelivered());
    }

    @Test
    void explicitlySetRedeliveredWinsOverTheDeliveryCount() {
        LetterboxMessage message = new LetterboxMessage();
        message.setDeliveryCount(3);
        message.setJMSRedelivered(false);
        assertFalse(message.getJMSRedelivered());
        message.setDeliveryCount(1);
        message.setJMSRedelivered(true);
        assertTrue(message.getJMSRedelivered());
    }

    @Test
    void jmsxDeliveryCountIsTheDeliveryCountAsAnInt() throws JMSException {
        LetterboxMessage message = TestMessages.received(new LetterboxMessage());
        message.setDeliveryCount(3);
        assertTrue(message.propertyExists("JMSXDeliveryCount"));
        assertEquals(3, message.getIntProperty("JMSXDeliveryCount"));
        assertEquals(3L, message.getLongProperty("JMSXDeliveryCount"));
        assertEquals("3", message.getStringProperty("JMSXDeliveryCount"));
        assertEquals(Integer.valueOf(3), message.getObjectProperty("JMSXDeliveryCount"));
        assertTrue(MessagePropertiesTest.names(message).contains("JMSXDeliveryCount"));
    }

    @Test
    void jmsxDeliveryCountIsAbsentBeforeTheFirstDelivery() {
        LetterboxMessage message = new LetterboxMessage();
        assertFalse(message.propertyExists("JMSXDeliveryCount"));
        assertNull(message.getObjectProperty("JMSXDeliveryCount"));
        assertFalse(MessagePropertiesTest.names(message).contains("JMSXDeliveryCount"));
    }

    @Test
    void applicationSetJmsxDeliveryCountIsKeptButTheDeliveryCountWinsOnDelivery() throws JMSException {
        LetterboxMessage message = new LetterboxMessage();
        message.setIntProperty("JMSXDeliveryCount", 42);
        assertEquals(42, message.getIntProperty("JMSXDeliveryCount"));
        LetterboxMessage received = TestMessages.received(message);
        received.setDeliveryCount(2);
        assertEquals(2, received.getIntProperty("JMSXDeliveryCount"));
        assertEquals(1, MessagePropertiesTest.names(received).stream().filter("JMSXDeliveryCount"::equals).count());
    }

    @Test
    void applicationCannotSetJmsxDeliveryCountOnAReceivedMessage() throws JMSException {
        LetterboxMessage received = TestMessages.received(new LetterboxMessage());
        assertThrows(MessageNotWriteableException.class, () -> received.setIntProperty("JMSXDeliveryCount", 5));
    }

    @Test
    void deliveryCountSurvivesClearProperties() throws JMSException {
        LetterboxMessage received = TestMessages.received(new LetterboxMessage());
        received.setDeliveryCount(4);
        received.clearProperties();
        assertEquals(4, received.getIntProperty("JMSXDeliveryCount"));
    }

    @Test
    void deliveryStateIsNotEncoded() throws JMSException {
        LetterboxMessage message = new LetterboxMessage();
        message.setDeliveryCount(5);
        message.setJMSRedelivered(true);
        LetterboxMessage decoded = MessageCodec.decode(MessageCodec.encode(message));
        assertEquals(0, decoded.getDeliveryCount());
        assertFalse(decoded.getJMSRedelivered());
        assertFalse(decoded.propertyExists("JMSXDeliveryCount"));
    }

    @Test
    void acknowledgeCallsTheCallbackTheClientSet() throws JMSException {
        LetterboxMessage message = new LetterboxMessage();
        AtomicInteger calls = new AtomicInteger();
        message.setAcknowledgeCallback(calls::incrementAndGet);
        message.acknowledge();
        message.acknowledge();
        assertEquals(2, calls.get());
    }

    @Test
    void acknowledgeWithoutCallbackDoesNothing() {
        assertDoesNotThrow(() -> new LetterboxMessage().acknowledge());
    }

    @Test
    void acknowledgeFailurePropagatesToTheApplication() {
        LetterboxMessage message = new LetterboxMessage();
        message.setAcknowledgeCallback(() -> {
            throw new jakarta.jms.IllegalStateException("session closed");
        });
        assertThrows(jakarta.jms.IllegalStateException.class, message::acknowledge);
    }
}
