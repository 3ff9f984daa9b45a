package org.letterbox.server.it;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** Queue semantics: competing consumers, order, priority, expiry, delay, browsing, flow control. */
class QueueDeliveryTest {

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
        void messagesFromOneProducerArriveInSendOrder() throws Exception {
            Session session = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = session.createQueue(unique("q"));
            MessageProducer producer = session.createProducer(queue);
            producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
            MessageConsumer consumer = session.createConsumer(queue);
            for (int i = 0; i < 500; i++) {
                producer.send(session.createTextMessage("m" + i));
            }
            for (int i = 0; i < 500; i++) {
                TextMessage m = (TextMessage) consumer.receive(5000);
                assertNotNull(m, "message " + i);
                assertEquals("m" + i, m.getText());
            }
            assertNull(consumer.receiveNoWait());
        }

        @Test
        void eachQueueMessageGoesToExactlyOneConsumerRoundRobin() throws Exception {
            Connection connection = connect();
            Session producerSession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = producerSession.createQueue(unique("rr"));
            // window 1: the broker can only push one at a time, so round-robin shows in the split
            Connection slow = started(factory("consumerWindow=1").createConnection());
            Session s1 = slow.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Session s2 = slow.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer c1 = s1.createConsumer(queue);
            MessageConsumer c2 = s2.createConsumer(queue);
            MessageProducer producer = producerSession.createProducer(queue);
            for (int i = 0; i < 20; i++) {
                producer.send(producerSession.createTextMessage("m" + i));
            }
            Set<String> seen = new HashSet<>();
            int fromFirst = 0;
            int fromSecond = 0;
            for (int i = 0; i < 10; i++) {
                TextMessage a = (TextMessage) c1.receive(5000);
                TextMessage b = (TextMessage) c2.receive(5000);
                assertNotNull(a);
                assertNotNull(b);
                assertTrue(seen.add(a.getText()), "duplicate " + a.getText());
                assertTrue(seen.add(b.getText()), "duplicate " + b.getText());
                fromFirst++;
                fromSecond++;
            }
            assertEquals(20, seen.size());
            assertEquals(fromFirst, fromSecond);
            assertNull(c1.receive(200));
            assertNull(c2.receiveNoWait());
        }

        @Test
        void higherPriorityMessagesAreDeliveredFirst() throws Exception {
            Connection connection = connect();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = session.createQueue(unique("prio"));
            MessageProducer producer = session.createProducer(queue);
            for (int i = 0; i < 10; i++) {
                producer.send(session.createTextMessage("p" + i), DeliveryMode.PERSISTENT, i, 0);
            }
            MessageConsumer consumer = session.createConsumer(queue);
            for (int p = 9; p >= 0; p--) {
                Message m = consumer.receive(5000);
                assertEquals(p, m.getJMSPriority());
            }
        }

        @Test
        void expiredMessagesAreNeverDelivered() throws Exception {
            Session session = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = session.createQueue(unique("exp"));
            MessageProducer producer = session.createProducer(queue);
            producer.setTimeToLive(50);
            producer.send(session.createTextMessage("short-lived"));
            producer.setTimeToLive(0);
            producer.send(session.createTextMessage("forever"));
            Thread.sleep(150);
            MessageConsumer consumer = session.createConsumer(queue);
            TextMessage m = (TextMessage) consumer.receive(5000);
            assertEquals("forever", m.getText());
            assertEquals(0, m.getJMSExpiration());
            assertNull(consumer.receive(200));
        }

        @Test
        void deliveryDelayHoldsMessageBack() throws Exception {
            Session session = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = session.createQueue(unique("delay"));
            MessageConsumer consumer = session.createConsumer(queue);
            MessageProducer producer = session.createProducer(queue);
            producer.setDeliveryDelay(700);
            long sent = System.currentTimeMillis();
            producer.send(session.createTextMessage("later"));
            assertNull(consumer.receive(300), "delivered before its delivery time");
            Message m = consumer.receive(5000);
            assertNotNull(m);
            assertTrue(System.currentTimeMillis() - sent >= 650, "delivered too early");
            assertTrue(m.getJMSDeliveryTime() >= m.getJMSTimestamp() + 700);
        }

        @Test
        void browserSeesWaitingMessagesInOrderWithoutConsumingThem() throws Exception {
            Session session = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = session.createQueue(unique("browse"));
            MessageProducer producer = session.createProducer(queue);
            for (int i = 0; i < 250; i++) {
                TextMessage m = session.createTextMessage("m" + i);
                m.setIntProperty("n", i);
                producer.send(m);
            }
            try (QueueBrowser browser = session.createBrowser(queue)) {
                List<String> texts = new ArrayList<>();
                for (Enumeration<?> e = browser.getEnumeration(); e.hasMoreElements(); ) {
                    texts.add(((TextMessage) e.nextElement()).getText());
                }
                assertEquals(250, texts.size());
                assertEquals("m0", texts.get(0));
                assertEquals("m249", texts.get(249));
            }
            try (QueueBrowser filtered = session.createBrowser(queue, "n >= 240")) {
                assertEquals(10, Collections.list(filtered.getEnumeration()).size());
                assertEquals("n >= 240", filtered.getMessageSelector());
            }
            MessageConsumer consumer = session.createConsumer(queue);
            assertEquals("m0", ((TextMessage) consumer.receive(5000)).getText());
        }

        @Test
        void stalledConsumerIsNeverSentMoreThanItsWindow() throws Exception {
            Connection stalled = started(factory("consumerWindow=10").createConnection());
            Session session = stalled.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            String name = unique("window");
            Queue queue = session.createQueue(name);
            session.createConsumer(queue); // never receives
            Session producerSession = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = producerSession.createProducer(queue);
            for (int i = 0; i < 100; i++) {
                producer.send(producerSession.createTextMessage("m" + i));
            }
            Thread.sleep(300);
            assertEquals(90, broker.queueDepth(name), "the broker must keep all but the window");
            // a second consumer gets the rest: nothing is stuck in the stalled one beyond its window
            MessageConsumer other = producerSession.createConsumer(queue);
            int received = 0;
            while (other.receive(500) != null) {
                received++;
            }
            assertEquals(90, received);
        }

        @Test
        void pullConsumerWithWindowZeroReceivesOnDemand() throws Exception {
            Connection connection = started(factory("consumerWindow=0").createConnection());
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            String name = unique("pull");
            Queue queue = session.createQueue(name);
            MessageConsumer consumer = session.createConsumer(queue);
            assertNull(consumer.receiveNoWait());
            MessageProducer producer = session.createProducer(queue);
            for (int i = 0; i < 3; i++) {
                producer.send(session.createTextMessage("m" + i));
            }
            Thread.sleep(100);
            assertEquals(3, broker.queueDepth(name), "a pull consumer is pushed nothing unasked");
            assertEquals("m0", ((TextMessage) consumer.receiveNoWait()).getText());
            assertEquals("m1", ((TextMessage) consumer.receive(1000)).getText());
            assertEquals("m2", ((TextMessage) consumer.receive()).getText());
            assertNull(consumer.receive(100));
        }

        @Test
        void queueConsumerSelectorTakesOnlyMatchingMessagesAndLeavesTheRest() throws Exception {
            Session session = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = session.createQueue(unique("sel"));
            MessageProducer producer = session.createProducer(queue);
            for (int i = 0; i < 10; i++) {
                TextMessage m = session.createTextMessage("m" + i);
                m.setStringProperty("colour", i % 2 == 0 ? "red" : "blue");
                producer.send(m);
            }
            MessageConsumer reds = session.createConsumer(queue, "colour = 'red'");
            for (int i = 0; i < 10; i += 2) {
                assertEquals("m" + i, ((TextMessage) reds.receive(5000)).getText());
            }
            assertNull(reds.receive(200));
            MessageConsumer all = session.createConsumer(queue);
            for (int i = 1; i < 10; i += 2) {
                assertEquals("m" + i, ((TextMessage) all.receive(5000)).getText());
            }
        }
    }
}
