package org.letterbox.server.it;

import jakarta.jms.IllegalStateException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.XAConnection;
import jakarta.jms.XASession;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.letterbox.client.LetterboxMessageConsumer;
import org.letterbox.jms.LetterboxXAConnectionFactory;

import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link LetterboxMessageConsumer#receiveAndDeliver}, for resource adapters: the message is handed over on the
 * calling thread exactly as a MessageListener gets it, so on an XA session the branch the handler starts takes it in.
 */
class ReceiveAndDeliverTest {

    @Nested
    class OverTcp extends Spec {
        protected Transport transport() { return Transport.TCP; }
    }

    @Nested
    class OverVm extends Spec {
        protected Transport transport() { return Transport.VM; }
    }

    abstract static class Spec extends BrokerTestSupport {

        private Queue fill(String name, String... texts) throws Exception {
            Session session = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = session.createQueue(unique(name));
            MessageProducer producer = session.createProducer(queue);
            for (String text : texts) {
                producer.send(session.createTextMessage(text));
            }
            return queue;
        }

        /** The next message a fresh AUTO consumer gets from the queue, or null. */
        private Message next(Queue queue) throws Exception {
            Session session = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
            return session.createConsumer(queue).receive(500);
        }

        private XASession xaSession() throws Exception {
            XAConnection connection = closeLater(new LetterboxXAConnectionFactory(url()).createXAConnection());
            connection.start();
            return connection.createXASession();
        }

        private static String text(Message message) {
            try {
                return ((TextMessage) message).getText();
            } catch (Exception e) {
                throw new java.lang.IllegalStateException(e);
            }
        }

        @Test
        void theHandlerGetsTheMessageOnTheCallingThreadAndItsReturnAcknowledgesIt() throws Exception {
            Queue queue = fill("q", "one");
            Session session = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
            LetterboxMessageConsumer consumer = (LetterboxMessageConsumer) session.createConsumer(queue);
            List<Thread> threads = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            assertTrue(consumer.receiveAndDeliver(m -> {
                threads.add(Thread.currentThread());
                texts.add(text(m));
            }, 5000));
            assertEquals(List.of("one"), texts);
            assertSame(Thread.currentThread(), threads.get(0), "delivered on the calling thread");
            assertFalse(consumer.receiveAndDeliver(m -> texts.add(text(m)), 200), "nothing more came in time");
            session.close();
            assertNull(next(queue), "acknowledged when the handler returned");
        }

        @Test
        void aHandlerThatThrowsGetsTheMessageBackFlaggedRedelivered() throws Exception {
            Queue queue = fill("q", "retry");
            Session session = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
            LetterboxMessageConsumer consumer = (LetterboxMessageConsumer) session.createConsumer(queue);
            assertTrue(consumer.receiveAndDeliver(m -> {
                throw new java.lang.IllegalStateException("the handler fails");
            }, 5000));
            List<Boolean> redelivered = new ArrayList<>();
            assertTrue(consumer.receiveAndDeliver(m -> {
                try {
                    redelivered.add(m.getJMSRedelivered());
                } catch (Exception e) {
                    throw new java.lang.IllegalStateException(e);
                }
            }, 5000));
            assertEquals(List.of(true), redelivered);
        }

        @Test
        void onAnXaSessionABranchTheHandlerStartsTakesTheMessageIn() throws Exception {
            Queue queue = fill("q", "in a branch");
            XASession session = xaSession();
            XAResource resource = session.getXAResource();
            LetterboxMessageConsumer consumer = (LetterboxMessageConsumer) session.createConsumer(queue);

            // a container's beforeDelivery / afterDelivery around onMessage, rolling back
            assertTrue(consumer.receiveAndDeliver(m -> inBranch(resource, false), 5000));
            List<Boolean> redelivered = new ArrayList<>();
            assertTrue(consumer.receiveAndDeliver(m -> {
                try {
                    redelivered.add(m.getJMSRedelivered());
                } catch (Exception e) {
                    throw new java.lang.IllegalStateException(e);
                }
                inBranch(resource, true);
            }, 5000), "the rolled-back branch returned the message");
            assertEquals(List.of(true), redelivered);
            session.close();
            assertNull(next(queue), "the committed branch consumed it");
        }

        private static void inBranch(XAResource resource, boolean commit) {
            Xid xid = XaTest.newXid();
            try {
                resource.start(xid, XAResource.TMNOFLAGS);
                resource.end(xid, XAResource.TMSUCCESS);
                if (commit) {
                    resource.commit(xid, true);
                } else {
                    resource.rollback(xid);
                }
            } catch (Exception e) {
                throw new java.lang.IllegalStateException(e);
            }
        }

        @Test
        void aConsumerWithAListenerRefusesIt() throws Exception {
            Queue queue = fill("q");
            Session session = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(queue);
            consumer.setMessageListener(m -> { });
            assertThrows(IllegalStateException.class,
                    () -> ((LetterboxMessageConsumer) consumer).receiveAndDeliver(m -> { }, 10));
            consumer.close();
            assertThrows(IllegalStateException.class,
                    () -> ((LetterboxMessageConsumer) consumer).receiveAndDeliver(m -> { }, 10));
        }
    }
}
