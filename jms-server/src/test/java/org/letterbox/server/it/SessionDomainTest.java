package org.letterbox.server.it;

import jakarta.jms.IllegalStateException;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicConnectionFactory;
import jakarta.jms.TopicSession;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.*;

/**
 * JMS 1.0 domain-specific sessions: a QueueSession and a TopicSession refuse the other domain's methods that they
 * inherit from Session (the list is in the javadoc of {@link QueueSession} and {@link TopicSession}).
 */
class SessionDomainTest {

    @Nested
    class OverTcp extends Spec {
        protected Transport transport() { return Transport.TCP; }
    }

    @Nested
    class OverVm extends Spec {
        protected Transport transport() { return Transport.VM; }
    }

    abstract static class Spec extends BrokerTestSupport {

        /**
         * TCK: core.exceptionQueue.ExceptionQueueTestsIT#xIllegalStateExceptionTestTopicMethodsQ and
         * core20.sessiontests.ClientIT#illegalStateExceptionTests (createSharedConsumer/createSharedDurableConsumer).
         */
        @Test
        void queueSessionRefusesPublishSubscribeMethodsWithIllegalStateException() throws Exception {
            QueueConnection connection = closeLater(((QueueConnectionFactory) factory()).createQueueConnection());
            connection.setClientID(unique("cid"));
            QueueSession session = connection.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic topic = topicOf(connection);
            assertRefused(() -> session.createTopic(unique("t")));
            assertRefused(session::createTemporaryTopic);
            assertRefused(() -> session.createDurableSubscriber(topic, "sub"));
            assertRefused(() -> session.createDurableSubscriber(topic, "sub", "a = 1", false));
            assertRefused(() -> session.createDurableConsumer(topic, "sub"));
            assertRefused(() -> session.createDurableConsumer(topic, "sub", "a = 1", false));
            assertRefused(() -> session.createSharedConsumer(topic, "sub"));
            assertRefused(() -> session.createSharedConsumer(topic, "sub", "a = 1"));
            assertRefused(() -> session.createSharedDurableConsumer(topic, "sub"));
            assertRefused(() -> session.createSharedDurableConsumer(topic, "sub", "a = 1"));
            assertRefused(() -> session.unsubscribe("sub"));
            // its own domain still works
            Queue queue = session.createQueue(unique("q"));
            session.createSender(queue).send(session.createTextMessage("point-to-point"));
            assertNotNull(session.createBrowser(queue).getEnumeration());
            assertNotNull(session.createTemporaryQueue());
        }

        /** TCK: core.exceptionTopic.ExceptionTopicTestsIT#xIllegalStateExceptionTestQueueMethodsT. */
        @Test
        void topicSessionRefusesPointToPointMethodsWithIllegalStateException() throws Exception {
            TopicConnection connection = closeLater(((TopicConnectionFactory) factory()).createTopicConnection());
            connection.setClientID(unique("cid"));
            TopicSession session = connection.createTopicSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = queueOf(connection);
            assertRefused(() -> session.createQueue(unique("q")));
            assertRefused(session::createTemporaryQueue);
            assertRefused(() -> session.createBrowser(queue));
            assertRefused(() -> session.createBrowser(queue, "a = 1"));
            // its own domain still works
            Topic topic = session.createTopic(unique("t"));
            session.createDurableSubscriber(topic, "sub").close();
            session.unsubscribe("sub");
            session.createPublisher(topic).publish(session.createTextMessage("publish/subscribe"));
            assertNotNull(session.createTemporaryTopic());
        }

        @Test
        void aSessionFromCreateSessionServesBothDomains() throws Exception {
            Session session = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertNotNull(session.createQueue(unique("q")));
            assertNotNull(session.createTopic(unique("t")));
            assertNotNull(session.createTemporaryQueue());
            assertNotNull(session.createTemporaryTopic());
            assertNotNull(session.createSharedConsumer(session.createTopic(unique("t")), "shared"));
        }

        private Topic topicOf(jakarta.jms.Connection connection) throws Exception {
            Session unified = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            return unified.createTopic(unique("t"));
        }

        private Queue queueOf(jakarta.jms.Connection connection) throws Exception {
            Session unified = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            return unified.createQueue(unique("q"));
        }

        private static void assertRefused(Executable call) {
            assertThrows(IllegalStateException.class, call);
        }
    }
}
