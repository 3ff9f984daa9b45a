package org.letterbox.server.store;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.letterbox.server.testsupport.BrokerProcess;
import org.letterbox.jms.LetterboxConnectionFactory;

import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bounded memory, proved on the runnable jar: a broker with a 64 MiB heap (and -XX:+ExitOnOutOfMemoryError, so
 * running out of heap would kill it) takes 300 MiB of persistent 10 KiB messages into a queue nobody consumes,
 * with its default settings (chronicle store, paging, the default memory limit of an eighth of the heap). It stays
 * up, then a consumer gets every message exactly once, in order.
 */
@EnabledIfSystemProperty(named = "letterbox.it", matches = "true",
        disabledReason = "needs the shaded jar: runs under failsafe (mvn verify)")
class MemoryBoundIT {
    private static final int SIZE = 10 * 1024;
    private static final int COUNT = Integer.getInteger("letterbox.memory.count", 30_720); // 300 MiB
    private static final int PRODUCERS = 3;

    @TempDir
    Path dir;

    private BrokerProcess broker;

    @AfterEach
    void kill() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void farMoreThanTheHeapGoesThroughAQueueWithoutAConsumer() throws Exception {
        broker = new BrokerProcess(dir, List.of("-Xmx64m", "-XX:+ExitOnOutOfMemoryError"), List.of("--fsync", "never"));
        String url = broker.start();

        long started = System.nanoTime();
        AtomicInteger next = new AtomicInteger();
        Thread[] producers = new Thread[PRODUCERS];
        Exception[] failure = new Exception[1];
        for (int p = 0; p < PRODUCERS; p++) {
            producers[p] = new Thread(() -> {
                try (Connection connection = new LetterboxConnectionFactory(url).createConnection()) {
                    Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    MessageProducer producer = session.createProducer(session.createQueue("big"));
                    producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                    byte[] body = new byte[SIZE];
                    int n;
                    while ((n = next.getAndIncrement()) < COUNT) {
                        BytesMessage message = session.createBytesMessage();
                        body[0] = (byte) n;
                        message.writeBytes(body);
                        message.setIntProperty("n", n);
                        producer.send(message);
                    }
                } catch (Exception e) {
                    failure[0] = e;
                }
            });
            producers[p].start();
        }
        for (Thread t : producers) {
            t.join(120_000);
        }
        if (failure[0] != null) {
            throw new AssertionError("a producer failed; broker stderr: " + broker.stderrTail(), failure[0]);
        }
        long produced = System.nanoTime();
        assertTrue(broker.isAlive(), "the broker died: " + broker.stderrTail());

        BitSet seen = new BitSet(COUNT);
        int duplicates = 0;
        int received = 0;
        try (Connection connection = new LetterboxConnectionFactory(url).createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.DUPS_OK_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue("big"));
            Message message;
            while ((message = consumer.receive(5000)) != null) {
                int n = message.getIntProperty("n");
                assertEquals(SIZE, ((BytesMessage) message).getBodyLength());
                if (seen.get(n)) {
                    duplicates++;
                }
                seen.set(n);
                received++;
            }
        }
        long drained = System.nanoTime();
        assertTrue(broker.isAlive(), "the broker died: " + broker.stderrTail());
        broker.stop();
        assertFalse(broker.stderr().contains("OutOfMemoryError"), broker.stderrTail());
        assertEquals(0, duplicates, "duplicates");
        assertEquals(COUNT, seen.cardinality(), "distinct messages received");
        assertEquals(COUNT, received);
        System.out.printf("memory bound: %d x %d KiB persistent (%d MiB) into a -Xmx64m broker in %.1f s, drained in %.1f s%n",
                COUNT, SIZE / 1024, (long) COUNT * SIZE >> 20, (produced - started) / 1e9, (drained - produced) / 1e9);
    }
}
