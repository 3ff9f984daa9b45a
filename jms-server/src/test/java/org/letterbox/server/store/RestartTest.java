package org.letterbox.server.store;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.letterbox.server.LetterboxBroker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real broker on the Chronicle journal, stopped and started again on the same data directory: what was
 * confirmed comes back exactly once, what was acknowledged or never committed does not.
 */
class RestartTest {
    @TempDir
    Path data;

    private StoreBrokerFixture store;

    @BeforeEach
    void fixture() {
        store = new StoreBrokerFixture(data, FsyncPolicy.BATCH);
    }

    @AfterEach
    void stop() {
        store.close();
    }

    private void start(FsyncPolicy fsync) throws Exception {
        store.start(LetterboxBroker.builder(), fsync);
    }

    private void start() throws Exception {
        store.start(LetterboxBroker.builder());
    }

    /** Restarts with the default BATCH policy, whatever policy the first start used. */
    private void restart() throws Exception {
        store.stop();
        start();
    }

    private static void send(Session session, jakarta.jms.Destination to, int from, int count, int deliveryMode) throws JMSException {
        MessageProducer producer = session.createProducer(to);
        producer.setDeliveryMode(deliveryMode);
        for (int i = from; i < from + count; i++) {
            producer.send(session.createTextMessage("m" + i));
        }
        producer.close();
    }

    /** Receives until nothing comes within the timeout; returns the texts. */
    private static List<String> drain(MessageConsumer consumer, long timeoutMillis) throws JMSException {
        List<String> texts = new ArrayList<>();
        Message m;
        while ((m = consumer.receive(timeoutMillis)) != null) {
            texts.add(((TextMessage) m).getText());
        }
        return texts;
    }

    private static List<String> texts(int from, int count) {
        List<String> texts = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            texts.add("m" + i);
        }
        return texts;
    }

    @ParameterizedTest
    @EnumSource(FsyncPolicy.class)
    void persistentMessagesSurviveRestartExactlyOnceAndAckedOnesNeverReturn(FsyncPolicy fsync) throws Exception {
        start(fsync);
        Session session = store.session();
        Queue queue = session.createQueue("orders");
        send(session, queue, 0, 300, DeliveryMode.PERSISTENT);
        MessageConsumer consumer = session.createConsumer(queue);
        for (int i = 0; i < 100; i++) {
            assertEquals("m" + i, ((TextMessage) consumer.receive(5000)).getText());
        }
        consumer.close();

        restart();
        session = store.session();
        List<String> received = drain(session.createConsumer(session.createQueue("orders")), 1000);
        assertEquals(texts(100, 200), received, "the 200 unacknowledged messages, once each, in order");

        restart();
        session = store.session();
        assertNull(session.createConsumer(session.createQueue("orders")).receive(300), "all were acknowledged");
    }

    @Test
    void deliveredButUnacknowledgedMessagesComeBackFlaggedRedelivered() throws Exception {
        start();
        Session session = store.connect().createSession(false, Session.CLIENT_ACKNOWLEDGE);
        Queue queue = session.createQueue("work");
        send(session, queue, 0, 5, DeliveryMode.PERSISTENT);
        MessageConsumer consumer = session.createConsumer(queue);
        Message last = null;
        for (int i = 0; i < 3; i++) {
            last = consumer.receive(5000);
            assertFalse(last.getJMSRedelivered());
        }
        last.acknowledge(); // the first three are acknowledged
        for (int i = 3; i < 5; i++) {
            assertEquals("m" + i, ((TextMessage) consumer.receive(5000)).getText()); // consumed, never acknowledged
        }

        restart();
        session = store.session();
        consumer = session.createConsumer(session.createQueue("work"));
        for (int i = 3; i < 5; i++) {
            Message m = consumer.receive(5000);
            assertNotNull(m, "m" + i + " comes back");
            assertEquals("m" + i, ((TextMessage) m).getText());
            assertTrue(m.getJMSRedelivered(), "delivered before the restart, so flagged redelivered");
            assertEquals(2, m.getIntProperty("JMSXDeliveryCount"));
        }
        assertNull(consumer.receive(300));
    }

    @Test
    void aMessageDeliveredAsItsTransactionCommitsComesBackFlaggedRedelivered() throws Exception {
        start();
        Session consuming = store.connect().createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer consumer = consuming.createConsumer(consuming.createQueue("work"));
        Session transacted = store.connect().createSession(true, Session.SESSION_TRANSACTED);
        send(transacted, transacted.createQueue("work"), 0, 1, DeliveryMode.PERSISTENT);
        transacted.commit(); // the waiting consumer is sent m0 while the commit is journaled
        Message m = consumer.receive(5000);
        assertEquals("m0", ((TextMessage) m).getText());
        assertFalse(m.getJMSRedelivered());

        restart();
        Session session = store.session();
        m = session.createConsumer(session.createQueue("work")).receive(5000);
        assertNotNull(m, "m0 comes back: it was never acknowledged");
        assertTrue(m.getJMSRedelivered(), "delivered before the restart, so flagged redelivered");
        assertEquals(2, m.getIntProperty("JMSXDeliveryCount"));
    }

    @Test
    void nonPersistentMessagesAreGoneAfterRestart() throws Exception {
        start();
        Session session = store.session();
        Queue queue = session.createQueue("mixed");
        send(session, queue, 0, 10, DeliveryMode.NON_PERSISTENT);
        send(session, queue, 10, 5, DeliveryMode.PERSISTENT);

        restart();
        session = store.session();
        assertEquals(texts(10, 5), drain(session.createConsumer(session.createQueue("mixed")), 1000));
    }

    @Test
    void durableSubscriptionKeepsItsPendingMessagesAcrossRestart() throws Exception {
        start();
        Connection connection = store.connect("client-a");
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic topic = session.createTopic("prices");
        MessageConsumer subscriber = session.createDurableConsumer(topic, "sub", "kind = 'keep'", false);
        MessageProducer producer = session.createProducer(topic);
        for (int i = 0; i < 6; i++) {
            TextMessage m = session.createTextMessage("m" + i);
            m.setStringProperty("kind", i % 2 == 0 ? "keep" : "skip");
            producer.send(m);
        }
        assertEquals("m0", ((TextMessage) subscriber.receive(5000)).getText()); // acknowledged
        subscriber.close();
        TextMessage offline = session.createTextMessage("m6");
        offline.setStringProperty("kind", "keep");
        producer.send(offline); // published while the subscription has no consumer

        restart();
        session = store.connect("client-a").createSession(false, Session.AUTO_ACKNOWLEDGE);
        topic = session.createTopic("prices");
        subscriber = session.createDurableConsumer(topic, "sub", "kind = 'keep'", false);
        assertEquals(List.of("m2", "m4", "m6"), drain(subscriber, 1000));
        subscriber.close();
        session.unsubscribe("sub");

        restart();
        session = store.connect("client-a").createSession(false, Session.AUTO_ACKNOWLEDGE);
        Session s = session;
        assertThrows(JMSException.class, () -> s.unsubscribe("sub"), "the unsubscribe was kept");
    }

    @Test
    void sharedDurableSubscriptionSurvivesRestart() throws Exception {
        start();
        Session session = store.session();
        Topic topic = session.createTopic("events");
        MessageConsumer first = session.createSharedDurableConsumer(topic, "shared-sub");
        send(session, topic, 0, 10, DeliveryMode.PERSISTENT);
        for (int i = 0; i < 4; i++) {
            assertNotNull(first.receive(5000));
        }
        first.close();

        restart();
        session = store.session();
        topic = session.createTopic("events");
        MessageConsumer a = session.createSharedDurableConsumer(topic, "shared-sub");
        assertEquals(texts(4, 6), drain(a, 1000));
    }

    @Test
    void topicMessagesAreStoredOnceAndEachDurableSubscriptionSettlesItsOwnRef() throws Exception {
        start();
        Connection connection = store.connect("client-b");
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic topic = session.createTopic("news");
        MessageConsumer one = session.createDurableConsumer(topic, "one");
        MessageConsumer two = session.createDurableConsumer(topic, "two");
        send(session, topic, 0, 4, DeliveryMode.PERSISTENT);
        assertEquals(texts(0, 4), drain(one, 500)); // "one" consumed them all; "two" none
        one.close();
        two.close();

        restart();
        session = store.connect("client-b").createSession(false, Session.AUTO_ACKNOWLEDGE);
        topic = session.createTopic("news");
        assertEquals(List.of(), drain(session.createDurableConsumer(topic, "one"), 300));
        assertEquals(texts(0, 4), drain(session.createDurableConsumer(topic, "two"), 1000));
    }

    @Test
    void transactionUncommittedAtStopLeavesNothingAndCommittedOneIsKept() throws Exception {
        start();
        Connection connection = store.connect();
        Session plain = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue in = plain.createQueue("tx-in");
        send(plain, in, 0, 2, DeliveryMode.PERSISTENT);

        Session tx = connection.createSession(true, Session.SESSION_TRANSACTED);
        Queue out = tx.createQueue("tx-out");
        MessageConsumer consumer = tx.createConsumer(in);
        assertEquals("m0", ((TextMessage) consumer.receive(5000)).getText());
        send(tx, out, 100, 3, DeliveryMode.PERSISTENT);
        tx.commit(); // m0 consumed, m100..m102 sent: together
        assertEquals("m1", ((TextMessage) consumer.receive(5000)).getText());
        send(tx, out, 200, 3, DeliveryMode.PERSISTENT); // never committed

        restart();
        Session session = store.session();
        assertEquals(texts(100, 3), drain(session.createConsumer(session.createQueue("tx-out")), 1000));
        List<String> back = drain(session.createConsumer(session.createQueue("tx-in")), 1000);
        assertEquals(List.of("m1"), back, "the uncommitted receive comes back, the committed one does not");
    }

    @Test
    void delayedMessageKeepsItsDeliveryTimeAcrossRestart() throws Exception {
        start();
        Session session = store.session();
        Queue queue = session.createQueue("later");
        MessageProducer producer = session.createProducer(queue);
        producer.setDeliveryDelay(1500);
        long sent = System.currentTimeMillis();
        producer.send(session.createTextMessage("delayed"));
        producer.setDeliveryDelay(0);
        producer.send(session.createTextMessage("now"));

        restart();
        session = store.session();
        MessageConsumer consumer = session.createConsumer(session.createQueue("later"));
        assertEquals("now", ((TextMessage) consumer.receive(5000)).getText());
        Message delayed = consumer.receive(10_000);
        long arrived = System.currentTimeMillis();
        assertEquals("delayed", ((TextMessage) delayed).getText());
        assertTrue(arrived >= sent + 1500, "not delivered before its delivery time (" + (arrived - sent) + " ms)");
        assertEquals(sent + 1500, delayed.getJMSDeliveryTime(), 1000);
    }

    @Test
    void priorityOrderHoldsAcrossRestart() throws Exception {
        start();
        Session session = store.session();
        Queue queue = session.createQueue("prio");
        MessageProducer producer = session.createProducer(queue);
        for (int i = 0; i < 6; i++) {
            producer.send(session.createTextMessage("m" + i), DeliveryMode.PERSISTENT, i % 2 == 0 ? 1 : 8, 0);
        }

        restart();
        session = store.session();
        assertEquals(List.of("m1", "m3", "m5", "m0", "m2", "m4"), drain(session.createConsumer(session.createQueue("prio")), 1000));
    }

    @Test
    void newMessagesAfterRestartDoNotCollideWithKeptOnes() throws Exception {
        start();
        Session session = store.session();
        send(session, session.createQueue("seq"), 0, 3, DeliveryMode.PERSISTENT);
        restart();
        session = store.session();
        send(session, session.createQueue("seq"), 3, 3, DeliveryMode.PERSISTENT);
        restart();
        session = store.session();
        List<String> all = drain(session.createConsumer(session.createQueue("seq")), 1000);
        assertEquals(texts(0, 6), all);
        assertEquals(6, new HashSet<>(all).size());
    }

    @Test
    void aSecondBrokerCannotOpenTheSameDataDirectory() throws Exception {
        start();
        LetterboxBroker first = store.broker();
        Exception refused = assertThrows(Exception.class,
                () -> LetterboxBroker.builder().port(0).store(StoreType.CHRONICLE).dataDirectory(data).start());
        assertTrue(String.valueOf(refused.getMessage()).contains("in use"), refused.toString());
        assertFalse(first.isClosed());
    }
}
