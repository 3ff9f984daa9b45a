package org.letterbox.jms.message;

import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import org.junit.jupiter.api.Test;
import org.letterbox.selector.SelectorContext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** What the selector engine sees of a message, on the client and (after decoding) on the broker. */
class SelectorContextTest {

    private static LetterboxMessage sampleMessage() throws JMSException {
        LetterboxMessage message = new LetterboxTextMessage();
        message.setJMSDeliveryMode(DeliveryMode.NON_PERSISTENT);
        message.setJMSPriority(7);
        message.setJMSMessageID("ID:1");
        message.setJMSTimestamp(1234L);
        message.setJMSCorrelationID("corr");
        message.setJMSType("order");
        message.setStringProperty("color", "red");
        message.setIntProperty("size", 3);
        message.setDoubleProperty("weight", 2.5);
        message.setBooleanProperty("urgent", true);
        return message;
    }

    @Test
    void headersHaveTheirSelectorTypes() throws JMSException {
        SelectorContext context = sampleMessage();
        assertEquals("NON_PERSISTENT", context.get("JMSDeliveryMode"));
        assertEquals(Integer.valueOf(7), context.get("JMSPriority"));
        assertEquals("ID:1", context.get("JMSMessageID"));
        assertEquals(Long.valueOf(1234L), context.get("JMSTimestamp"));
        assertEquals("corr", context.get("JMSCorrelationID"));
        assertEquals("order", context.get("JMSType"));
    }

    @Test
    void persistentDeliveryModeIsTheStringPersistent() {
        assertEquals("PERSISTENT", new LetterboxMessage().get("JMSDeliveryMode"));
    }

    @Test
    void propertiesAreTheirStoredValuesAndMissingOnesAreNull() throws JMSException {
        SelectorContext context = MessageCodec.decode(MessageCodec.encode(sampleMessage()));
        assertEquals("red", context.get("color"));
        assertEquals(Integer.valueOf(3), context.get("size"));
        assertEquals(Double.valueOf(2.5), context.get("weight"));
        assertEquals(Boolean.TRUE, context.get("urgent"));
        assertNull(context.get("missing"));
        assertNull(context.get("JMSRedelivered")); // not a selector header: looked up as a property
    }

    @Test
    void jmsxDeliveryCountIsTheDeliveryCount() throws JMSException {
        LetterboxMessage message = sampleMessage();
        assertNull(message.get("JMSXDeliveryCount"));
        message.setDeliveryCount(2);
        assertEquals(Integer.valueOf(2), message.get("JMSXDeliveryCount"));
    }

    @Test
    void unsetHeadersAreNull() {
        LetterboxMessage message = new LetterboxMessage();
        assertNull(message.get("JMSMessageID"));
        assertNull(message.get("JMSCorrelationID"));
        assertNull(message.get("JMSType"));
    }
}
