package org.letterbox.server.it;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.letterbox.jms.LetterboxConnectionFactory;
import org.letterbox.server.LetterboxBroker;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Connection rules: client IDs, authentication, start/stop, close, metadata. */
class ConnectionTest {

    @Nested
    class OverTcp extends Spec {
        protected Transport transport() { return Transport.TCP; }
    }

    @Nested
    class OverVm extends Spec {
        protected Transport transport() { return Transport.VM; }
    }

    abstract static class Spec extends BrokerTestSupport {

        @Override
        protected LetterboxBroker.Builder configure(LetterboxBroker.Builder builder) {
            return builder.user("alice", "secret").allowAnonymous(true);
        }

        @Test
        void clientIdIsUniqueAcrossConnections() throws Exception {
            String id = unique("id");
            Connection first = closeLater(factory().createConnection());
            first.setClientID(id);
            Connection second = closeLater(factory().createConnection());
            assertThrows(InvalidClientIDException.class, () -> second.setClientID(id));
            first.close();
            Connection third = closeLater(factory().createConnection());
            third.setClientID(id); // released with the first connection
            assertEquals(id, third.getClientID());
        }

        @Test
        void clientIdCannotBeSetAfterTheConnectionWasUsed() throws Exception {
            Connection connection = closeLater(factory().createConnection());
            connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThrows(IllegalStateException.class, () -> connection.setClientID(unique("late")));
        }

        @Test
        void administrativelyConfiguredClientIdCannotBeChanged() throws Exception {
            String id = unique("admin");
            Connection connection = closeLater(factory("clientId=" + id).createConnection());
            assertEquals(id, connection.getClientID());
            assertThrows(IllegalStateException.class, () -> connection.setClientID("other"));
        }

        @Test
        void wrongPasswordIsRefusedWithSecurityException() {
            assertThrows(JMSSecurityException.class, () -> factory().createConnection("alice", "wrong"));
            assertThrows(JMSSecurityException.class, () -> factory().createConnection("nobody", "secret"));
            assertThrows(JMSSecurityRuntimeException.class, () -> factory().createContext("alice", "wrong"));
        }

        @Test
        void rightPasswordAndAnonymousConnectionsAreAcceptedAndCarryMessages() throws Exception {
            assertCarriesAMessage(closeLater(factory().createConnection("alice", "secret")), "alice");
            assertCarriesAMessage(closeLater(factory().createConnection()), "anonymous");
            try (JMSContext context = factory().createContext("alice", "secret")) {
                Queue queue = context.createQueue(unique("context"));
                context.createProducer().send(queue, "hello");
                assertEquals("hello", context.createConsumer(queue).receiveBody(String.class, 5000));
            }
        }

        private void assertCarriesAMessage(Connection connection, String who) throws JMSException {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = session.createQueue(unique(who));
            session.createProducer(queue).send(session.createTextMessage("from " + who));
            TextMessage received = (TextMessage) session.createConsumer(queue).receive(5000);
            assertNotNull(received, who);
            assertEquals("from " + who, received.getText());
        }

        @Test
        void stoppedConnectionDeliversNothingUntilStarted() throws Exception {
            Connection connection = closeLater(factory().createConnection());
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = session.createQueue(unique("stopped"));
            MessageConsumer consumer = session.createConsumer(queue);
            session.createProducer(queue).send(session.createTextMessage("x"));
            assertNull(consumer.receive(300), "not started yet");
            connection.start();
            assertNotNull(consumer.receive(5000));
            connection.stop();
            session.createProducer(queue).send(session.createTextMessage("y"));
            assertNull(consumer.receive(300), "stopped");
            connection.start();
            assertNotNull(consumer.receive(5000));
        }

        /** TCK regression (JmsTool COMMON_Q keeps a consumer on a never-started connection). */
        @Test
        void consumerOnANeverStartedConnectionTakesNoMessagesFromOthers() throws Exception {
            Connection idle = closeLater(factory().createConnection());
            Session idleSession = idle.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = idleSession.createQueue(unique("idle"));
            idleSession.createConsumer(queue); // its connection is never started
            Session active = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = active.createConsumer(queue);
            active.createProducer(queue).send(active.createTextMessage("for the active one"));
            assertNotNull(consumer.receive(5000));
        }

        @Test
        void stopWhileAnotherThreadBlocksInReceiveThenStartDelivers() throws Exception {
            Connection connection = connect();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = session.createQueue(unique("stopblock"));
            MessageConsumer consumer = session.createConsumer(queue);
            CompletableFuture<Message> received = CompletableFuture.supplyAsync(() -> {
                try {
                    return consumer.receive(10_000);
                } catch (JMSException e) {
                    throw new RuntimeException(e);
                }
            });
            Thread.sleep(200);
            connection.stop(); // must return although a receive is blocked
            connect().createSession(false, Session.AUTO_ACKNOWLEDGE).createProducer(queue).send(session.createTextMessage("z"));
            Thread.sleep(300);
            assertFalse(received.isDone(), "a stopped connection delivers nothing");
            connection.start();
            assertNotNull(received.get(5, TimeUnit.SECONDS));
        }

        /** As the README says: the spec leaves it open, Letterbox returns null and keeps the interrupt flag set. */
        @Test
        void interruptingABlockedReceiveReturnsNullWithTheInterruptFlagStillSet() throws Exception {
            Session session = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = session.createQueue(unique("interrupt"));
            MessageConsumer consumer = session.createConsumer(queue);
            CompletableFuture<String> outcome = new CompletableFuture<>();
            Thread receiver = new Thread(() -> {
                try {
                    Message m = consumer.receive();
                    outcome.complete((m == null ? "null" : "a message") + ", interrupted="
                            + Thread.currentThread().isInterrupted());
                } catch (Throwable e) {
                    outcome.complete(e.toString());
                }
            });
            receiver.start();
            awaitWaiting(receiver); // an earlier interrupt would end it the same way, but then it was not blocked
            receiver.interrupt();
            assertEquals("null, interrupted=true", outcome.get(10, TimeUnit.SECONDS));
            session.createProducer(queue).send(session.createTextMessage("after"));
            assertNotNull(consumer.receive(5000), "the consumer still works");
        }

        private static void awaitWaiting(Thread thread) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (thread.getState() != Thread.State.WAITING) {
                assertTrue(System.nanoTime() < deadline, "the receive never blocked: " + thread.getState());
                Thread.sleep(1);
            }
        }

        @Test
        void closingTheConnectionUnblocksReceive() throws Exception {
            Connection connection = connect();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(unique("closeblock")));
            CompletableFuture<Message> received = CompletableFuture.supplyAsync(() -> {
                try {
                    return consumer.receive();
                } catch (JMSException e) {
                    return null;
                }
            });
            Thread.sleep(200);
            connection.close();
            assertNull(received.get(5, TimeUnit.SECONDS));
            assertThrows(IllegalStateException.class, () -> connection.createSession(false, Session.AUTO_ACKNOWLEDGE));
            connection.close(); // idempotent
        }

        @Test
        void metadataDescribesTheProvider() throws Exception {
            ConnectionMetaData meta = connect().getMetaData();
            assertEquals(3, meta.getJMSMajorVersion());
            assertEquals(1, meta.getJMSMinorVersion());
            assertEquals("Letterbox", meta.getJMSProviderName());
            assertTrue(java.util.Collections.list(meta.getJMSXPropertyNames()).contains("JMSXDeliveryCount"));
        }

        @Test
        void connectingToNothingFailsWithAClearException() {
            JMSException e = assertThrows(JMSException.class,
                    () -> new LetterboxConnectionFactory("tcp://127.0.0.1:1?connectTimeout=2000").createConnection());
            assertNotNull(e.getMessage());
        }
    }

    @Nested
    class WithoutAnonymousAccessOverTcp extends WithoutAnonymousAccess {
        protected Transport transport() { return Transport.TCP; }
    }

    @Nested
    class WithoutAnonymousAccessOverVm extends WithoutAnonymousAccess {
        protected Transport transport() { return Transport.VM; }
    }

    /** The same user, no anonymous access: the refusal that makes the anonymous acceptance above mean something. */
    abstract static class WithoutAnonymousAccess extends BrokerTestSupport {

        @Override
        protected LetterboxBroker.Builder configure(LetterboxBroker.Builder builder) {
            return builder.user("alice", "secret");
        }

        @Test
        void anonymousConnectionIsRefusedWithSecurityException() {
            assertThrows(JMSSecurityException.class, () -> factory().createConnection());
            assertThrows(JMSSecurityRuntimeException.class, () -> factory().createContext());
        }
    }
}
