package org.letterbox.server.it;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.letterbox.jms.LetterboxConnectionFactory;
import org.letterbox.protocol.DestinationRef;
import org.letterbox.protocol.Frames;
import org.letterbox.server.LetterboxBroker;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that stops reading costs the broker bounded memory, whatever it asked for: deliveries stop once its
 * socket is full (a huge consumer window notwithstanding), the broker stops reading from it once its replies are
 * not taken (pipelined requests), browse batches wait for it one at a time; other clients are served meanwhile.
 */
@Timeout(120)
class OutputBackPressureTest {
    private static final int SIZE = 10 * 1024;
    /** What the broker may hold for one connection: its write-buffer high-water mark and a large frame beyond it. */
    private static final long PER_CONNECTION = 512 * 1024 + 512 * 1024;

    private LetterboxBroker broker;

    @BeforeEach
    void start() throws Exception {
        broker = LetterboxBroker.builder().port(0).start();
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private void fill(String queueName, int count) throws Exception {
        try (Connection connection = new LetterboxConnectionFactory(broker.tcpUrl()).createConnection()) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue(queueName));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (int i = 0; i < count; i++) {
                BytesMessage message = session.createBytesMessage();
                message.writeBytes(new byte[SIZE]);
                message.setIntProperty("n", i);
                producer.send(message);
                if (i % 200 == 199) {
                    session.commit();
                }
            }
            session.commit();
        }
    }

    private void assertOthersAreServed() throws Exception {
        try (Connection bystander = new LetterboxConnectionFactory(broker.tcpUrl()).createConnection()) {
            Session session = bystander.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = session.createQueue("bystander-" + System.nanoTime());
            session.createProducer(queue).send(session.createTextMessage("fine"));
            bystander.start();
            assertNotNull(session.createConsumer(queue).receive(5000), "another client is served");
        }
    }

    private static long settled(java.util.function.LongSupplier value) throws InterruptedException {
        long last = -1;
        while (true) {
            Thread.sleep(700);
            long now = value.getAsLong();
            if (now == last) {
                return now;
            }
            last = now;
        }
    }

    @Test
    void aConsumerWithAHugeWindowThatNeverReadsGetsOnlyWhatItsSocketTakes() throws Exception {
        int count = 3000; // 30 MiB
        fill("greedy", count);
        try (RawClient greedy = RawClient.connect(broker.port())) {
            greedy.socket().setReceiveBufferSize(64 * 1024);
            greedy.hello(0);
            greedy.send(new Frames.CreateSession(2, 1, Session.CLIENT_ACKNOWLEDGE));
            greedy.send(new Frames.CreateConsumer(3, 1, 1L, new DestinationRef(DestinationRef.Kind.QUEUE, "greedy"),
                    null, false, null, false, false, Integer.MAX_VALUE, 0));
            greedy.send(new Frames.Start(4));
            long inFlight = settled(() -> broker.inFlightCount("greedy"));
            long pending = broker.pendingOutputBytes();
            System.out.printf("a consumer that never reads: %d of %d messages written to it, %d KiB waiting in the broker%n",
                    inFlight, count, pending / 1024);
            assertTrue(inFlight > 0 && inFlight < count / 2, "delivered to it: " + inFlight);
            assertTrue(pending <= PER_CONNECTION, "held for it: " + pending);
            assertOthersAreServed();
        }
        // its deliveries come back when it goes, and a consumer that reads gets every message once
        try (Connection connection = new LetterboxConnectionFactory(broker.tcpUrl()).createConnection()) {
            Session session = connection.createSession(false, Session.DUPS_OK_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue("greedy"));
            connection.start();
            BitSet seen = new BitSet(count);
            for (int i = 0; i < count; i++) {
                Message m = consumer.receive(10_000);
                assertNotNull(m, "only " + i + " arrived");
                int n = m.getIntProperty("n");
                assertTrue(!seen.get(n), "duplicate " + n);
                seen.set(n);
            }
            assertNull(consumer.receive(200));
        }
    }

    @Test
    void pipelinedRequestsWhoseRepliesAreNeverReadStopBeingRead() throws Exception {
        AtomicLong written = new AtomicLong();
        try (RawClient flood = RawClient.connect(broker.port())) {
            flood.socket().setReceiveBufferSize(64 * 1024);
            flood.hello(0);
            Thread writer = new Thread(() -> {
                try {
                    for (int id = 1; id < 2_000_000; id++) {
                        flood.write(RawClient.encode(new Frames.CreateSession(id + 1, id, Session.AUTO_ACKNOWLEDGE)));
                        written.incrementAndGet();
                    }
                } catch (Exception e) {
                    // closed at the end
                }
            }, "flood");
            writer.setDaemon(true);
            writer.start();
            long requests = settled(written::get);
            long pending = broker.pendingOutputBytes();
            System.out.printf("pipelined requests never read: %d written before the broker stopped reading, "
                    + "%d KiB of replies waiting%n", requests, pending / 1024);
            assertTrue(requests < 2_000_000, "the writer is held back");
            assertTrue(pending <= PER_CONNECTION, "replies held for it: " + pending);
            assertOthersAreServed();
        }
    }

    @Test
    void browsersThatNeverReadTheirBatchesCostABoundedAmountEach() throws Exception {
        fill("browsed", 2000); // 20 MiB
        List<RawClient> browsers = new ArrayList<>();
        try {
            for (int b = 0; b < 32; b++) {
                RawClient browser = RawClient.connect(broker.port());
                browsers.add(browser);
                browser.socket().setReceiveBufferSize(64 * 1024);
                browser.hello(0);
                browser.send(new Frames.BrowseOpen(2, 1L, new DestinationRef(DestinationRef.Kind.QUEUE, "browsed"), null));
                for (int i = 0; i < 200; i++) {
                    browser.send(new Frames.BrowseNext(3 + i, 1L, 1000));
                }
            }
            long pending = settled(broker::pendingOutputBytes);
            System.out.printf("32 browsers that never read: %d KiB waiting in the broker for them%n", pending / 1024);
            assertTrue(pending <= 32 * PER_CONNECTION, "held for them: " + pending);
            assertOthersAreServed();
        } finally {
            for (RawClient browser : browsers) {
                browser.close();
            }
        }
        assertEquals(2000, broker.queueDepth("browsed"), "browsing took nothing");
    }
}
