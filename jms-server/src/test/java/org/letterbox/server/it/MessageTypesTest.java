package org.letterbox.server.it;

import jakarta.jms.BytesMessage;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** All five message types and their properties survive the trip through the broker, read-only on arrival. */
class MessageTypesTest {

    @Nested
    class OverTcp extends Spec {
        protected Transport transport() { return Transport.TCP; }
    }

    @Nested
    class OverVm extends Spec {
        protected Transport transport() { return Transport.VM; }
    }

    abstract static class Spec extends BrokerTestSupport {

        private Message roundTrip(Session session, Message message) throws Exception {
            Queue queue = session.createQueue(unique("types"));
            MessageConsumer consumer = session.createConsumer(queue);
            session.createProducer(queue).send(message);
            Message received = consumer.receive(5000);
            consumer.close(); // the next round trip uses the same queue; an open consumer would compete
            assertNotNull(received);
            return received;
        }

        @Test
        void everyBodyTypeAndPropertyTypeRoundTrips() throws Exception {
            Session session = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);

            TextMessage text = session.createTextMessage("héllo ✉");
            text.setBooleanProperty("b", true);
            text.setByteProperty("y", (byte) -3);
            text.setShortProperty("s", (short) 300);
            text.setIntProperty("i", 70000);
            text.setLongProperty("l", 1L << 40);
            text.setFloatProperty("f", 1.5f);
            text.setDoubleProperty("d", Math.PI);
            text.setStringProperty("str", "value");
            text.setJMSCorrelationID("corr-1");
            text.setJMSType("greeting");
            TextMessage t = (TextMessage) roundTrip(session, text);
            assertEquals("héllo ✉", t.getText());
            assertTrue(t.getBooleanProperty("b"));
            assertEquals(-3, t.getByteProperty("y"));
            assertEquals(300, t.getShortProperty("s"));
            assertEquals(70000, t.getIntProperty("i"));
            assertEquals(1L << 40, t.getLongProperty("l"));
            assertEquals(1.5f, t.getFloatProperty("f"));
            assertEquals(Math.PI, t.getDoubleProperty("d"));
            assertEquals("value", t.getStringProperty("str"));
            assertEquals("70000", t.getStringProperty("i"), "int converts to String");
            assertEquals("corr-1", t.getJMSCorrelationID());
            assertEquals("greeting", t.getJMSType());
            assertEquals(text.getJMSMessageID(), t.getJMSMessageID());
            assertTrue(t.getJMSMessageID().startsWith("ID:"));

            BytesMessage bytes = session.createBytesMessage();
            bytes.writeInt(42);
            bytes.writeUTF("utf");
            bytes.writeBytes(new byte[]{1, 2, 3});
            BytesMessage b = (BytesMessage) roundTrip(session, bytes);
            assertEquals(4 + 2 + 3 + 3, b.getBodyLength());
            assertEquals(42, b.readInt());
            assertEquals("utf", b.readUTF());

            MapMessage map = session.createMapMessage();
            map.setInt("n", 7);
            map.setString("s", "x");
            map.setBytes("raw", new byte[]{9});
            MapMessage m = (MapMessage) roundTrip(session, map);
            assertEquals(7, m.getInt("n"));
            assertEquals("7", m.getString("n"));
            assertArrayEquals(new byte[]{9}, m.getBytes("raw"));

            StreamMessage stream = session.createStreamMessage();
            stream.writeString("first");
            stream.writeLong(5L);
            StreamMessage s = (StreamMessage) roundTrip(session, stream);
            assertEquals("first", s.readString());
            assertEquals(5L, s.readLong());

            ArrayList<String> payload = new ArrayList<>(List.of("a", "b"));
            ObjectMessage object = session.createObjectMessage(payload);
            payload.add("added after set: must not travel");
            ObjectMessage o = (ObjectMessage) roundTrip(session, object);
            assertEquals(List.of("a", "b"), o.getObject());

            Message plain = roundTrip(session, session.createMessage());
            assertNull(plain.getBody(Object.class));
        }

        @Test
        void receivedMessagesAreReadOnlyUntilCleared() throws Exception {
            Session session = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage received = (TextMessage) roundTrip(session, session.createTextMessage("ro"));
            assertThrows(MessageNotWriteableException.class, () -> received.setText("changed"));
            assertThrows(MessageNotWriteableException.class, () -> received.setStringProperty("p", "v"));
            received.clearBody();
            received.setText("writable again");
            received.clearProperties();
            received.setStringProperty("p", "v");
        }

        @Test
        void wrongPropertyConversionThrowsMessageFormatException() throws Exception {
            Session session = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage message = session.createTextMessage("conv");
            message.setBooleanProperty("flag", true);
            Message received = roundTrip(session, message);
            assertThrows(MessageFormatException.class, () -> received.getIntProperty("flag"));
            assertEquals("true", received.getStringProperty("flag"));
        }

        @Test
        void invalidSelectorIsRejectedAtConsumerCreation() throws Exception {
            Session session = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = session.createQueue(unique("badsel"));
            assertThrows(InvalidSelectorException.class, () -> session.createConsumer(queue, "a = = 1"));
            assertThrows(InvalidSelectorException.class, () -> session.createBrowser(queue, "NOT"));
        }

        @Test
        void selectorsSeeHeadersPropertiesAndNullLogicEndToEnd() throws Exception {
            Session session = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = session.createQueue(unique("selnull"));
            MessageProducer producer = session.createProducer(queue);
            TextMessage withProp = session.createTextMessage("with");
            withProp.setIntProperty("size", 5);
            withProp.setJMSType("big");
            producer.send(withProp);
            producer.send(session.createTextMessage("without"));
            MessageConsumer nulls = session.createConsumer(queue, "size IS NULL");
            assertEquals("without", ((TextMessage) nulls.receive(5000)).getText());
            nulls.close();
            // 'size > 3 OR unknown' is TRUE; JMSType is a header identifier
            MessageConsumer typed = session.createConsumer(queue,
                    "(size BETWEEN 3 AND 7 OR missing > 1) AND JMSType IN ('big', 'huge') AND JMSPriority = 4");
            assertEquals("with", ((TextMessage) typed.receive(5000)).getText());
        }
    }
}
