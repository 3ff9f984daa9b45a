package org.letterbox.server.it;

import jakarta.jms.Connection;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Temporary destinations live with their connection and only it may consume from them. */
class TemporaryDestinationTest {

    @Nested
    class OverTcp extends Spec {
        protected Transport transport() { return Transport.TCP; }
    }

    @Nested
    class OverVm extends Spec {
        protected Transport transport() { return Transport.VM; }
    }

    abstract static class Spec extends BrokerTestSupport {

        @Test
        void temporaryQueueCarriesRequestReply() throws Exception {
            Connection connection = connect();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryQueue replies = session.createTemporaryQueue();
            MessageConsumer replyConsumer = session.createConsumer(replies);
            TextMessage request = session.createTextMessage("ping");
            request.setJMSReplyTo(replies);
            var requests = session.createQueue(unique("requests"));
            session.createProducer(requests).send(request);

            Session server = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage received = (TextMessage) server.createConsumer(requests).receive(5000);
            assertEquals(replies, received.getJMSReplyTo());
            server.createProducer(received.getJMSReplyTo()).send(server.createTextMessage("pong"));
            assertEquals("pong", ((TextMessage) replyConsumer.receive(5000)).getText());
        }

        @Test
        void onlyTheCreatingConnectionMayConsume() throws Exception {
            TemporaryQueue queue = connect().createSession(false, Session.AUTO_ACKNOWLEDGE).createTemporaryQueue();
            Session other = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThrows(JMSException.class, () -> other.createConsumer(queue));
        }

        @Test
        void deleteFailsWhileAConsumerIsOpenAndWorksAfter() throws Exception {
            Session session = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryTopic topic = session.createTemporaryTopic();
            MessageConsumer consumer = session.createConsumer(topic);
            assertThrows(JMSException.class, topic::delete);
            consumer.close();
            topic.delete();
            assertThrows(InvalidDestinationException.class,
                    () -> session.createProducer(topic).send(session.createTextMessage("x")));
        }

        @Test
        void temporaryQueueIsDeletedWithItsConnection() throws Exception {
            Connection owner = connect();
            TemporaryQueue queue = owner.createSession(false, Session.AUTO_ACKNOWLEDGE).createTemporaryQueue();
            owner.close();
            Session other = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
            var producer = other.createProducer(queue);
            producer.setDeliveryMode(jakarta.jms.DeliveryMode.PERSISTENT); // a synchronous send reports the error
            assertThrows(InvalidDestinationException.class, () -> producer.send(other.createTextMessage("x")));
        }
    }
}
