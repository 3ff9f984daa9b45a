package org.letterbox.ra;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.resource.spi.InvalidPropertyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.letterbox.jms.LetterboxConnectionFactory;
import org.letterbox.server.LetterboxBroker;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The inbound side driven as an application server would: the adapter started with a {@link TestWorkManager},
 * endpoints activated with a {@link TestEndpointFactory}, against a real broker (restarted in one test).
 */
class InboundTest {

    private LetterboxBroker broker;
    private LetterboxResourceAdapter ra;
    private TestWorkManager workManager;

    @BeforeEach
    void deploy() throws Exception {
        broker = LetterboxBroker.builder().port(0).start();
        ra = new LetterboxResourceAdapter();
        ra.setBrokerUrl(broker.tcpUrl());
        workManager = new TestWorkManager();
        ra.start(new TestBootstrapContext(workManager));
    }

    @AfterEach
    void undeploy() throws Exception {
        ra.stop();
        workManager.close();
        broker.close();
    }

    private static LetterboxActivationSpec queueSpec(String queue) throws Exception {
        LetterboxActivationSpec spec = new LetterboxActivationSpec();
        spec.setDestination(queue);
        spec.setDestinationType("jakarta.jms.Queue");
        return spec;
    }

    private TestEndpointFactory activate(LetterboxActivationSpec spec, MessageListener listener) throws Exception {
        spec.setResourceAdapter(ra);
        spec.validate();
        TestEndpointFactory endpoints = new TestEndpointFactory(listener);
        ra.endpointActivation(endpoints, spec);
        return endpoints;
    }

    private void send(String queue, String... texts) throws JMSException {
        try (Connection connection = new LetterboxConnectionFactory(broker.tcpUrl()).createConnection()) {
            Session session = connection.createSession();
            var producer = session.createProducer(session.createQueue(queue));
            for (String text : texts) {
                producer.send(session.createTextMessage(text));
            }
        }
    }

    private static String text(Message message) {
        try {
            return ((TextMessage) message).getText();
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void messagesReachTheEndpointInsideBeforeAndAfterDelivery() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        TestEndpointFactory endpoints = activate(queueSpec("in.basic"), m -> received.add(text(m)));
        send("in.basic", "one", "two");
        // 15 consumers by default: the two messages may be handled in either order
        assertEquals(Set.of("one", "two"), Set.of(received.poll(10, TimeUnit.SECONDS), received.poll(10, TimeUnit.SECONDS)));
        assertEquals(0, endpoints.bracketViolations.get());
        assertEquals(0, broker.queueDepth("in.basic"), "delivered messages were acknowledged");
    }

    @Test
    void anEndpointThatThrowsGetsTheMessageRedelivered() throws Exception {
        List<Boolean> redeliveredFlags = new CopyOnWriteArrayList<>();
        CountDownLatch secondAttempt = new CountDownLatch(1);
        AtomicInteger attempts = new AtomicInteger();
        LetterboxActivationSpec spec = queueSpec("in.redeliver");
        spec.setMaxSession(1);
        activate(spec, m -> {
            try {
                redeliveredFlags.add(m.getJMSRedelivered());
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("the MDB fails the first time");
            }
            secondAttempt.countDown();
        });
        send("in.redeliver", "retry me");
        assertTrue(secondAttempt.await(10, TimeUnit.SECONDS));
        assertEquals(List.of(false, true), redeliveredFlags);
    }

    @Test
    void maxSessionConsumersDeliverConcurrently() throws Exception {
        int sessions = 3;
        CountDownLatch allInside = new CountDownLatch(sessions);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        LetterboxActivationSpec spec = queueSpec("in.concurrent");
        spec.setMaxSession(sessions);
        TestEndpointFactory endpoints = activate(spec, m -> {
            maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            allInside.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            concurrent.decrementAndGet();
        });
        send("in.concurrent", "a", "b", "c", "d", "e", "f");
        boolean overlapped = allInside.await(10, TimeUnit.SECONDS);
        release.countDown();
        assertTrue(overlapped, "expected " + sessions + " deliveries at once, saw at most " + maxConcurrent.get());
        assertEquals(sessions, maxConcurrent.get());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (broker.queueDepth("in.concurrent") > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, broker.queueDepth("in.concurrent"));
        assertEquals(sessions, endpoints.endpointsCreated.get(), "one endpoint per consumer");
    }

    /**
     * Two consumers; the first delivery blocks its consumer. That busy consumer holds the message in onMessage plus
     * what is in its prefetch window: its whole window was pushed to it before anything was consumed, and at most one
     * more follows if it returned the credit of the message it took. Its idle peer handles the rest of the backlog
     * of 20: at least 18 with the default window of one, 19 with 0 (pure pull), 14 with 5 (with the broker URL's
     * window of 1000, the plain client's default, the first consumer would take all of it).
     */
    @ParameterizedTest(name = "consumerWindow={0}")
    @CsvSource(value = {"null", "0", "5"}, nullValues = "null")
    void theConsumerWindowBoundsWhatABusyConsumerHolds(Integer window) throws Exception {
        int effectiveWindow = window == null ? ActivationConfig.DEFAULT_CONSUMER_WINDOW : window;
        int atLeast = 20 - 1 - effectiveWindow;
        int atMost = effectiveWindow == 0 ? atLeast : atLeast + 1;
        send("in.window", IntStream.range(0, 20).mapToObj(i -> "m" + i).toArray(String[]::new));
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger deliveries = new AtomicInteger();
        AtomicInteger handled = new AtomicInteger();
        LetterboxActivationSpec spec = queueSpec("in.window");
        spec.setMaxSession(2);
        if (window != null) {
            spec.setConsumerWindow(window);
        }
        activate(spec, m -> {
            if (deliveries.getAndIncrement() == 0) {
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            handled.incrementAndGet();
        });
        try {
            awaitCount(handled, atLeast, 10);
            Thread.sleep(300); // nothing more may come while the busy consumer holds the rest
            int byTheIdleConsumer = handled.get();
            assertTrue(byTheIdleConsumer >= atLeast && byTheIdleConsumer <= atMost, "the idle consumer handled "
                    + byTheIdleConsumer + " of 20, expected " + atLeast + (atMost > atLeast ? " or " + atMost : ""));
        } finally {
            release.countDown();
        }
        awaitCount(handled, 20, 10);
        assertEquals(20, handled.get());
    }

    @Test
    void aNegativeConsumerWindowIsRejected() throws Exception {
        LetterboxActivationSpec spec = queueSpec("in.bad.window");
        spec.setConsumerWindow(-1);
        InvalidPropertyException e = assertThrows(InvalidPropertyException.class, spec::validate);
        assertTrue(e.getMessage().contains("'consumerWindow'") && e.getMessage().contains("-1"), e.getMessage());
    }

    private static void awaitCount(AtomicInteger count, int expected, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (count.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    // ------------------------------------------------------------------ XA-transacted delivery (REQUIRED MDBs)

    /** An activation for a transacted endpoint, and a pooled factory whose connections join the same transactions. */
    private TestEndpointFactory activateTransacted(LetterboxActivationSpec spec, TestTransactionManager transactions,
                                                   MessageListener listener) throws Exception {
        spec.setResourceAdapter(ra);
        spec.validate();
        TestEndpointFactory endpoints = new TestEndpointFactory(listener, transactions);
        ra.endpointActivation(endpoints, spec);
        return endpoints;
    }

    private ConnectionFactory pooledFactory(TestTransactionManager transactions) throws Exception {
        LetterboxManagedConnectionFactory mcf = new LetterboxManagedConnectionFactory();
        mcf.setResourceAdapter(ra);
        return (ConnectionFactory) mcf.createConnectionFactory(new TestConnectionManager(transactions));
    }

    private String receiveText(String queue, long timeoutMillis) throws JMSException {
        try (JMSContext context = new LetterboxConnectionFactory(broker.tcpUrl()).createContext()) {
            return context.createConsumer(context.createQueue(queue)).receiveBody(String.class, timeoutMillis);
        }
    }

    @Test
    void aTransactedEndpointReceivesAndSendsInOneXaTransaction() throws Exception {
        TestTransactionManager transactions = new TestTransactionManager();
        ConnectionFactory pooled = pooledFactory(transactions);
        List<Boolean> redeliveredFlags = new CopyOnWriteArrayList<>();
        CountDownLatch committed = new CountDownLatch(1);
        LetterboxActivationSpec spec = queueSpec("in.xa");
        spec.setMaxSession(1);
        TestEndpointFactory endpoints = activateTransacted(spec, transactions, m -> {
            try (JMSContext context = pooled.createContext()) {
                redeliveredFlags.add(m.getJMSRedelivered());
                context.createProducer().send(context.createQueue("in.xa.out"), "reply to " + text(m));
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
            if (redeliveredFlags.size() == 1) {
                throw new IllegalStateException("the MDB fails after sending, the first time");
            }
            committed.countDown();
        });
        send("in.xa", "order");
        assertTrue(committed.await(10, TimeUnit.SECONDS));
        assertEquals(List.of(false, true), redeliveredFlags, "the rolled-back receive came back, flagged");
        assertEquals("reply to order", receiveText("in.xa.out", 5000), "the committed attempt's send");
        assertNull(receiveText("in.xa.out", 300), "the rolled-back attempt's send never became visible");
        assertEquals(0, broker.queueDepth("in.xa"), "the committed receive was final");
        assertEquals(List.of(true), endpoints.createdWithXaResource, "the endpoint got the session's XAResource");
        assertEquals(2, transactions.prepares.get(), "receive and send were two branches of one two-phase commit");
        assertEquals(1, transactions.rollbacks.get());
    }

    @Test
    void aTransactedEndpointThatOnlyMarksItsTransactionRollbackOnlyGetsTheMessageAgain() throws Exception {
        TestTransactionManager transactions = new TestTransactionManager();
        BlockingQueue<Boolean> redelivered = new LinkedBlockingQueue<>();
        AtomicInteger attempts = new AtomicInteger();
        LetterboxActivationSpec spec = queueSpec("in.xa.rollbackonly");
        spec.setMaxSession(1);
        activateTransacted(spec, transactions, m -> {
            try {
                redelivered.add(m.getJMSRedelivered());
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
            if (attempts.incrementAndGet() == 1) {
                transactions.setRollbackOnly(); // no exception: only the transaction says no
            }
        });
        send("in.xa.rollbackonly", "again");
        assertEquals(Boolean.FALSE, redelivered.poll(10, TimeUnit.SECONDS));
        assertEquals(Boolean.TRUE, redelivered.poll(10, TimeUnit.SECONDS));
        assertNull(redelivered.poll(300, TimeUnit.MILLISECONDS), "committed the second time");
        assertEquals(0, broker.queueDepth("in.xa.rollbackonly"));
    }

    @Test
    void aMessageATransactedEndpointKeepsFailingOnIsDeadLettered() throws Exception {
        TestTransactionManager transactions = new TestTransactionManager();
        AtomicInteger attempts = new AtomicInteger();
        LetterboxActivationSpec spec = queueSpec("in.xa.poison");
        spec.setMaxSession(1);
        activateTransacted(spec, transactions, m -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("poison");
        });
        send("in.xa.poison", "poison");
        try (JMSContext context = new LetterboxConnectionFactory(broker.tcpUrl()).createContext()) {
            Message dead = context.createConsumer(context.createQueue("DLQ")).receive(20_000);
            assertEquals("poison", text(dead));
            assertEquals(10, dead.getIntProperty("LB_DELIVERY_COUNT"));
        }
        assertEquals(10, attempts.get(), "each attempt was rolled back and redelivered until the limit");
        assertEquals(10, transactions.rollbacks.get());
    }

    @Test
    void anEndpointWithoutAContainerTransactionIsNotGivenAnXaResource() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        LetterboxActivationSpec spec = queueSpec("in.local");
        spec.setMaxSession(2);
        TestEndpointFactory endpoints = activate(spec, m -> received.add(text(m)));
        send("in.local", "local");
        assertEquals("local", received.poll(10, TimeUnit.SECONDS));
        awaitCount(endpoints.endpointsCreated, 2, 10);
        assertEquals(List.of(false, false), endpoints.createdWithXaResource);
    }

    /** Publishes "ping" to a topic until the endpoint got one: proof that its subscription exists. */
    private void publishUntilReceived(String topic, BlockingQueue<String> received) throws Exception {
        try (Connection connection = new LetterboxConnectionFactory(broker.tcpUrl()).createConnection()) {
            Session session = connection.createSession();
            var producer = session.createProducer(session.createTopic(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            do {
                producer.send(session.createTextMessage("ping"));
            } while (received.poll(100, TimeUnit.MILLISECONDS) == null && System.nanoTime() < deadline);
        }
        Thread.sleep(200); // let any further pings arrive before the test goes on
        received.removeIf("ping"::equals);
    }

    @Test
    void theSelectorFiltersDeliveries() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        LetterboxActivationSpec spec = queueSpec("in.selector");
        spec.setMessageSelector("color = 'red'");
        activate(spec, m -> received.add(text(m)));
        try (Connection connection = new LetterboxConnectionFactory(broker.tcpUrl()).createConnection()) {
            Session session = connection.createSession();
            var producer = session.createProducer(session.createQueue("in.selector"));
            for (String color : new String[]{"blue", "red"}) {
                TextMessage message = session.createTextMessage(color);
                message.setStringProperty("color", color);
                producer.send(message);
            }
        }
        assertEquals("red", received.poll(10, TimeUnit.SECONDS));
        assertNull(received.poll(300, TimeUnit.MILLISECONDS));
        assertEquals(1, broker.queueDepth("in.selector"), "the blue message stays on the queue");
    }

    @Test
    void aDurableTopicEndpointGetsMessagesSentWhileItWasDeactivated() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        LetterboxActivationSpec spec = new LetterboxActivationSpec();
        spec.setDestination("in.news");
        spec.setDestinationType("jakarta.jms.Topic");
        spec.setSubscriptionDurability("Durable");
        spec.setSubscriptionName("archive");
        spec.setClientId("archiver");
        TestEndpointFactory endpoints = activate(spec, m -> received.add(text(m)));
        publishUntilReceived("in.news", received); // now the durable subscription exists
        ra.endpointDeactivation(endpoints, spec);

        try (Connection connection = new LetterboxConnectionFactory(broker.tcpUrl()).createConnection()) {
            Session session = connection.createSession();
            session.createProducer(session.createTopic("in.news")).send(session.createTextMessage("while away"));
        }
        activate(spec, m -> received.add(text(m)));
        assertEquals("while away", received.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void deactivationStopsDelivery() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        LetterboxActivationSpec spec = queueSpec("in.deactivate");
        TestEndpointFactory endpoints = activate(spec, m -> received.add(text(m)));
        send("in.deactivate", "before");
        assertEquals("before", received.poll(10, TimeUnit.SECONDS));
        ra.endpointDeactivation(endpoints, spec);
        assertEquals(endpoints.endpointsCreated.get(), endpoints.endpointsReleased.get(), "every endpoint released");
        send("in.deactivate", "after");
        assertNull(received.poll(500, TimeUnit.MILLISECONDS));
        assertEquals(1, broker.queueDepth("in.deactivate"));
    }

    @Test
    void aMissingDestinationIsRejectedWithAClearMessage() {
        LetterboxActivationSpec spec = new LetterboxActivationSpec();
        InvalidPropertyException e = assertThrows(InvalidPropertyException.class, spec::validate);
        assertTrue(e.getMessage().contains("'destination'") && e.getMessage().contains("destinationLookup"), e.getMessage());
        assertThrows(InvalidPropertyException.class, () -> ra.endpointActivation(new TestEndpointFactory(m -> { }), spec));
    }

    @Test
    void aBadSelectorIsRejectedWithAClearMessage() throws Exception {
        LetterboxActivationSpec spec = queueSpec("in.bad");
        spec.setMessageSelector("color = = 'red'");
        InvalidPropertyException e = assertThrows(InvalidPropertyException.class, spec::validate);
        assertTrue(e.getMessage().contains("messageSelector") && e.getMessage().contains("color = = 'red'"), e.getMessage());
        assertThrows(InvalidPropertyException.class, () -> ra.endpointActivation(new TestEndpointFactory(m -> { }), spec));
        assertEquals(0, broker.connectionCount(), "nothing was started");
    }

    @Test
    void inconsistentSubscriptionSettingsAreRejected() {
        LetterboxActivationSpec durableQueue = new LetterboxActivationSpec();
        durableQueue.setDestination("q");
        durableQueue.setSubscriptionDurability("Durable");
        durableQueue.setSubscriptionName("s");
        durableQueue.setDestinationType("jakarta.jms.Queue");
        assertThrows(InvalidPropertyException.class, durableQueue::validate);

        LetterboxActivationSpec noClientId = new LetterboxActivationSpec();
        noClientId.setDestination("t");
        noClientId.setDestinationType("jakarta.jms.Topic");
        noClientId.setSubscriptionDurability("Durable");
        noClientId.setSubscriptionName("s");
        InvalidPropertyException e = assertThrows(InvalidPropertyException.class, noClientId::validate);
        assertTrue(e.getMessage().contains("clientId"), e.getMessage());

        LetterboxActivationSpec badType = new LetterboxActivationSpec();
        badType.setDestination("x");
        badType.setDestinationType("jakarta.jms.Pipe");
        assertThrows(InvalidPropertyException.class, badType::validate);

        LetterboxActivationSpec noSessions = new LetterboxActivationSpec();
        noSessions.setDestination("x");
        noSessions.setMaxSession(0);
        assertThrows(InvalidPropertyException.class, noSessions::validate);
    }

    @Test
    void anUnreachableBrokerDoesNotFailActivationAndDeliveryStartsWhenItComesUp() throws Exception {
        int port = broker.port();
        broker.close();
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        activate(queueSpec("in.late"), m -> received.add(text(m)));
        Thread.sleep(300);
        broker = LetterboxBroker.builder().port(port).start();
        send("in.late", "finally");
        assertEquals("finally", received.poll(15, TimeUnit.SECONDS));
    }

    @Test
    void deliveryResumesAfterTheBrokerRestartsWithoutReactivation() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        LetterboxActivationSpec spec = queueSpec("in.restart");
        spec.setMaxSession(2);
        TestEndpointFactory endpoints = activate(spec, m -> received.add(text(m)));
        send("in.restart", "before restart");
        assertEquals("before restart", received.poll(10, TimeUnit.SECONDS));

        int port = broker.port();
        broker.close();
        Thread.sleep(500); // consumers notice and start retrying
        broker = LetterboxBroker.builder().port(port).start();
        send("in.restart", "after restart");
        assertEquals("after restart", received.poll(15, TimeUnit.SECONDS));
        assertNull(received.poll(300, TimeUnit.MILLISECONDS), "no duplicate");
        assertEquals(0, endpoints.bracketViolations.get());
    }

    @Test
    void aSharedTopicSubscriptionSpreadsEachMessageOverTheSessionsOnce() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        LetterboxActivationSpec spec = new LetterboxActivationSpec();
        spec.setDestination("in.shared");
        spec.setDestinationType("jakarta.jms.Topic");
        spec.setShareSubscriptions(true);
        spec.setSubscriptionName("workers");
        spec.setMaxSession(3);
        activate(spec, m -> received.add(text(m)));
        publishUntilReceived("in.shared", received);
        try (Connection connection = new LetterboxConnectionFactory(broker.tcpUrl()).createConnection()) {
            Session session = connection.createSession();
            var producer = session.createProducer(session.createTopic("in.shared"));
            for (int i = 0; i < 20; i++) {
                producer.send(session.createTextMessage("m" + i));
            }
        }
        Set<String> got = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            got.add(received.poll(10, TimeUnit.SECONDS));
        }
        assertEquals(20, got.stream().filter(t -> t != null && t.startsWith("m")).count());
        assertNull(received.poll(300, TimeUnit.MILLISECONDS), "each message once, not once per session");
    }

    @Test
    void destinationAndConnectionFactoryLookupsGoThroughJndi() throws Exception {
        System.setProperty("java.naming.factory.initial", "org.letterbox.jndi.LetterboxInitialContextFactory");
        System.setProperty("java.naming.provider.url", broker.tcpUrl());
        try {
            ra.setBrokerUrl("tcp://127.0.0.1:1"); // wrong on purpose: the looked-up factory must be used
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            LetterboxActivationSpec spec = new LetterboxActivationSpec();
            spec.setDestinationLookup("dynamicQueues/in.lookup");
            spec.setConnectionFactoryLookup("ConnectionFactory");
            activate(spec, m -> received.add(text(m)));
            send("in.lookup", "found");
            assertEquals("found", received.poll(10, TimeUnit.SECONDS));

            LetterboxActivationSpec missing = new LetterboxActivationSpec();
            missing.setDestinationLookup("no/such/name");
            missing.setResourceAdapter(ra);
            InvalidPropertyException e = assertThrows(InvalidPropertyException.class,
                    () -> ra.endpointActivation(new TestEndpointFactory(m -> { }), missing));
            assertTrue(e.getMessage().contains("destinationLookup") && e.getMessage().contains("no/such/name"), e.getMessage());
        } finally {
            System.clearProperty("java.naming.factory.initial");
            System.clearProperty("java.naming.provider.url");
        }
    }
}
