package org.letterbox.server.it;

import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** What a MessageListener or CompletionListener may call on its own session, connection or context. */
class ListenerCallbackRulesTest {

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
         * Session.close javadoc allows either outcome; the TCK requires the exception.
         * TCK: core20.appclient.listenerexceptiontests.ClientIT#illegalStateExceptionTest3.
         */
        @Test
        void closingASessionFromItsOwnMessageListenerThrowsIllegalStateException() throws Exception {
            Session session = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = session.createQueue(unique("q"));
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            session.createConsumer(queue).setMessageListener(message -> {
                try {
                    session.close();
                    outcome.complete(null);
                } catch (Throwable e) {
                    outcome.complete(e);
                }
            });
            session.createProducer(queue).send(session.createTextMessage("close your session"));
            assertInstanceOf(IllegalStateException.class, outcome.get(5, TimeUnit.SECONDS));
            session.createProducer(queue).send(session.createTextMessage("the session is still open"));
            session.close(); // from outside the listener it closes
            assertThrows(IllegalStateException.class, session::createMessage);
        }

        /** The same listener may close its own consumer (MessageConsumer.close javadoc). */
        @Test
        void closingTheConsumerFromItsOwnMessageListenerIsAllowed() throws Exception {
            Session session = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = session.createQueue(unique("q"));
            MessageConsumer consumer = session.createConsumer(queue);
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            consumer.setMessageListener(message -> {
                try {
                    consumer.close();
                    outcome.complete(null);
                } catch (Throwable e) {
                    outcome.complete(e);
                }
            });
            session.createProducer(queue).send(session.createTextMessage("close your consumer"));
            assertNull(outcome.get(5, TimeUnit.SECONDS));
        }

        /** TCK: core20.appclient.listenerexceptiontests.ClientIT#illegalStateExceptionTest3 (first half). */
        @Test
        void closingASessionFromItsOwnCompletionListenerThrowsIllegalStateException() throws Exception {
            Session session = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = session.createQueue(unique("q"));
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            session.createProducer(queue).send(session.createTextMessage("x"), completion(() -> session.close(),
                    outcome));
            assertInstanceOf(IllegalStateException.class, outcome.get(5, TimeUnit.SECONDS));
        }

        /**
         * Only a MessageListener may not stop its own connection; a CompletionListener waits for no delivery.
         * TCK: core20.appclient.jmscontextqueuetests.ClientIT#illegalStateRuntimeExceptionTests.
         */
        @Test
        void stoppingTheConnectionFromACompletionListenerIsAllowed() throws Exception {
            Connection connection = connect();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = session.createQueue(unique("q"));
            MessageProducer producer = session.createProducer(queue);
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            producer.send(session.createTextMessage("x"), completion(connection::stop, outcome));
            assertNull(outcome.get(5, TimeUnit.SECONDS));
            assertNull(session.createConsumer(queue).receive(200), "the connection is stopped");
            connection.start();
        }

        /** TCK: core20.appclient.jmscontextqueuetests.ClientIT#illegalStateRuntimeExceptionTests. */
        @Test
        void stoppingAContextFromItsCompletionListenerIsAllowed() throws Exception {
            try (JMSContext context = factory().createContext()) {
                Queue queue = context.createQueue(unique("q"));
                JMSConsumer consumer = context.createConsumer(queue); // starts the connection
                CompletableFuture<Throwable> outcome = new CompletableFuture<>();
                context.createProducer().setAsync(completion(context::stop, outcome)).send(queue, "x");
                assertNull(outcome.get(5, TimeUnit.SECONDS));
                assertNull(consumer.receive(200), "the context is stopped");
                context.start();
                assertNotNull(consumer.receive(5000));
            }
        }

        /** A CompletionListener that runs {@code action} and reports what it threw (null: nothing). */
        private static CompletionListener completion(Action action, CompletableFuture<Throwable> outcome) {
            return new CompletionListener() {
                @Override
                public void onCompletion(Message message) {
                    try {
                        action.run();
                        outcome.complete(null);
                    } catch (Throwable e) {
                        outcome.complete(e);
                    }
                }

                @Override
                public void onException(Message message, Exception exception) {
                    outcome.complete(new AssertionError("the send failed", exception));
                }
            };
        }

        @FunctionalInterface
        private interface Action {
            void run() throws Exception;
        }
    }
}
