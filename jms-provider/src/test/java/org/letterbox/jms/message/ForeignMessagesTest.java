package org.letterbox.jms.message;

import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import org.junit.jupiter.api.Test;
import org.letterbox.jms.LetterboxQueue;
import org.letterbox.jms.LetterboxTopic;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A message from another provider handed to a Letterbox producer is copied with its type, headers, properties and body. */
class ForeignMessagesTest {

    @Test
    void foreignHeadersAndPropertiesAreCopied() throws JMSException {
        LetterboxMessage state = new LetterboxMessage();
        state.setJMSMessageID("ID:foreign-1");
        state.setJMSTimestamp(5L);
        state.setJMSCorrelationID("corr");
        state.setJMSDeliveryMode(DeliveryMode.NON_PERSISTENT);
        state.setJMSType("type");
        state.setJMSExpiration(6L);
        state.setJMSDeliveryTime(7L);
        state.setJMSPriority(2);
        state.setStringProperty("s", "v");
        state.setIntProperty("i", 1);
        state.setDoubleProperty("d", 1.5);
        state.setStringProperty("JMSXGroupID", "g");
        Queue foreignQueue = () -> "replies";
        Topic foreignTopic = () -> "events";
        Message foreign = ForeignMessage.of(Message.class, state,
                Map.of("getJMSReplyTo", foreignQueue, "getJMSDestination", foreignTopic));

        LetterboxMessage copy = ForeignMessages.copyOf(foreign);

        assertEquals(LetterboxMessage.class, copy.getClass());
        assertEquals("ID:foreign-1", copy.getJMSMessageID());
        assertEquals(5L, copy.getJMSTimestamp());
        assertEquals("corr", copy.getJMSCorrelationID());
        assertEquals(new LetterboxQueue("replies"), copy.getJMSReplyTo());
        assertEquals(new LetterboxTopic("events"), copy.getJMSDestination());
        assertEquals(DeliveryMode.NON_PERSISTENT, copy.getJMSDeliveryMode());
        assertEquals("type", copy.getJMSType());
        assertEquals(6L, copy.getJMSExpiration());
        assertEquals(7L, copy.getJMSDeliveryTime());
        assertEquals(2, copy.getJMSPriority());
        assertEquals(List.of("s", "i", "d", "JMSXGroupID"), Collections.list(copy.getPropertyNames()));
        assertEquals(1.5, copy.getDoubleProperty("d"));
        MessageCodec.encode(copy); // and it can be sent
    }

    @Test
    void foreignCorrelationIdAsBytesIsCopied() throws JMSException {
        LetterboxMessage state = new LetterboxMessage();
        state.setJMSCorrelationIDAsBytes(new byte[]{1, 2});
        // a provider that only answers the bytes form
        Message onlyBytes = ForeignMessage.of(Message.class, state, Collections.singletonMap("getJMSCorrelationID", null));
        assertArrayEquals(new byte[]{1, 2}, ForeignMessages.copyOf(onlyBytes).getJMSCorrelationIDAsBytes());
    }

    @Test
    void foreignTextMessageBecomesALetterboxTextMessage() throws JMSException {
        LetterboxTextMessage state = new LetterboxTextMessage();
        state.setText("hello");
        LetterboxMessage copy = ForeignMessages.copyOf(ForeignMessage.of(TextMessage.class, state));
        assertEquals("hello", assertInstanceOf(LetterboxTextMessage.class, copy).getText());
    }

    @Test
    void foreignBytesMessageIsResetAndReadWhole() throws JMSException {
        LetterboxBytesMessage state = new LetterboxBytesMessage();
        state.writeBytes(new byte[]{1, 2, 3});
        // still in write mode: copyOf must reset() it before reading
        LetterboxMessage copy = ForeignMessages.copyOf(ForeignMessage.of(BytesMessage.class, state));
        LetterboxBytesMessage bytes = assertInstanceOf(LetterboxBytesMessage.class, copy);
        assertArrayEquals(new byte[]{1, 2, 3}, bytes.getBody(byte[].class));
    }

    @Test
    void emptyForeignBytesMessageCopiesAsEmpty() throws JMSException {
        LetterboxMessage copy = ForeignMessages.copyOf(ForeignMessage.of(BytesMessage.class, new LetterboxBytesMessage()));
        assertNull(assertInstanceOf(LetterboxBytesMessage.class, copy).getBody(byte[].class));
    }

    @Test
    void foreignMapMessageCopiesEveryItem() throws JMSException {
        LetterboxMapMessage state = new LetterboxMapMessage();
        state.setInt("i", 1);
        state.setChar("c", 'x');
        state.setBytes("b", new byte[]{4});
        state.setString("n", null);
        LetterboxMapMessage copy = assertInstanceOf(LetterboxMapMessage.class,
                ForeignMessages.copyOf(ForeignMessage.of(MapMessage.class, state)));
        assertEquals(List.of("i", "c", "b", "n"), Collections.list(copy.getMapNames()));
        assertEquals(1, copy.getInt("i"));
        assertEquals('x', copy.getChar("c"));
        assertArrayEquals(new byte[]{4}, copy.getBytes("b"));
        assertTrue(copy.itemExists("n"));
    }

    @Test
    void foreignStreamMessageIsReadToTheEnd() throws JMSException {
        LetterboxStreamMessage state = new LetterboxStreamMessage();
        state.writeInt(1);
        state.writeString(null);
        state.writeBytes(new byte[]{2});
        state.writeChar('z');
        LetterboxStreamMessage copy = assertInstanceOf(LetterboxStreamMessage.class,
                ForeignMessages.copyOf(ForeignMessage.of(StreamMessage.class, state)));
        copy.reset();
        assertEquals(1, copy.readInt());
        assertNull(copy.readString());
        assertArrayEquals(new byte[]{2}, (byte[]) copy.readObject());
        assertEquals('z', copy.readChar());
    }

    @Test
    void foreignObjectMessageCopiesTheObject() throws JMSException {
        LetterboxObjectMessage state = new LetterboxObjectMessage();
        state.setObject(new Order("f"));
        LetterboxMessage copy = ForeignMessages.copyOf(ForeignMessage.of(ObjectMessage.class, state));
        assertEquals(new Order("f"), assertInstanceOf(LetterboxObjectMessage.class, copy).getObject());
    }

    @Test
    void foreignDestinationThatIsNeitherQueueNorTopicIsRejected() {
        LetterboxMessage state = new LetterboxMessage();
        jakarta.jms.Destination odd = new jakarta.jms.Destination() {
        };
        Message foreign = ForeignMessage.of(Message.class, state, Map.of("getJMSDestination", odd));
        assertThrows(jakarta.jms.InvalidDestinationException.class, () -> ForeignMessages.copyOf(foreign));
    }

    @Test
    void letterboxMessageIsCopiedNotShared() throws JMSException {
        LetterboxTextMessage original = new LetterboxTextMessage();
        original.setText("mine");
        original.setIntProperty("p", 1);
        original.setDeliveryCount(3);
        LetterboxMessage copy = ForeignMessages.copyOf(original);
        assertNotSame(original, copy);
        assertEquals("mine", ((LetterboxTextMessage) copy).getText());
        assertEquals(1, copy.getIntProperty("p"));
        assertFalse(copy.getJMSRedelivered()); // per-delivery state stays behind
        original.setText("changed");
        assertEquals("mine", ((LetterboxTextMessage) copy).getText());
    }
}
