package org.letterbox.server.fuzz;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.letterbox.jms.LetterboxConnectionFactory;
import org.letterbox.protocol.DestinationRef;
import org.letterbox.protocol.ErrorCode;
import org.letterbox.protocol.Frames;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The broker defects {@link FrameFuzzIT} found, each as its shortest reproducer against the forked broker (128 MiB
 * heap, exits on OutOfMemoryError), asserting what a sound broker does. One broker per test: some of these end it.
 */
@EnabledIfSystemProperty(named = "letterbox.it", matches = "true",
        disabledReason = "needs the shaded jar: runs under failsafe (mvn verify)")
@Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a stuck broker must not hang the build
class FuzzFindingsIT {
    private static final DestinationRef QUEUE = new DestinationRef(DestinationRef.Kind.QUEUE, "findings.q");

    private static ForkedBroker broker(TestInfo test, String... runOptions) throws Exception {
        String dir = System.getProperty("letterbox.fuzz.dir", "target/fuzz");
        return ForkedBroker.start(Path.of(dir, "findings", test.getTestMethod().orElseThrow().getName()), runOptions);
    }

    private static FuzzConnection helloed(ForkedBroker broker) throws Exception {
        FuzzConnection connection = broker.raw();
        connection.send(WireBytes.hello(1));
        assertTrue(connection.replies().awaitHello(5000), "HelloOk");
        return connection;
    }

    /** A new JMS connection sends and receives a message within 5 s; the broker serves newcomers. */
    private static void assertServesAFreshConnection(ForkedBroker broker) throws Exception {
        assertTrue(broker.process.isAlive(), broker.state());
        String failure = new FreshConnectionProbe(broker.url, "probe-").probe(5000);
        if (failure != null) {
            Thread.sleep(1000); // a broker on its way out (OutOfMemoryError) is gone by now
            assertNull(failure, "broker " + broker.state());
        }
    }

    // ---------------------------------------------------------------- refusals that fail inside the broker

    /** Bytes: HELLO, then {@code 00 00 00 0f 0f 00 00 00 02 00 00 00 00 05 70 6c 61 69 6e} (DeleteTemp of queue "plain"). */
    @Test
    void deleteTempDestinationNamingAPlainQueueIsRefusedNotAnInternalFailure(TestInfo test) throws Exception {
        try (ForkedBroker broker = broker(test); FuzzConnection connection = helloed(broker)) {
            connection.send(WireBytes.encode(new Frames.DeleteTempDestination(2, new DestinationRef(DestinationRef.Kind.QUEUE, "plain"))));
            connection.send(WireBytes.encode(new Frames.DeleteTempDestination(3, new DestinationRef(DestinationRef.Kind.TOPIC, "plain"))));
            assertTrue(connection.replies().awaitFrames(3, 5000), "both are answered");
            assertEquals(0, connection.replies().internalFailures(), connection.replies().internalFailure());
            assertEquals(2, connection.replies().errors(ErrorCode.INVALID_DESTINATION) + connection.replies().errors(ErrorCode.ILLEGAL_STATE),
                    "refused as not a temporary destination: " + connection.replies().errors());
            assertEquals(0, broker.log().stackTraces(), "stack traces in the broker log: " + broker.log().exceptions());
        }
    }

    // ---------------------------------------------------------------- the log

    /**
     * One message whose 28-byte prefix is valid and whose rest is garbage, on a queue with a selector consumer, then
     * credit 500 times: each credit is a dispatch pass, and each pass logs the same undecodable message again.
     */
    @Test
    void anUndecodableMessageBeforeASelectorConsumerIsNotLoggedOnEveryDispatchPass(TestInfo test) throws Exception {
        try (ForkedBroker broker = broker(test); FuzzConnection connection = helloed(broker)) {
            connection.send(WireBytes.encode(new Frames.CreateSession(2, 1, Session.AUTO_ACKNOWLEDGE)));
            connection.send(WireBytes.encode(new Frames.CreateConsumer(3, 1, 1, QUEUE, "n > 3", false, null, false, false, 10, 0)));
            connection.send(WireBytes.encode(new Frames.Start(4)));
            byte[] garbage = ByteBuffer.allocate(32).put(new byte[]{1, 1, 1, 4}).putLong(0).putLong(0).putLong(0)
                    .putInt(-7).array(); // text message, JMSMessageID length -7
            connection.send(WireBytes.encode(new Frames.Send(5, 1, QUEUE, garbage)));
            ByteArrayOutputStream credits = new ByteArrayOutputStream();
            for (int i = 0; i < 500; i++) {
                credits.write(WireBytes.encode(new Frames.Credit(0, 1, 1, 0)));
            }
            connection.send(credits.toByteArray());
            connection.send(WireBytes.encode(new Frames.CheckDestination(6, QUEUE)));
            assertTrue(connection.replies().awaitFrames(6, 10_000), "all answered");
            BrokerLog log = broker.log();
            assertTrue(log.warnings() <= 2, log.warnings() + " WARN lines for one undecodable message: "
                    + BrokerLog.top(log.messages(), 2));
        }
    }

    // ---------------------------------------------------------------- the handshake

    @Test
    void aConnectionThatNeverSaysHelloIsClosed(TestInfo test) throws Exception {
        int timeout = Integer.getInteger("letterbox.fuzz.handshakeTimeoutSeconds", 10);
        try (ForkedBroker broker = broker(test); FuzzConnection connection = broker.raw()) {
            connection.send(new byte[]{0, 0, 0}); // not even a whole length prefix
            assertTrue(connection.replies().awaitClosed((timeout + 5) * 1000L),
                    "still open " + (timeout + 5) + " s later: there is no handshake timeout");
        }
    }

    /** Frames.Error says PROTOCOL is fatal: the broker closes after it. For a second HELLO it answers and stays open. */
    @Test
    void aSecondHelloIsAProtocolErrorThatClosesTheConnection(TestInfo test) throws Exception {
        try (ForkedBroker broker = broker(test); FuzzConnection connection = helloed(broker)) {
            connection.send(WireBytes.hello(2));
            assertTrue(connection.replies().awaitFrames(2, 5000), "answered");
            assertEquals(1, connection.replies().errors(ErrorCode.PROTOCOL));
            assertTrue(connection.replies().awaitClosed(3000), "the connection stays open after a PROTOCOL error");
        }
    }

    // ---------------------------------------------------------------- memory

    /**
     * A consumer with a large window whose connection never reads: the broker writes every delivery into that channel's
     * outbound buffer (direct memory) until it has none left; then the reads and writes of other connections fail:
     * the producer's connection is dropped, or its send is never answered.
     */
    @Test
    void aConsumerThatStopsReadingCannotTakeDownOtherConnections(TestInfo test) throws Exception {
        try (ForkedBroker broker = broker(test); FuzzConnection stalled = broker.rawNotReading()) {
            stalled.send(WireBytes.hello(1));
            stalled.send(WireBytes.encode(new Frames.CreateSession(2, 1, Session.AUTO_ACKNOWLEDGE)));
            stalled.send(WireBytes.encode(new Frames.CreateConsumer(3, 1, 1, QUEUE, null, false, null, false, false, 100_000, 0)));
            stalled.send(WireBytes.encode(new Frames.Start(4)));
            Connection connection = new LetterboxConnectionFactory(broker.url).createConnection();
            AtomicReference<Exception> failure = new AtomicReference<>();
            Thread producer = new Thread(() -> {
                try {
                    Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    MessageProducer messageProducer = session.createProducer(session.createQueue(QUEUE.name()));
                    messageProducer.setDeliveryMode(DeliveryMode.PERSISTENT);
                    byte[] body = new byte[64 * 1024];
                    for (int i = 0; i < 2500; i++) { // 156 MiB: more than the broker's 128 MiB of direct memory
                        BytesMessage message = session.createBytesMessage();
                        message.writeBytes(body);
                        messageProducer.send(message);
                    }
                } catch (Exception e) {
                    failure.set(e);
                }
            }, "producer");
            producer.start();
            producer.join(45_000);
            boolean stuck = producer.isAlive();
            String state = broker.state() + ", log: " + BrokerLog.top(broker.log().exceptions(), 2);
            if (stuck) {
                broker.close(); // ends the stuck send
            }
            BoundedClose.close(connection, 5000);
            assertTrue(!stuck && failure.get() == null, "the producer, on another connection, "
                    + (stuck ? "got no answer to a send for 45 s" : "failed: " + failure.get()) + "; broker " + state);
            assertServesAFreshConnection(broker);
            assertTrue(broker.log().exceptions().keySet().stream().noneMatch(e -> e.contains("OutOfMemoryError")),
                    "the broker ran out of direct memory: " + broker.log().exceptions());
        }
    }

    /**
     * Every queue may hold an eighth of the heap in memory, and nothing bounds them all together: non-persistent
     * messages (which cannot be paged out) on ten queues nobody consumes take more than the whole heap.
     */
    @Test
    void nonPersistentMessagesOnManyQueuesCannotExhaustTheHeap(TestInfo test) throws Exception {
        try (ForkedBroker broker = broker(test)) {
            List<Connection> connections = new ArrayList<>();
            List<Thread> producers = new ArrayList<>();
            try {
                for (int q = 0; q < 10 && broker.process.isAlive(); q++) {
                    Connection connection = new LetterboxConnectionFactory(broker.url).createConnection();
                    connections.add(connection);
                    Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    MessageProducer producer = session.createProducer(session.createQueue("findings.many" + q));
                    producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
                    Thread thread = new Thread(() -> sendQuietly(session, producer, 300, 64 * 1024)); // 19 MiB each
                    producers.add(thread);
                    thread.start();
                }
            } catch (jakarta.jms.JMSException e) {
                Thread.sleep(1000);
                throw new AssertionError("the broker went while the producers connected: " + e + "; broker " + broker.state(), e);
            }
            long deadline = System.currentTimeMillis() + 10_000;
            for (Thread thread : producers) { // a broker that blocks the producers (flow control) is fine
                thread.join(Math.max(1, deadline - System.currentTimeMillis()));
            }
            assertServesAFreshConnection(broker);
            connections.forEach(connection -> BoundedClose.close(connection, 2000));
        }
    }

    /**
     * A producer and a consumer on one connection, the queue past its memory limit: the broker withholds the
     * producer's replies and, past 64 of them, stops reading the connection, so it never reads the Credit frames of
     * the consumer that would drain the queue. Nothing moves again.
     */
    @Test
    void aProducerAndAConsumerOnOneConnectionKeepFlowingPastTheMemoryLimit(TestInfo test) throws Exception {
        try (ForkedBroker broker = broker(test, "--memory-limit", "1m")) {
            Connection connection = new LetterboxConnectionFactory(broker.url).createConnection();
            try {
                connection.start();
                Session producerSession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                Session consumerSession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                Queue queue = producerSession.createQueue(QUEUE.name());
                MessageConsumer consumer = consumerSession.createConsumer(queue);
                MessageProducer producer = producerSession.createProducer(queue);
                producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
                int count = 1000;
                Thread thread = new Thread(() -> sendQuietly(producerSession, producer, count, 16 * 1024)); // 16 MiB
                thread.start();
                Thread.sleep(2000); // the consumer falls behind: the queue goes past its limit
                int received = 0;
                while (received < count && consumer.receive(5000) != null) {
                    received++;
                }
                assertEquals(count, received, "the connection's consumer stopped getting messages");
            } finally {
                broker.close(); // first: close() waits for an answer the stuck broker would never give
                BoundedClose.close(connection, 5000);
            }
        }
    }

    /**
     * Sends in a transacted session are held in the broker's heap until commit, outside every memory limit and flow
     * control: one transaction of 192 MiB (3000 one-way Send frames of 64 KiB) takes more than the whole heap.
     */
    @Test
    void oneLargeUncommittedTransactionCannotExhaustTheHeap(TestInfo test) throws Exception {
        try (ForkedBroker broker = broker(test)) {
            byte[] message = bigMessage();
            floodOneConnection(broker, 3001, i -> i == 0 ? new Frames.CreateSession(0, 1, Session.SESSION_TRANSACTED)
                    : new Frames.Send(0, 1, QUEUE, message));
            assertServesAFreshConnection(broker);
        }
    }

    /**
     * With the paging policy, producers of persistent messages go on past a queue's memory limit (the messages wait on
     * disk). But deliveries that come back unacknowledged (a consumer's connection closed) are put back in memory past
     * the limit, not paged out, and then the queue counts as full: the next persistent send is never answered, as no
     * consumer is left to drain it.
     */
    @Test
    void persistentProducersGoOnAfterUnacknowledgedDeliveriesComeBackPastTheLimit(TestInfo test) throws Exception {
        try (ForkedBroker broker = broker(test, "--memory-limit", "1m")) {
            Connection consumerConnection = new LetterboxConnectionFactory(broker.url).createConnection();
            Connection producerConnection = new LetterboxConnectionFactory(broker.url).createConnection();
            try {
                Session producerSession = producerConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = producerSession.createProducer(producerSession.createQueue(QUEUE.name()));
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                consumerConnection.start();
                Session consumerSession = consumerConnection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
                MessageConsumer consumer = consumerSession.createConsumer(consumerSession.createQueue(QUEUE.name()));
                int count = 0;
                sendQuietly(producerSession, producer, 200, 16 * 1024); // 3.2 MiB: past the limit, paged
                while (consumer.receive(1000) != null) {
                    count++;
                }
                BoundedClose.close(consumerConnection, 5000); // all come back
                AtomicReference<Exception> failure = new AtomicReference<>();
                Thread more = new Thread(() -> {
                    try {
                        BytesMessage message = producerSession.createBytesMessage();
                        message.writeBytes(new byte[1024]);
                        producer.send(message);
                    } catch (Exception e) {
                        failure.set(e);
                    }
                });
                more.start();
                more.join(5000);
                assertTrue(!more.isAlive() && failure.get() == null, more.isAlive() ? "a persistent send after the "
                        + count + " deliveries came back got no answer for 5 s" : "send failed: " + failure.get());
            } finally {
                broker.close();
                BoundedClose.close(producerConnection, 2000);
            }
        }
    }

    /** BrowseOpen frames with new browser ids: each keeps a snapshot of a 20,000-message queue, without limit. */
    @Test
    void manyBrowsersOnOneConnectionCannotExhaustTheHeap(TestInfo test) throws Exception {
        try (ForkedBroker broker = broker(test)) {
            Connection connection = new LetterboxConnectionFactory(broker.url).createConnection();
            try {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = session.createProducer(session.createQueue(QUEUE.name()));
                producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
                for (int i = 0; i < 20_000; i++) {
                    producer.send(session.createTextMessage("m"));
                }
                session.createBrowser(session.createQueue(QUEUE.name())).getEnumeration(); // a round trip: all were taken
            } finally {
                BoundedClose.close(connection, 5000);
            }
            floodOneConnection(broker, 20_000, i -> new Frames.BrowseOpen(0, i, QUEUE, null));
            assertServesAFreshConnection(broker);
        }
    }

    /** CreateSession frames (13 bytes each, no reply asked) with new session ids: each session is kept, without limit. */
    @Test
    void manySessionsOnOneConnectionCannotExhaustTheHeap(TestInfo test) throws Exception {
        try (ForkedBroker broker = broker(test)) {
            floodOneConnection(broker, 2_000_000, i -> new Frames.CreateSession(0, i + 1, Session.AUTO_ACKNOWLEDGE));
            assertServesAFreshConnection(broker);
        }
    }

    private static void floodOneConnection(ForkedBroker broker, int frames, java.util.function.IntFunction<org.letterbox.protocol.Frame> frame)
            throws Exception {
        try (FuzzConnection connection = helloed(broker)) {
            ByteArrayOutputStream batch = new ByteArrayOutputStream();
            for (int i = 0; i < frames; i++) {
                batch.write(WireBytes.encode(frame.apply(i)));
                if (batch.size() > 64 * 1024) {
                    connection.send(batch.toByteArray());
                    batch.reset();
                }
            }
            connection.send(batch.toByteArray());
            connection.send(WireBytes.encode(new Frames.CheckDestination(2, QUEUE)));
            connection.replies().awaitFrames(2, 10_000); // the broker got through them (or closed the connection)
        } catch (java.io.IOException refused) {
            // a broker that closes a flooding connection is fine
        }
    }

    private static byte[] bigMessage() throws jakarta.jms.JMSException {
        org.letterbox.jms.message.LetterboxBytesMessage message = new org.letterbox.jms.message.LetterboxBytesMessage();
        message.writeBytes(new byte[64 * 1024]);
        message.setJMSDeliveryMode(DeliveryMode.NON_PERSISTENT);
        return org.letterbox.jms.message.MessageCodec.encode(message);
    }

    private static void sendQuietly(Session session, MessageProducer producer, int count, int size) {
        try {
            byte[] body = new byte[size];
            for (int i = 0; i < count; i++) {
                BytesMessage message = session.createBytesMessage();
                message.writeBytes(body);
                producer.send(message);
            }
        } catch (Exception e) {
            // the broker went away, or the test closed the connection: the assertions say which
        }
    }

}
