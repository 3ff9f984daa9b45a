package org.letterbox.server.store;

import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.letterbox.jms.LetterboxConnectionFactory;
import org.letterbox.server.LetterboxBroker;
import org.letterbox.server.store.log.JournalSyncStats;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * fsync=batch group commit ({@code JournalSyncer}), watched through the broker's {@link JournalSyncStats}: while one
 * synchronous producer sends alone the broker thread runs one fsync per confirmation itself; once many producers (or
 * asynchronous sends) wait at once the syncer thread takes over and one of its fsyncs confirms several; after the
 * crowd the broker thread takes over again. Every confirmation is released by an fsync that began after it was asked
 * for, that is after its record was written.
 *
 * <p>No assertion depends on timing. The crowd ones depend only on two sends ever waiting for an fsync at the same
 * time, which six producers that each always have a send in flight, and 1500 pipelined asynchronous sends, give on
 * any machine: a slower broker only makes the groups bigger.
 */
@Timeout(120)
class GroupCommitTest {
    private static final int PER_PRODUCER = 150;
    private static final int PRODUCERS = 6;
    private static final int ASYNC = 1500;

    @TempDir
    Path data;

    private LetterboxBroker broker;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private void start() throws Exception {
        broker = LetterboxBroker.builder().port(0).store(StoreType.CHRONICLE).dataDirectory(data)
                .fsync(FsyncPolicy.BATCH).start();
    }

    @Test
    void aLoneSynchronousProducerIsConfirmedByOneInlineFsyncPerSend() throws Exception {
        start();
        JournalSyncStats done = during(() -> sendSync("alone", 1));
        assertEquals(PER_PRODUCER, done.inlineConfirmations(), done.toString());
        assertEquals(PER_PRODUCER, done.inlineForces(), "nothing to share: " + done);
        assertEquals(0, done.threadForces(), done.toString());
        assertEquals(0, done.prematureConfirmations(), done.toString());
    }

    @Test
    void concurrentProducersAndAsyncSendsAreConfirmedByTheSyncerThreadSharingItsFsyncs() throws Exception {
        start();
        JournalSyncStats done = during(() -> {
            sendSync("crowd", PRODUCERS);
            sendAsync("async");
        });
        assertEquals(PER_PRODUCER * PRODUCERS + ASYNC, done.confirmations(), done.toString());
        assertTrue(done.threadForces() > 0, "the syncer thread took over: " + done);
        assertTrue(done.threadConfirmations() > done.threadForces(), "its fsyncs are shared: " + done);
        assertEquals(0, done.prematureConfirmations(), done.toString());
    }

    @Test
    void theBrokerThreadFsyncsInlineAgainOnceTheCrowdHasGone() throws Exception {
        start();
        JournalSyncStats crowd = during(() -> sendAsync("async"));
        assertTrue(crowd.threadConfirmations() > 0, "the syncer thread had taken over: " + crowd);
        JournalSyncStats after = during(() -> sendSync("alone-again", 1));
        // the first send may still go to the syncer thread: the last fsync it saw confirmed a group
        assertTrue(after.threadConfirmations() <= 1, after.toString());
        assertEquals(PER_PRODUCER, after.confirmations(), after.toString());
        assertEquals(0, after.prematureConfirmations(), after.toString());
    }

    @Test
    void everyConfirmationFollowsAnFsyncBegunAfterItsSendAndEachConfirmedSendIsJournaledOnce() throws Exception {
        start();
        Set<String> sent = new HashSet<>();
        JournalSyncStats done = during(() -> {
            sent.addAll(sendSync("alone", 1));
            sent.addAll(sendSync("crowd", PRODUCERS));
            sent.addAll(sendAsync("async"));
            sent.addAll(sendSync("alone-again", 1));
        });
        assertEquals(PER_PRODUCER * (2 + PRODUCERS) + ASYNC, sent.size());
        assertEquals(sent.size(), done.confirmations(), "each send waited for an fsync: " + done);
        assertEquals(0, done.prematureConfirmations(), "each one begun after the send: " + done);

        broker.close(); // a clean stop: this shows what the journal holds, not what an fsync made durable
        start();
        assertEquals(sent, receiveAll());
    }

    private interface Sends {
        void run() throws Exception;
    }

    /** What group commit did while {@code sends} ran. */
    private JournalSyncStats during(Sends sends) throws Exception {
        JournalSyncStats before = broker.journalSyncStats();
        sends.run();
        return broker.journalSyncStats().since(before);
    }

    /** {@code producers} connections sending synchronously at once; returns the ids of the confirmed messages. */
    private List<String> sendSync(String name, int producers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(producers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<String>>> results = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                String prefix = name + "-" + p + "-";
                results.add(pool.submit(() -> {
                    try (Connection connection = new LetterboxConnectionFactory(broker.tcpUrl()).createConnection()) {
                        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                        MessageProducer producer = session.createProducer(session.createQueue("group-commit"));
                        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                        List<String> ids = new ArrayList<>();
                        go.await();
                        for (int i = 0; i < PER_PRODUCER; i++) {
                            producer.send(message(session, prefix + i));
                            ids.add(prefix + i); // send returned: the broker confirmed it after an fsync
                        }
                        return ids;
                    }
                }));
            }
            go.countDown();
            List<String> all = new ArrayList<>();
            for (Future<List<String>> result : results) {
                all.addAll(result.get(60, TimeUnit.SECONDS));
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    private List<String> sendAsync(String name) throws Exception {
        try (Connection connection = new LetterboxConnectionFactory(broker.tcpUrl()).createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("group-commit"));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            CountDownLatch confirmed = new CountDownLatch(ASYNC);
            AtomicReference<Exception> failed = new AtomicReference<>();
            CompletionListener listener = new CompletionListener() {
                @Override
                public void onCompletion(Message message) {
                    confirmed.countDown();
                }

                @Override
                public void onException(Message message, Exception exception) {
                    failed.compareAndSet(null, exception);
                    confirmed.countDown();
                }
            };
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < ASYNC; i++) {
                producer.send(message(session, name + "-" + i), listener);
                ids.add(name + "-" + i);
            }
            assertTrue(confirmed.await(60, TimeUnit.SECONDS), "every async send is confirmed");
            assertNull(failed.get());
            return ids;
        }
    }

    private static BytesMessage message(Session session, String id) throws JMSException {
        BytesMessage message = session.createBytesMessage();
        message.writeBytes(new byte[512]);
        message.setStringProperty("id", id);
        return message;
    }

    private Set<String> receiveAll() throws JMSException {
        Set<String> received = new HashSet<>();
        try (Connection connection = new LetterboxConnectionFactory(broker.tcpUrl()).createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue("group-commit"));
            for (Message m = consumer.receive(5000); m != null; m = consumer.receive(1000)) {
                assertTrue(received.add(m.getStringProperty("id")), "duplicate " + m.getStringProperty("id"));
            }
        }
        return received;
    }
}
