package org.letterbox.server.store;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.letterbox.jms.LetterboxConnectionFactory;
import org.letterbox.server.LetterboxBroker;
import org.letterbox.server.destination.DeliveryPolicy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Redelivery limits, backoff, dead-letter and expiry queues, on a real broker over TCP. */
class DeadLetterTest {
    @TempDir
    Path data;

    private LetterboxBroker broker;
    private final List<Connection> connections = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Connection c : connections) {
            try {
                c.close();
            } catch (Exception ignored) {
                // broker gone
            }
        }
        connections.clear();
        if (broker != null) {
            broker.close();
        }
    }

    private LetterboxBroker.Builder builder() {
        return LetterboxBroker.builder().port(0).store(StoreType.CHRONICLE).dataDirectory(data);
    }

    private Session session(boolean transacted) throws Exception {
        Connection connection = new LetterboxConnectionFactory(broker.tcpUrl()).createConnection();
        connections.add(connection);
        connection.start();
        return connection.createSession(transacted, transacted ? Session.SESSION_TRANSACTED : Session.AUTO_ACKNOWLEDGE);
    }

    @Test
    void afterTheLastAttemptAMessageGoesToTheDeadLetterQueueWithWhereWhyAndHowOften() throws Exception {
        broker = builder().deliveryPolicy("poison", DeliveryPolicy.DEFAULT.withMaxDeliveryAttempts(3)).start();
        Session tx = session(true);
        Queue poison = tx.createQueue("poison");
        TextMessage sent = tx.createTextMessage("bad");
        sent.setStringProperty("app", "kept");
        tx.createProducer(poison).send(sent);
        tx.commit();
        MessageConsumer consumer = tx.createConsumer(poison);
        for (int attempt = 1; attempt <= 3; attempt++) {
            Message m = consumer.receive(5000);
            assertNotNull(m, "attempt " + attempt);
            assertEquals(attempt, m.getIntProperty("JMSXDeliveryCount"));
            tx.rollback();
        }
        assertNull(consumer.receive(300), "no fourth attempt");

        Session plain = session(false);
        Message dead = plain.createConsumer(plain.createQueue("DLQ")).receive(5000);
        assertNotNull(dead);
        assertEquals("bad", ((TextMessage) dead).getText());
        assertEquals("kept", dead.getStringProperty("app"));
        assertEquals("poison", dead.getStringProperty("LB_ORIG_DESTINATION"));
        assertEquals("poison", dead.getStringProperty("LB_ORIG_QUEUE"));
        assertEquals("delivery attempts exhausted: 3 of 3", dead.getStringProperty("LB_DLQ_REASON"));
        assertEquals(3, dead.getIntProperty("LB_DELIVERY_COUNT"));
        assertEquals(1, dead.getIntProperty("JMSXDeliveryCount"), "a fresh message on the DLQ");
        assertEquals(DeliveryMode.PERSISTENT, dead.getJMSDeliveryMode());
        assertEquals(sent.getJMSMessageID(), dead.getJMSMessageID());
    }

    @Test
    void aDeadLetterIsKeptAcrossARestartAndTheOriginalIsGone() throws Exception {
        broker = builder().deliveryPolicy(DeliveryPolicy.DEFAULT.withMaxDeliveryAttempts(1).withDeadLetterQueue("dead")).start();
        Session tx = session(true);
        Queue source = tx.createQueue("source");
        tx.createProducer(source).send(tx.createTextMessage("once"));
        tx.commit();
        assertNotNull(tx.createConsumer(source).receive(5000));
        tx.rollback();
        stop();

        broker = builder().deliveryPolicy(DeliveryPolicy.DEFAULT.withMaxDeliveryAttempts(1).withDeadLetterQueue("dead")).start();
        Session plain = session(false);
        assertNull(plain.createConsumer(plain.createQueue("source")).receive(300));
        Message dead = plain.createConsumer(plain.createQueue("dead")).receive(5000);
        assertNotNull(dead);
        assertEquals("source", dead.getStringProperty("LB_ORIG_DESTINATION"));
        assertEquals(1, dead.getIntProperty("LB_DELIVERY_COUNT"));
    }

    @Test
    void redeliveryWaitsTheDelayWithExponentialBackoff() throws Exception {
        broker = builder().deliveryPolicy("slow", DeliveryPolicy.DEFAULT.withMaxDeliveryAttempts(0)
                .withRedeliveryDelay(200, 2.0, 500)).start();
        Session tx = session(true);
        Queue slow = tx.createQueue("slow");
        tx.createProducer(slow).send(tx.createTextMessage("retry"));
        tx.commit();
        MessageConsumer consumer = tx.createConsumer(slow);
        assertNotNull(consumer.receive(5000));
        long[] minimumWait = {200, 400, 500}; // 200, 200*2, 200*4 capped at 500
        for (long expected : minimumWait) {
            long rolledBack = System.nanoTime();
            tx.rollback();
            Message again = consumer.receive(10_000);
            long waited = (System.nanoTime() - rolledBack) / 1_000_000;
            assertNotNull(again);
            assertTrue(waited >= expected - 5, "redelivered after " + waited + " ms, policy says " + expected);
        }
        tx.commit();
    }

    @Test
    void backoffIsCapped() {
        DeliveryPolicy policy = DeliveryPolicy.DEFAULT.withRedeliveryDelay(100, 3.0, 1000);
        assertEquals(0, policy.redeliveryDelay(0));
        assertEquals(100, policy.redeliveryDelay(1));
        assertEquals(300, policy.redeliveryDelay(2));
        assertEquals(900, policy.redeliveryDelay(3));
        assertEquals(1000, policy.redeliveryDelay(4));
        assertEquals(1000, policy.redeliveryDelay(30));
    }

    @Test
    void expiredMessagesMoveToTheExpiryQueueWhenThePolicySaysSo() throws Exception {
        broker = builder().deliveryPolicy("perishable", DeliveryPolicy.DEFAULT.withExpiryQueue("ExpiryQueue")).start();
        Session session = session(false);
        Queue queue = session.createQueue("perishable");
        MessageProducer producer = session.createProducer(queue);
        producer.setTimeToLive(100);
        producer.send(session.createTextMessage("milk"));
        producer.setTimeToLive(0);
        producer.send(session.createTextMessage("salt"));
        Thread.sleep(300);
        MessageConsumer consumer = session.createConsumer(queue);
        assertEquals("salt", ((TextMessage) consumer.receive(5000)).getText(), "the expired one is never delivered");
        assertNull(consumer.receive(200));

        Message expired = session.createConsumer(session.createQueue("ExpiryQueue")).receive(5000);
        assertNotNull(expired);
        assertEquals("milk", ((TextMessage) expired).getText());
        assertEquals("expired", expired.getStringProperty("LB_DLQ_REASON"));
        assertEquals("perishable", expired.getStringProperty("LB_ORIG_DESTINATION"));
        assertEquals(0, expired.getIntProperty("LB_DELIVERY_COUNT"));
        assertTrue(expired.getLongProperty("LB_ORIG_EXPIRATION") > 0);
        assertEquals(0, expired.getJMSExpiration(), "the copy does not expire again");
    }

    @Test
    void expiredMessagesAreDroppedByDefault() throws Exception {
        broker = builder().start();
        Session session = session(false);
        Queue queue = session.createQueue("default-expiry");
        MessageProducer producer = session.createProducer(queue);
        producer.setTimeToLive(100);
        producer.send(session.createTextMessage("gone"));
        Thread.sleep(300);
        assertNull(session.createConsumer(queue).receive(300));
        stop();
        broker = builder().start();
        session = session(false);
        assertNull(session.createConsumer(session.createQueue("default-expiry")).receive(300), "settled in the journal too");
    }
}
