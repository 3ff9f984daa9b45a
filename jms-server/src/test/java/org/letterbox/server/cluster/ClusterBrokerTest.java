package org.letterbox.server.cluster;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.letterbox.jms.LetterboxConnectionFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A three-node cluster in one JVM: only the leader serves; what it confirmed — messages, acknowledgements, a durable
 * subscription, a commit — is there on the next leader after the leader goes, and a node that comes back catches up.
 */
class ClusterBrokerTest {
    @TempDir
    Path dir;
    private LocalCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Connection connect(String url, String clientId) throws JMSException {
        Connection connection = new LetterboxConnectionFactory(url).createConnection();
        if (clientId != null) {
            connection.setClientID(clientId);
        }
        connection.start();
        return connection;
    }

    private static List<String> drain(MessageConsumer consumer, List<Boolean> redelivered) throws JMSException {
        List<String> texts = new ArrayList<>();
        Message m;
        while ((m = consumer.receive(1000)) != null) {
            texts.add(((TextMessage) m).getText());
            if (redelivered != null) {
                redelivered.add(m.getJMSRedelivered());
            }
        }
        return texts;
    }

    @Test
    void aClientWithEveryNodesAddressFindsTheLeaderWhicheverItIs() throws Exception {
        cluster = new LocalCluster(dir, 3, 1 << 20);
        int leader = cluster.serving();
        String url = cluster.failoverUrl("failoverTimeout=20000&reconnectDelay=50");
        try (Connection connection = connect(url, null)) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createProducer(session.createQueue("q")).send(session.createTextMessage("one"));
        }
        cluster.stop(leader);
        try (Connection connection = connect(url, null)) { // waits out the election, then finds the new leader
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Message m = session.createConsumer(session.createQueue("q")).receive(5000);
            assertEquals("one", ((TextMessage) m).getText());
        }
        long started = System.nanoTime();
        JMSException none = assertThrows(JMSException.class,
                () -> connect("tcp://127.0.0.1:1,127.0.0.1:2?failoverTimeout=500&reconnectDelay=50", null).close());
        assertTrue(none.getMessage().contains("cannot connect to any of 127.0.0.1:1,127.0.0.1:2 within 500 ms"),
                none.getMessage());
        assertTrue(System.nanoTime() - started < 5_000_000_000L, "gives up after the failover timeout");
    }

    @Test
    void whatTheLeaderConfirmedIsOnTheNextLeaderAndFollowersDoNotServe() throws Exception {
        cluster = new LocalCluster(dir, 3, 4096);
        int leader = cluster.serving();
        for (int i = 0; i < 3; i++) {
            if (i != leader) {
                int follower = i;
                assertThrows(JMSException.class, () -> connect(cluster.url(follower), null).close(),
                        "a follower does not serve clients");
            }
        }
        try (Connection connection = connect(cluster.url(leader), "sub-owner")) {
            Session session = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            Queue queue = session.createQueue("orders");
            Topic topic = session.createTopic("prices");
            session.createDurableSubscriber(topic, "audit").close();
            MessageProducer producer = session.createProducer(null);
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (int i = 0; i < 100; i++) {
                producer.send(queue, session.createTextMessage("order-" + i));
                producer.send(topic, session.createTextMessage("price-" + i));
            }
            Session tx = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer txProducer = tx.createProducer(queue);
            txProducer.send(tx.createTextMessage("committed"));
            tx.commit();
            txProducer.send(tx.createTextMessage("never committed"));

            MessageConsumer consumer = session.createConsumer(queue);
            Message last = null;
            for (int i = 0; i < 30; i++) {
                last = consumer.receive(5000);
            }
            last.acknowledge(); // the first 30 are gone for good
            for (int i = 0; i < 5; i++) {
                consumer.receive(5000); // delivered, not acknowledged: they come back flagged
            }
        }

        cluster.stop(leader);
        int next = cluster.serving();
        assertNotEquals(leader, next);
        try (Connection connection = connect(cluster.url(next), "sub-owner")) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            List<Boolean> redelivered = new ArrayList<>();
            List<String> orders = drain(session.createConsumer(session.createQueue("orders")), redelivered);
            List<String> expected = new ArrayList<>();
            for (int i = 30; i < 100; i++) {
                expected.add("order-" + i);
            }
            expected.add("committed");
            assertEquals(expected, orders, "every confirmed send once, none acknowledged, nothing uncommitted");
            // delivered and not acknowledged: flagged (those prefetched behind them may be flagged too, as after a
            // restart: the broker journals what it pushed, not what the application took)
            assertEquals(List.of(true, true, true, true, true), redelivered.subList(0, 5));
            List<String> prices = drain(session.createDurableSubscriber(session.createTopic("prices"), "audit"), null);
            assertEquals(100, prices.size());
            assertEquals("price-0", prices.get(0));
        }

        // the old leader comes back as a follower and catches up; then the current leader goes too
        cluster.start(leader);
        try (Connection connection = connect(cluster.url(next), null)) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("orders"));
            producer.send(session.createTextMessage("after-rejoin"));
        }
        Thread.sleep(1000); // lets the returning node catch up before the leader goes (it needs a majority)
        cluster.stop(next);
        int third = cluster.serving();
        try (Connection connection = connect(cluster.url(third), null)) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue("orders"));
            Message m = consumer.receive(5000);
            assertEquals("after-rejoin", ((TextMessage) m).getText());
            assertNull(consumer.receive(300));
        }
    }
}
