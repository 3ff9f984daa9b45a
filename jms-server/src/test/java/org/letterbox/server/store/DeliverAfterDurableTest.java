package org.letterbox.server.store;

import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.letterbox.jms.LetterboxConnectionFactory;
import org.letterbox.server.LetterboxBroker;
import org.letterbox.server.store.chronicle.ChronicleStore;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A persistent message reaches a consumer only once it is as durable as the fsync policy promises: a consumer never
 * acts on a message a power loss could still take back (a "ghost"). Checked on the real journal with its fsync held
 * back: the message, and a committed transaction's messages, stay invisible until durability, and then come with
 * their confirmations. Non-persistent messages do not wait.
 */
class DeliverAfterDurableTest {
    @TempDir
    Path data;

    private HeldDurabilityStore store;
    private LetterboxBroker broker;
    private Connection connection;

    @BeforeEach
    void start() throws Exception {
        broker = LetterboxBroker.builder().port(0).store(thread -> {
            store = new HeldDurabilityStore(ChronicleStore.open(data, FsyncPolicy.BATCH, thread));
            return store;
        }).start();
        connection = new LetterboxConnectionFactory(broker.tcpUrl()).createConnection();
        connection.start();
    }

    @AfterEach
    void stop() throws Exception {
        connection.close();
        broker.close();
    }

    private void holdFsyncs() {
        broker.onBrokerThread(() -> {
            store.hold();
            return null;
        });
    }

    /** Counts confirmations down (a failed send is never counted: the test then waits in vain and fails). */
    private static CompletionListener countingDown(CountDownLatch confirmed) {
        return new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                confirmed.countDown();
            }

            @Override
            public void onException(Message message, Exception exception) {
            }
        };
    }

    private int releaseFsyncs() {
        return broker.onBrokerThread(store::release);
    }

    @Test
    void aPersistentMessageIsDeliveredOnlyOnceDurableAndThenConfirmed() throws Exception {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue("durable-first");
        MessageConsumer consumer = session.createConsumer(queue);
        MessageProducer producer = session.createProducer(queue);
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        CountDownLatch confirmed = new CountDownLatch(1);
        holdFsyncs();
        producer.send(session.createTextMessage("not yet"), countingDown(confirmed));
        assertNull(consumer.receive(500), "journaled but not durable: no consumer may see it");
        assertFalse(confirmed.await(0, TimeUnit.MILLISECONDS), "nor is the send confirmed");

        assertTrue(releaseFsyncs() >= 1);
        TextMessage received = (TextMessage) consumer.receive(5000);
        assertNotNull(received, "durable now: delivered");
        assertEquals("not yet", received.getText());
        assertTrue(confirmed.await(5, TimeUnit.SECONDS), "and confirmed");
    }

    @Test
    void aCommittedTransactionIsVisibleOnlyOnceItsCommitIsDurable() throws Exception {
        Session transacted = connection.createSession(true, Session.SESSION_TRANSACTED);
        Session reader = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = reader.createQueue("durable-commit");
        MessageConsumer consumer = reader.createConsumer(queue);
        MessageProducer producer = transacted.createProducer(queue);
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        producer.send(transacted.createTextMessage("a"));
        producer.send(transacted.createTextMessage("b"));
        Thread committer = new Thread(() -> {
            try {
                transacted.commit();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        holdFsyncs();
        committer.start();
        assertNull(consumer.receive(500), "the commit marker is not durable yet: nothing of the transaction is seen");
        assertTrue(committer.isAlive(), "commit() waits for durability too");
        releaseFsyncs();
        committer.join(5000);
        assertFalse(committer.isAlive());
        assertEquals("a", ((TextMessage) consumer.receive(5000)).getText());
        assertEquals("b", ((TextMessage) consumer.receive(5000)).getText());
    }

    @Test
    void aNonPersistentMessageDoesNotWaitForTheJournal() throws Exception {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue("no-wait");
        MessageConsumer consumer = session.createConsumer(queue);
        MessageProducer producer = session.createProducer(queue);
        producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
        holdFsyncs();
        producer.send(session.createTextMessage("now"));
        assertEquals("now", ((TextMessage) consumer.receive(5000)).getText());
        releaseFsyncs();
    }

    @Test
    void persistentMessagesKeepTheirOrderAcrossTheWait() throws Exception {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue("ordered");
        MessageConsumer consumer = session.createConsumer(queue);
        MessageProducer producer = session.createProducer(queue);
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        CountDownLatch confirmed = new CountDownLatch(20);
        holdFsyncs();
        for (int i = 0; i < 20; i++) {
            producer.send(session.createTextMessage("m" + i), countingDown(confirmed));
        }
        assertNull(consumer.receive(300));
        releaseFsyncs();
        for (int i = 0; i < 20; i++) {
            assertEquals("m" + i, ((TextMessage) consumer.receive(5000)).getText());
        }
        assertTrue(confirmed.await(5, TimeUnit.SECONDS));
    }
}
