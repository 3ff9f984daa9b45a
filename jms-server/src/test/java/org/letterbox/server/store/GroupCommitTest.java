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
 * fsync=batch confirms sends whichever way the group commit runs: on the broker thread while one synchronous
 * producer sends alone, on the syncer thread once many producers (or asynchronous sends) share each fsync, and
 * on the broker thread again after the crowd has gone. Every confirmed message is there after a restart, once.
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
    void everyConfirmedSendSurvivesARestartWhetherAloneInACrowdOrAsync() throws Exception {
        start();
        Set<String> sent = new HashSet<>();
        sent.addAll(sendSync("alone", 1));
        sent.addAll(sendSync("crowd", PRODUCERS));
        sent.addAll(sendAsync("async"));
        sent.addAll(sendSync("alone-again", 1));
        assertEquals(PER_PRODUCER * (2 + PRODUCERS) + ASYNC, sent.size());

        broker.close();
        start();
        assertEquals(sent, receiveAll());
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
