package org.letterbox.server.it;

import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnectionFactory;
import jakarta.jms.XAQueueConnectionFactory;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.letterbox.jms.LetterboxXAConnectionFactory;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * JMS 1.0 domain-specific connections: a QueueConnection refuses the publish/subscribe connection-consumer methods it
 * inherits from Connection with IllegalStateException (JMS 1.1 table 4-1; the javadoc of QueueConnection and of
 * Connection's createDurable/Shared/SharedDurableConnectionConsumer). Elsewhere Letterbox reports connection consumers
 * as unsupported (an optional facility) with a plain JMSException, which is what tells the two apart here.
 */
class ConnectionDomainTest {

    @Nested
    class OverTcp extends Spec {
        protected Transport transport() { return Transport.TCP; }
    }

    @Nested
    class OverVm extends Spec {
        protected Transport transport() { return Transport.VM; }
    }

    abstract static class Spec extends BrokerTestSupport {

        /** TCK: core.exceptionQueue.ExceptionQueueTestsIT#xIllegalStateExceptionTestTopicMethodsQ. */
        @Test
        void queueConnectionRefusesTopicConnectionConsumersWithIllegalStateException() throws Exception {
            QueueConnection connection = closeLater(((QueueConnectionFactory) factory()).createQueueConnection());
            for (Executable call : topicConnectionConsumerCalls(connection)) {
                assertThrows(IllegalStateException.class, call);
            }
        }

        @Test
        void xaQueueConnectionRefusesTopicConnectionConsumersWithIllegalStateException() throws Exception {
            XAQueueConnectionFactory xa = new LetterboxXAConnectionFactory(url());
            QueueConnection connection = closeLater(xa.createXAQueueConnection());
            for (Executable call : topicConnectionConsumerCalls(connection)) {
                assertThrows(IllegalStateException.class, call);
            }
        }

        @Test
        void connectionAndTopicConnectionReportTopicConnectionConsumersAsUnsupported() throws Exception {
            Connection unified = closeLater(factory().createConnection());
            Connection topicConnection = closeLater(((TopicConnectionFactory) factory()).createTopicConnection());
            for (Connection connection : List.of(unified, topicConnection)) {
                for (Executable call : topicConnectionConsumerCalls(connection)) {
                    JMSException refusal = assertThrows(JMSException.class, call);
                    assertFalse(refusal instanceof IllegalStateException, "not a domain error: " + refusal);
                    assertTrue(refusal.getMessage().contains("not supported"), refusal.getMessage());
                }
            }
        }

        private List<Executable> topicConnectionConsumerCalls(Connection connection) throws JMSException {
            Topic topic = connection.createSession(false, Session.AUTO_ACKNOWLEDGE).createTopic(unique("t"));
            return List.of(
                    () -> connection.createDurableConnectionConsumer(topic, "sub", null, null, 1),
                    () -> connection.createSharedConnectionConsumer(topic, "sub", null, null, 1),
                    () -> connection.createSharedDurableConnectionConsumer(topic, "sub", null, null, 1));
        }
    }
}
