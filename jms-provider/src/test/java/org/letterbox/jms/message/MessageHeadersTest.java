package org.letterbox.jms.message;

import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.Topic;
import org.junit.jupiter.api.Test;
import org.letterbox.jms.LetterboxQueue;
import org.letterbox.jms.LetterboxTopic;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

class MessageHeadersTest {

    @Test
    void newMessageIsPersistentWithPriorityFourAndNoOtherHeaders() throws JMSException {
        LetterboxMessage message = new LetterboxTextMessage();
        assertEquals(DeliveryMode.PERSISTENT, message.getJMSDeliveryMode());
        assertEquals(Message.DEFAULT_PRIORITY, message.getJMSPriority());
        assertEquals(4, message.getJMSPriority());
        assertNull(message.getJMSMessageID());
        assertNull(message.getJMSCorrelationID());
        assertNull(message.getJMSCorrelationIDAsBytes());
        assertNull(message.getJMSDestination());
        assertNull(message.getJMSReplyTo());
        assertNull(message.getJMSType());
        assertEquals(0, message.getJMSTimestamp());
        assertEquals(0, message.getJMSExpiration());
        assertEquals(0, message.getJMSDeliveryTime());
        assertFalse(message.getJMSRedelivered());
    }

    @Test
    void correlationIdSetAsBytesComesBackAsACopyOfTheBytes() throws JMSException {
        LetterboxMessage message = new LetterboxMessage();
        byte[] id = {1, 2, (byte) 0xFF};
        message.setJMSCorrelationIDAsBytes(id);
        id[0] = 9; // the message took a copy
        assertArrayEquals(new byte[]{1, 2, (byte) 0xFF}, message.getJMSCorrelationIDAsBytes());
        message.getJMSCorrelationIDAsBytes()[1] = 9; // and hands out copies
        assertArrayEquals(new byte[]{1, 2, (byte) 0xFF}, message.getJMSCorrelationIDAsBytes());
    }

    @Test
    void correlationIdSetAsStringReadsAsItsUtf8Bytes() throws JMSException {
        LetterboxMessage message = new LetterboxMessage();
        message.setJMSCorrelationID("r\u00e9ponse");
        assertArrayEquals("r\u00e9ponse".getBytes(StandardCharsets.UTF_8), message.getJMSCorrelationIDAsBytes());
    }

    @Test
    void lastCorrelationIdSetWinsWhateverItsForm() throws JMSException {
        LetterboxMessage message = new LetterboxMessage();
        message.setJMSCorrelationIDAsBytes(new byte[]{'a'});
        message.setJMSCorrelationID("b");
        assertEquals("b", message.getJMSCorrelationID());
        message.setJMSCorrelationIDAsBytes("c".getBytes(StandardCharsets.UTF_8));
        assertEquals("c", message.getJMSCorrelationID());
        message.setJMSCorrelationID(null);
        assertNull(message.getJMSCorrelationIDAsBytes());
    }

    @Test
    void foreignDestinationsBecomeLetterboxDestinations() throws JMSException {
        LetterboxMessage message = new LetterboxMessage();
        message.setJMSReplyTo((Queue) () -> "replies");
        message.setJMSDestination((Topic) () -> "news");
        assertEquals(new LetterboxQueue("replies"), message.getJMSReplyTo());
        assertEquals(new LetterboxTopic("news"), message.getJMSDestination());
    }

    @Test
    void headersCanBeSetOnAReceivedMessage() throws JMSException {
        LetterboxMessage received = TestMessages.received(new LetterboxMessage());
        received.setJMSType("changed");
        received.setJMSPriority(7);
        received.setJMSCorrelationID("c");
        assertEquals("changed", received.getJMSType());
        assertEquals(7, received.getJMSPriority());
        assertEquals("c", received.getJMSCorrelationID());
    }
}
