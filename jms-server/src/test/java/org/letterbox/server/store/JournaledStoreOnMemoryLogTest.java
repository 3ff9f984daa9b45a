package org.letterbox.server.store;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.letterbox.jms.LetterboxConnectionFactory;
import org.letterbox.server.LetterboxBroker;
import org.letterbox.server.store.log.MemoryRecordLog;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The journaled store's meaning does not depend on Chronicle: the same store over the memory record log keeps a
 * queue's and a durable subscription's messages, acknowledgements and a committed transaction across a broker
 * restart (a new broker on the same log), flags what was delivered and not acknowledged, and releases the log's
 * segments once their messages are settled.
 */
class JournaledStoreOnMemoryLogTest {
    private final MemoryRecordLog log = new MemoryRecordLog(16);
    private LetterboxBroker broker;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private Connection start(String clientId) throws Exception {
        broker = LetterboxBroker.builder().port(0).store(thread -> new JournaledStore(log, 1 << 20)).start();
        Connection connection = new LetterboxConnectionFactory(broker.tcpUrl()).createConnection();
        connection.setClientID(clientId);
        connection.start();
        return connection;
    }

    private static List<String> texts(MessageConsumer consumer, boolean[] redelivered) throws Exception {
        List<String> texts = new ArrayList<>();
        Message m;
        int i = 0;
        while ((m = consumer.receive(500)) != null) {
            texts.add(((TextMessage) m).getText());
            if (redelivered != null && i < redelivered.length) {
                redelivered[i] = m.getJMSRedelivered();
            }
            i++;
        }
        return texts;
    }

    @Test
    void queuesSubscriptionsAndTransactionsSurviveARestartOnTheSameLog() throws Exception {
        Connection first = start("memory-log");
        Session session = first.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        Topic topic = session.createTopic("news");
        session.createDurableConsumer(topic, "archive").close();
        MessageProducer producer = session.createProducer(null);
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        for (int i = 0; i < 5; i++) {
            producer.send(session.createQueue("orders"), session.createTextMessage("order-" + i));
            producer.send(topic, session.createTextMessage("news-" + i));
        }
        Session transacted = first.createSession(true, Session.SESSION_TRANSACTED);
        MessageProducer inTx = transacted.createProducer(transacted.createQueue("orders"));
        inTx.setDeliveryMode(DeliveryMode.PERSISTENT);
        inTx.send(transacted.createTextMessage("committed"));
        transacted.commit();
        inTx.send(transacted.createTextMessage("never committed"));

        MessageConsumer orders = session.createConsumer(session.createQueue("orders"));
        Message m0 = orders.receive(2000);
        Message m1 = orders.receive(2000);
        assertEquals("order-1", ((TextMessage) m1).getText());
        m1.acknowledge(); // order-0 and order-1 are acknowledged; order-2 is delivered and not
        assertEquals("order-0", ((TextMessage) m0).getText());
        Message m2 = orders.receive(2000);
        assertEquals("order-2", ((TextMessage) m2).getText());
        first.close();
        broker.close();

        Connection second = start("memory-log");
        Session again = second.createSession(false, Session.AUTO_ACKNOWLEDGE);
        boolean[] redelivered = new boolean[1];
        assertEquals(List.of("order-2", "order-3", "order-4", "committed"),
                texts(again.createConsumer(again.createQueue("orders")), redelivered));
        assertTrue(redelivered[0], "order-2 was delivered before the restart");
        assertEquals(List.of("news-0", "news-1", "news-2", "news-3", "news-4"),
                texts(again.createDurableConsumer(again.createTopic("news"), "archive"), null));
        second.close();
        broker.close();

        Connection third = start("memory-log");
        Session last = third.createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertNull(last.createConsumer(last.createQueue("orders")).receive(300), "everything acknowledged stays gone");
        int before = log.size();
        MessageProducer filler = last.createProducer(last.createQueue("churn"));
        MessageConsumer churn = last.createConsumer(last.createQueue("churn"));
        filler.setDeliveryMode(DeliveryMode.PERSISTENT);
        for (int i = 0; i < 200; i++) {
            filler.send(last.createTextMessage("c" + i));
            assertFalse(churn.receive(2000) == null);
        }
        assertTrue(log.releasedSegments() > 0, "settled segments were released");
        assertTrue(log.size() < before + 200 * 3, "the log does not keep everything: " + log.size());
        third.close();
    }
}
