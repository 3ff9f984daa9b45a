package org.letterbox.server.it;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.letterbox.jms.LetterboxConnectionFactory;
import org.letterbox.protocol.DestinationRef;
import org.letterbox.protocol.Frames;
import org.letterbox.server.LetterboxBroker;
import org.letterbox.server.destination.DeliveryPolicy;
import org.letterbox.server.destination.FullPolicy;
import org.letterbox.server.store.StoreType;

import java.nio.file.Path;
import java.util.BitSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Producer flow control: a destination past its memory limit, or a broker past its memory budget, holds back the
 * producers of what cannot be paged until consumers make room, and nothing is lost; a connection that both produces
 * and consumes cannot deadlock itself; persistent messages page instead; a message that could never fit is refused;
 * a client that ignores flow control stops being read.
 */
@Timeout(120)
class FlowControlTest {
    private static final int SIZE = 1024;

    @TempDir
    Path data;

    private LetterboxBroker broker;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private static DeliveryPolicy limited(long bytes) {
        return DeliveryPolicy.DEFAULT.withMemoryLimit(bytes, FullPolicy.BLOCK);
    }

    /** Sends {@code count} numbered non-persistent messages in a thread; {@code sent} counts the sends that returned. */
    private static Thread produce(String url, String queueName, int count, AtomicInteger sent,
                                  AtomicReference<Throwable> failure) {
        Thread producer = new Thread(() -> {
            try (Connection connection = new LetterboxConnectionFactory(url).createConnection()) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer p = session.createProducer(session.createQueue(queueName));
                p.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
                for (int i = 0; i < count; i++) {
                    BytesMessage message = session.createBytesMessage();
                    message.writeBytes(new byte[SIZE]);
                    message.setIntProperty("n", i);
                    p.send(message);
                    sent.incrementAndGet();
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "producer-" + queueName);
        producer.start();
        return producer;
    }

    /** Waits until {@code counter} stops moving (a second without change) and returns it. */
    private static int settled(AtomicInteger counter) throws InterruptedException {
        return (int) settled(counter::get);
    }

    private static long settled(java.util.function.LongSupplier counter) throws InterruptedException {
        long last = -1;
        while (true) {
            Thread.sleep(1000);
            long now = counter.getAsLong();
            if (now == last) {
                return now;
            }
            last = now;
        }
    }

    /** Receives until {@code count} distinct numbers arrived, none twice. */
    private static void drain(Connection connection, String queueName, int count) throws Exception {
        Session session = connection.createSession(false, Session.DUPS_OK_ACKNOWLEDGE);
        MessageConsumer consumer = session.createConsumer(session.createQueue(queueName));
        connection.start();
        BitSet seen = new BitSet(count);
        for (int i = 0; i < count; i++) {
            Message message = consumer.receive(10_000);
            assertTrue(message != null, queueName + ": only " + i + " of " + count + " arrived");
            int n = message.getIntProperty("n");
            assertTrue(!seen.get(n), "duplicate " + n);
            seen.set(n);
        }
        assertNull(consumer.receive(200), "nothing more");
        consumer.close();
        session.close();
    }

    @Test
    void aProducerToAFullQueueWaitsUntilAConsumerMakesRoomAndNothingIsLost() throws Exception {
        broker = LetterboxBroker.builder().port(0).deliveryPolicy("full", limited(64 * 1024)).start();
        AtomicInteger sent = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int count = 5000;
        Thread producer = produce(broker.tcpUrl(), "full", count, sent, failure);

        int blockedAt = settled(sent);
        assertTrue(blockedAt < count, "the producer is held back, not finished: " + blockedAt);
        assertTrue(producer.isAlive());
        assertNull(failure.get(), "held back, not failed");
        // the 64 KiB limit plus at most the 512 KiB send window in flight when the notice left
        assertTrue(blockedAt <= (64 + 512) + 8, "held back near the limit, after " + blockedAt + " sends");

        try (Connection consumer = new LetterboxConnectionFactory(broker.tcpUrl()).createConnection()) {
            drain(consumer, "full", count);
        }
        producer.join(10_000);
        assertNull(failure.get());
        assertEquals(count, sent.get());
    }

    @Test
    void aConnectionThatProducesIntoAndConsumesFromTheSameFullQueueDoesNotDeadlock() throws Exception {
        broker = LetterboxBroker.builder().port(0).deliveryPolicy("loop", limited(16 * 1024)).start();
        int count = 3000;
        try (Connection connection = new LetterboxConnectionFactory(broker.tcpUrl()).createConnection()) {
            Session consuming = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            CountDownLatch all = new CountDownLatch(count);
            consuming.createConsumer(consuming.createQueue("loop")).setMessageListener(m -> all.countDown());
            connection.start();
            Session producing = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = producing.createProducer(producing.createQueue("loop"));
            producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
            for (int i = 0; i < count; i++) {
                BytesMessage message = producing.createBytesMessage();
                message.writeBytes(new byte[SIZE]);
                producer.send(message);
            }
            assertTrue(all.await(30, TimeUnit.SECONDS), "left: " + all.getCount());
        }
    }

    @Test
    void aMessageTooBigForTheQueueItMustStayInIsRefused() throws Exception {
        broker = LetterboxBroker.builder().port(0).deliveryPolicy("small", limited(16 * 1024)).start();
        try (Connection connection = new LetterboxConnectionFactory(broker.tcpUrl() + "?blockOnNonPersistentSend=true")
                .createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("small"));
            BytesMessage big = session.createBytesMessage();
            big.writeBytes(new byte[20 * 1024]);
            producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
            ResourceAllocationException e = assertThrows(ResourceAllocationException.class, () -> producer.send(big));
            assertTrue(e.getMessage().contains("memory limit"), e.getMessage());
            producer.setDeliveryMode(DeliveryMode.PERSISTENT); // the memory store cannot page it either
            assertThrows(ResourceAllocationException.class, () -> producer.send(big));
            BytesMessage small = session.createBytesMessage();
            small.writeBytes(new byte[1024]);
            producer.send(small); // the producer was refused, not blocked
            connection.start();
            assertTrue(session.createConsumer(session.createQueue("small")).receive(5000) instanceof BytesMessage);
        }
    }

    @Test
    void theMemoryBudgetHoldsBackProducersOfEveryQueueAndReleasesThemAsConsumersDrain() throws Exception {
        long budget = 4 * 1024 * 1024;
        broker = LetterboxBroker.builder().port(0).memoryBudget(budget)
                .deliveryPolicy(DeliveryPolicy.DEFAULT.withMemoryLimit(0, FullPolicy.BLOCK)).start();
        int perQueue = 3000;
        AtomicInteger[] sent = new AtomicInteger[4];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] producers = new Thread[4];
        for (int q = 0; q < 4; q++) {
            sent[q] = new AtomicInteger();
            producers[q] = produce(broker.tcpUrl(), "budget-" + q, perQueue, sent[q], failure);
        }
        AtomicInteger total = new AtomicInteger();
        Thread sum = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                int s = 0;
                for (AtomicInteger a : sent) {
                    s += a.get();
                }
                total.set(s);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sum.start();
        int blockedAt = settled(total);
        sum.interrupt();
        assertNull(failure.get());
        assertTrue(blockedAt < 4 * perQueue, "held back by the budget: " + blockedAt + " of " + 4 * perQueue);
        long used = broker.memoryBudgetUsed();
        long perMessage = SIZE + 400; // bytes plus what the broker keeps beside them
        assertTrue(used <= budget + 4 * 512 * 1024 * perMessage / SIZE, "budget " + budget + " plus the 4 producers' "
                + "send windows in flight, used " + used);

        // drained together: with one queue drained at a time, the producers of the others would fill the budget
        // again and (rightly) hold back the producer of the one being drained
        Thread[] drainers = new Thread[4];
        AtomicReference<Throwable> drainFailure = new AtomicReference<>();
        for (int q = 0; q < 4; q++) {
            String queue = "budget-" + q;
            drainers[q] = new Thread(() -> {
                try (Connection consumer = new LetterboxConnectionFactory(broker.tcpUrl()).createConnection()) {
                    drain(consumer, queue, perQueue);
                } catch (Throwable e) {
                    drainFailure.set(e);
                }
            });
            drainers[q].start();
        }
        for (Thread d : drainers) {
            d.join(60_000);
        }
        if (drainFailure.get() != null) {
            throw new AssertionError(drainFailure.get());
        }
        for (Thread p : producers) {
            p.join(10_000);
        }
        assertNull(failure.get());
        assertTrue(broker.memoryBudgetUsed() < budget / 4, "released: " + broker.memoryBudgetUsed());
    }

    @Test
    void persistentMessagesPageWhenTheBudgetIsSpentAndTheirProducersGoOn() throws Exception {
        long budget = 512 * 1024;
        broker = LetterboxBroker.builder().port(0).store(StoreType.CHRONICLE).dataDirectory(data)
                .memoryBudget(budget).start();
        int perQueue = 1000;
        try (Connection connection = new LetterboxConnectionFactory(broker.tcpUrl()).createConnection()) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            for (int q = 0; q < 5; q++) {
                MessageProducer producer = session.createProducer(session.createQueue("paged-" + q));
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                for (int i = 0; i < perQueue; i++) {
                    BytesMessage message = session.createBytesMessage();
                    message.writeBytes(new byte[SIZE]);
                    message.setIntProperty("n", i);
                    producer.send(message);
                    if (i % 100 == 99) {
                        session.commit();
                    }
                }
            }
            long used = broker.memoryBudgetUsed();
            assertTrue(used <= budget + budget / 8, "budget " + budget + ", used " + used);
            int paged = 0;
            for (int q = 0; q < 5; q++) {
                paged += broker.pagedCount("paged-" + q);
            }
            assertTrue(paged > 5 * perQueue / 2, "most stay on disk: " + paged);
            for (int q = 0; q < 5; q++) {
                drain(connection, "paged-" + q, perQueue);
            }
        }
    }

    @Test
    void aClientThatIgnoresFlowControlIsNoLongerRead() throws Exception {
        broker = LetterboxBroker.builder().port(0).deliveryPolicy("ignored", limited(64 * 1024)).start();
        byte[] message = largeNonPersistentMessage(16 * 1024);
        AtomicLong written = new AtomicLong();
        try (RawClient rude = RawClient.connect(broker.port())) {
            rude.hello(0);
            rude.send(new Frames.CreateSession(2, 1, Session.AUTO_ACKNOWLEDGE));
            byte[] send = RawClient.encode(new Frames.Send(0, 1, new DestinationRef(DestinationRef.Kind.QUEUE, "ignored"),
                    message));
            Thread writer = new Thread(() -> {
                try {
                    while (written.get() < 512L * 1024 * 1024) {
                        rude.write(send); // never reads the FlowControl notices
                        written.addAndGet(send.length);
                    }
                } catch (Exception e) {
                    // closed at the end of the test
                }
            }, "rude-writer");
            writer.setDaemon(true);
            writer.start();
            long stuck = settled(written::get);
            assertTrue(stuck < 64L * 1024 * 1024, "the broker stopped reading after " + (stuck >> 20) + " MiB");
            long taken = (long) broker.queueDepth("ignored") * message.length;
            // two send windows past the limit, and what the read that crossed that line had brought in
            assertTrue(taken <= 64 * 1024 + 2 * 512 * 1024 + 64 * 1024 + 2 * message.length,
                    "it got no further than two send windows past the limit: " + taken + " bytes");
            try (Connection bystander = new LetterboxConnectionFactory(broker.tcpUrl()).createConnection()) {
                Session session = bystander.createSession(false, Session.AUTO_ACKNOWLEDGE);
                Queue other = session.createQueue("bystander");
                session.createProducer(other).send(session.createTextMessage("fine"));
                bystander.start();
                assertTrue(session.createConsumer(other).receive(5000) != null, "others are unaffected");
            }
        }
    }

    private static byte[] largeNonPersistentMessage(int bodySize) throws Exception {
        org.letterbox.jms.message.LetterboxBytesMessage m = new org.letterbox.jms.message.LetterboxBytesMessage();
        m.writeBytes(new byte[bodySize]);
        m.setJMSDeliveryMode(DeliveryMode.NON_PERSISTENT);
        return org.letterbox.jms.message.MessageCodec.encode(m);
    }
}
