package org.letterbox.server.it;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/** Acknowledgement modes, recover, local transactions, and what happens to unacknowledged messages. */
class AcknowledgementTest {

    @Nested
    class OverTcp extends Spec {
        protected Transport transport() { return Transport.TCP; }
    }

    @Nested
    class OverVm extends Spec {
        protected Transport transport() { return Transport.VM; }
    }

    abstract static class Spec extends BrokerTestSupport {

        private Queue fill(String name, int count) throws Exception {
            Session session = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = session.createQueue(unique(name));
            MessageProducer producer = session.createProducer(queue);
            for (int i = 0; i < count; i++) {
                producer.send(session.createTextMessage("m" + i));
            }
            return queue;
        }

        private int drain(Queue queue) throws Exception {
            Connection connection = connect();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(queue);
            int n = 0;
            while (consumer.receive(300) != null) {
                n++;
            }
            connection.close();
            return n;
        }

        @Test
        void autoAcknowledgedMessagesDoNotComeBack() throws Exception {
            Queue queue = fill("auto", 5);
            Connection connection = connect();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(queue);
            for (int i = 0; i < 5; i++) {
                assertNotNull(consumer.receive(5000));
            }
            connection.close();
            assertEquals(0, drain(queue));
        }

        @Test
        void dupsOkAcknowledgedMessagesDoNotComeBackAfterCleanClose() throws Exception {
            Queue queue = fill("dups", 20);
            Connection connection = connect();
            Session session = connection.createSession(false, Session.DUPS_OK_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(queue);
            for (int i = 0; i < 20; i++) {
                assertNotNull(consumer.receive(5000));
            }
            connection.close();
            assertEquals(0, drain(queue));
        }

        @Test
        void clientAcknowledgeAcknowledgesEveryMessageConsumedBySession() throws Exception {
            Queue queue = fill("client", 6);
            Connection connection = connect();
            Session session = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(queue);
            Message first = consumer.receive(5000);
            for (int i = 1; i < 4; i++) {
                assertNotNull(consumer.receive(5000));
            }
            first.acknowledge(); // acknowledges all four consumed so far, not just the first
            connection.close();
            assertEquals(2, drain(queue));
        }

        @Test
        void unacknowledgedClientModeMessagesComeBackRedeliveredAfterClose() throws Exception {
            Queue queue = fill("unacked", 3);
            Connection connection = connect();
            Session session = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(queue);
            for (int i = 0; i < 3; i++) {
                assertFalse(consumer.receive(5000).getJMSRedelivered());
            }
            connection.close();
            Session again = connect().createSession(false, Session.CLIENT_ACKNOWLEDGE);
            MessageConsumer c2 = again.createConsumer(queue);
            for (int i = 0; i < 3; i++) {
                Message m = c2.receive(5000);
                assertEquals("m" + i, ((TextMessage) m).getText());
                assertTrue(m.getJMSRedelivered());
                assertEquals(2, m.getIntProperty("JMSXDeliveryCount"));
            }
            c2.receive(100);
        }

        @Test
        void recoverRedeliversConsumedMessagesInOrderFlaggedRedelivered() throws Exception {
            Queue queue = fill("recover", 3);
            Session session = connect().createSession(false, Session.CLIENT_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(queue);
            assertEquals("m0", ((TextMessage) consumer.receive(5000)).getText());
            assertEquals("m1", ((TextMessage) consumer.receive(5000)).getText());
            session.recover();
            Message m0 = consumer.receive(5000);
            assertEquals("m0", ((TextMessage) m0).getText());
            assertTrue(m0.getJMSRedelivered());
            assertEquals(2, m0.getIntProperty("JMSXDeliveryCount"));
            assertEquals("m1", ((TextMessage) consumer.receive(5000)).getText());
            Message m2 = consumer.receive(5000);
            assertEquals("m2", ((TextMessage) m2).getText());
            assertFalse(m2.getJMSRedelivered(), "never handed to the application before");
            assertEquals(1, m2.getIntProperty("JMSXDeliveryCount"));
            m2.acknowledge();
        }

        @Test
        void transactedSendsAreInvisibleUntilCommit() throws Exception {
            Connection connection = connect();
            Session tx = connection.createSession(true, Session.SESSION_TRANSACTED);
            Queue queue = tx.createQueue(unique("txsend"));
            MessageProducer producer = tx.createProducer(queue);
            producer.send(tx.createTextMessage("a"));
            producer.send(tx.createTextMessage("b"));
            MessageConsumer consumer = connection.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(queue);
            assertNull(consumer.receive(200));
            tx.commit();
            assertEquals("a", ((TextMessage) consumer.receive(5000)).getText());
            assertEquals("b", ((TextMessage) consumer.receive(5000)).getText());
        }

        @Test
        void rolledBackSendsAreDiscarded() throws Exception {
            Connection connection = connect();
            Session tx = connection.createSession(true, Session.SESSION_TRANSACTED);
            Queue queue = tx.createQueue(unique("txroll"));
            tx.createProducer(queue).send(tx.createTextMessage("gone"));
            tx.rollback();
            assertEquals(0, drain(queue));
        }

        @Test
        void rolledBackReceivesAreRedeliveredAndCommittedOnesAreNot() throws Exception {
            Queue queue = fill("txrecv", 2);
            Session tx = connect().createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = tx.createConsumer(queue);
            assertEquals("m0", ((TextMessage) consumer.receive(5000)).getText());
            tx.rollback();
            Message again = consumer.receive(5000);
            assertEquals("m0", ((TextMessage) again).getText());
            assertTrue(again.getJMSRedelivered());
            assertEquals("m1", ((TextMessage) consumer.receive(5000)).getText());
            tx.commit();
            assertNull(consumer.receive(200));
            assertEquals(0, drain(queue));
        }

        @Test
        void transactionCommitsSendsAndReceivesTogether() throws Exception {
            Queue in = fill("in", 1);
            Connection connection = connect();
            Session tx = connection.createSession(true, Session.SESSION_TRANSACTED);
            Queue out = tx.createQueue(unique("out"));
            Message m = tx.createConsumer(in).receive(5000);
            tx.createProducer(out).send(tx.createTextMessage("forwarded " + ((TextMessage) m).getText()));
            tx.commit();
            assertEquals(0, drain(in));
            MessageConsumer outConsumer = connection.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(out);
            assertEquals("forwarded m0", ((TextMessage) outConsumer.receive(5000)).getText());
        }

        @Test
        void closingAConsumerReturnsItsPrefetchedMessagesToOthers() throws Exception {
            Queue queue = fill("prefetch", 10);
            Session session = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer greedy = session.createConsumer(queue);
            assertEquals("m0", ((TextMessage) greedy.receive(5000)).getText());
            greedy.close(); // m1..m9 were prefetched; they must not be lost
            MessageConsumer next = session.createConsumer(queue);
            for (int i = 1; i < 10; i++) {
                Message m = next.receive(5000);
                assertEquals("m" + i, ((TextMessage) m).getText());
                assertFalse(m.getJMSRedelivered(), "prefetched but never consumed is not a redelivery");
            }
        }

        @Test
        void listenerExceptionInAutoModeRedeliversTheMessage() throws Exception {
            Queue queue = fill("listener", 1);
            Connection connection = connect();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            AtomicInteger calls = new AtomicInteger();
            CountDownLatch redelivered = new CountDownLatch(1);
            session.createConsumer(queue).setMessageListener(m -> {
                try {
                    if (calls.incrementAndGet() == 1) {
                        throw new RuntimeException("first attempt fails");
                    }
                    if (m.getJMSRedelivered()) {
                        redelivered.countDown();
                    }
                } catch (jakarta.jms.JMSException e) {
                    throw new RuntimeException(e);
                }
            });
            assertTrue(redelivered.await(5, TimeUnit.SECONDS));
        }
    }
}
