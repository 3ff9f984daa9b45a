package org.letterbox.ra;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.TopicConnectionFactory;
import jakarta.jms.TransactionInProgressException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.ManagedConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.letterbox.jms.LetterboxConnectionFactory;
import org.letterbox.server.LetterboxBroker;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outbound side driven through its SPI as an application server would (a pooling
 * {@link TestConnectionManager}), against a real broker.
 */
class OutboundTest {

    private static LetterboxBroker broker;
    private static LetterboxConnectionFactory plain;

    private LetterboxResourceAdapter ra;
    private LetterboxManagedConnectionFactory mcf;
    private TestConnectionManager pool;
    private TestWorkManager workManager;
    private LetterboxRaConnectionFactory cf;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = LetterboxBroker.builder().port(0).start();
        plain = new LetterboxConnectionFactory(broker.tcpUrl());
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @BeforeEach
    void deploy() throws Exception {
        ra = new LetterboxResourceAdapter();
        ra.setBrokerUrl(broker.tcpUrl());
        workManager = new TestWorkManager();
        ra.start(new TestBootstrapContext(workManager));
        mcf = new LetterboxManagedConnectionFactory();
        mcf.setResourceAdapter(ra);
        pool = new TestConnectionManager();
        cf = (LetterboxRaConnectionFactory) mcf.createConnectionFactory(pool);
    }

    @AfterEach
    void undeploy() throws Exception {
        pool.destroyAll();
        ra.stop();
        workManager.close();
    }

    private static String receiveText(String queue) throws JMSException {
        try (Connection connection = plain.createConnection()) {
            connection.start();
            Session session = connection.createSession();
            MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
            TextMessage message = (TextMessage) consumer.receive(2000);
            return message == null ? null : message.getText();
        }
    }

    @Test
    void messageSentThroughAHandleReachesTheQueue() throws Exception {
        try (Connection connection = cf.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createProducer(session.createQueue("out.send")).send(session.createTextMessage("hello"));
        }
        assertEquals("hello", receiveText("out.send"));
    }

    @Test
    void theFactoryServesAllThreeConnectionDefinitions() throws Exception {
        assertInstanceOf(QueueConnectionFactory.class, cf);
        assertInstanceOf(TopicConnectionFactory.class, cf);
        try (QueueConnection connection = ((QueueConnectionFactory) cf).createQueueConnection()) {
            var session = connection.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = session.createQueue("out.classic");
            session.createSender(queue).send(session.createTextMessage("queue api"));
        }
        assertEquals("queue api", receiveText("out.classic"));
    }

    @Test
    void closingAHandleReturnsTheManagedConnectionToThePool() throws Exception {
        Connection first = cf.createConnection();
        first.createSession().createProducer(null);
        assertEquals(0, pool.freeCount());
        first.close();
        assertEquals(1, pool.freeCount(), "closing the handle pooled its managed connection");
        assertThrows(IllegalStateException.class, first::createSession, "a closed handle is dead");

        try (Connection second = cf.createConnection()) {
            Session session = second.createSession();
            session.createProducer(session.createQueue("out.reuse")).send(session.createTextMessage("again"));
        }
        assertEquals(1, pool.created.get(), "the second handle reused the pooled managed connection");
        assertEquals("again", receiveText("out.reuse"));
    }

    @Test
    void aConsumerOfAClosedHandleDoesNotSurviveInThePool() throws Exception {
        Connection connection = cf.createConnection();
        Session session = connection.createSession();
        MessageConsumer consumer = session.createConsumer(session.createQueue("out.stale"));
        connection.close();
        assertThrows(IllegalStateException.class, () -> consumer.receive(10));

        try (Connection other = plain.createConnection()) {
            Session s = other.createSession();
            s.createProducer(s.createQueue("out.stale")).send(s.createTextMessage("not for the stale consumer"));
        }
        assertEquals("not for the stale consumer", receiveText("out.stale"));
    }

    @Test
    void differentCredentialsGetDifferentManagedConnections() throws Exception {
        try (Connection a = cf.createConnection(); Connection b = cf.createConnection("someone", "secret")) {
            a.createSession();
            b.createSession();
        }
        assertEquals(2, pool.created.get());
        try (Connection c = cf.createConnection("someone", "secret")) {
            c.createSession();
        }
        assertEquals(2, pool.created.get(), "matched the pooled connection with the same credentials");
    }

    @Test
    void jmsContextFromTheFactoryUsesThePool() throws Exception {
        try (JMSContext context = cf.createContext()) {
            context.createProducer().send(context.createQueue("out.context"), "via context");
        }
        try (JMSContext context = cf.createContext()) {
            assertEquals("via context",
                    context.createConsumer(context.createQueue("out.context")).receiveBody(String.class, 2000));
        }
        assertEquals(1, pool.created.get());
        assertEquals(1, pool.freeCount());
    }

    @Test
    void localTransactionRollbackSendsNothingAndCommitSends() throws Exception {
        pool.begin();
        try (Connection connection = cf.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertTrue(session.getTransacted(), "inside the container's transaction the session is transacted");
            session.createProducer(session.createQueue("out.tx")).send(session.createTextMessage("rolled back"));
            assertThrows(TransactionInProgressException.class, session::commit);
        }
        pool.rollback();
        assertNull(receiveText("out.tx"));

        pool.begin();
        try (Connection connection = cf.createConnection()) {
            Session session = connection.createSession();
            session.createProducer(session.createQueue("out.tx")).send(session.createTextMessage("committed"));
        }
        assertNull(receiveText("out.tx"), "nothing is visible before the commit");
        pool.commit();
        assertEquals("committed", receiveText("out.tx"));
        assertEquals(1, pool.created.get());
    }

    @Test
    void localTransactionCoversReceives() throws Exception {
        try (Connection connection = plain.createConnection()) {
            Session session = connection.createSession();
            session.createProducer(session.createQueue("out.txrecv")).send(session.createTextMessage("kept"));
        }
        pool.begin();
        try (Connection connection = cf.createConnection()) {
            connection.start();
            Session session = connection.createSession();
            TextMessage message = (TextMessage) session.createConsumer(session.createQueue("out.txrecv")).receive(2000);
            assertEquals("kept", message.getText());
        }
        pool.rollback();
        assertEquals("kept", receiveText("out.txrecv"), "the rolled-back receive left the message on the queue");
    }

    @Test
    void withoutAContainerTransactionTheApplicationsLocalTransactionWorks() throws Exception {
        try (Connection connection = cf.createConnection()) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            session.createProducer(session.createQueue("out.apptx")).send(session.createTextMessage("app tx"));
            session.commit();
        }
        assertEquals("app tx", receiveText("out.apptx"));
    }

    @Test
    void containerRulesAreEnforcedOnHandles() throws Exception {
        try (Connection connection = cf.createConnection()) {
            assertThrows(IllegalStateException.class, () -> connection.setClientID("x"));
            assertThrows(IllegalStateException.class, () -> connection.setExceptionListener(e -> { }));
            assertThrows(IllegalStateException.class, connection::stop);
            Session session = connection.createSession();
            assertThrows(IllegalStateException.class, connection::createSession, "one session per connection");
            assertThrows(IllegalStateException.class, () -> session.setMessageListener(m -> { }));
            session.close();
            connection.createSession().close();
        }
    }

    // ------------------------------------------------------------------ XA (a connection definition with XATransaction)

    /** A pool whose connections the given transaction manager enlists, over the same managed connection factory. */
    private ConnectionFactory xaPool(TestTransactionManager transactions) {
        return (ConnectionFactory) mcf.createConnectionFactory(new TestConnectionManager(transactions));
    }

    private static void sendPlain(String queue, String text) throws JMSException {
        try (JMSContext context = plain.createContext()) {
            context.createProducer().send(context.createQueue(queue), text);
        }
    }

    @Test
    void anXaTransactionThatRollsBackSendsNothingAndOneThatCommitsSends() throws Exception {
        TestTransactionManager transactions = new TestTransactionManager();
        ConnectionFactory xa = xaPool(transactions);
        transactions.begin();
        try (JMSContext context = xa.createContext()) {
            context.createProducer().send(context.createQueue("out.xa"), "rolled back");
        }
        transactions.rollback();
        assertNull(receiveText("out.xa"));

        transactions.begin();
        try (JMSContext context = xa.createContext()) {
            context.createProducer().send(context.createQueue("out.xa"), "committed");
        }
        assertNull(receiveText("out.xa"), "nothing is visible before the commit");
        assertTrue(transactions.commit());
        assertEquals("committed", receiveText("out.xa"));
        assertEquals(1, transactions.commits.get());
    }

    @Test
    void aReceiveInAnXaTransactionThatRollsBackLeavesTheMessage() throws Exception {
        TestTransactionManager transactions = new TestTransactionManager();
        ConnectionFactory xa = xaPool(transactions);
        sendPlain("out.xarecv", "kept");
        transactions.begin();
        try (JMSContext context = xa.createContext()) {
            assertEquals("kept", context.createConsumer(context.createQueue("out.xarecv")).receiveBody(String.class, 2000));
        }
        transactions.rollback();
        assertEquals("kept", receiveText("out.xarecv"), "the rolled-back receive left the message on the queue");
    }

    @Test
    void inAnXaTransactionTheSessionIsTransactedAndOnlyTheContainerCompletesIt() throws Exception {
        TestTransactionManager transactions = new TestTransactionManager();
        ConnectionFactory xa = xaPool(transactions);
        transactions.begin();
        try (Connection connection = xa.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertTrue(session.getTransacted(), "the arguments are ignored: the session is the transaction's");
            assertThrows(TransactionInProgressException.class, session::commit);
            assertThrows(TransactionInProgressException.class, session::rollback);
        } finally {
            transactions.rollback();
        }
        try (Connection connection = xa.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertFalse(session.getTransacted(), "outside a transaction the session is the one asked for");
            session.createProducer(session.createQueue("out.xaafter")).send(session.createTextMessage("at once"));
        }
        assertEquals("at once", receiveText("out.xaafter"));
    }

    @Test
    void aManagedConnectionKeepsOneXaResourceAcrossItsUses() throws Exception {
        TestTransactionManager transactions = new TestTransactionManager();
        ConnectionFactory xa = xaPool(transactions);
        for (int i = 0; i < 3; i++) {
            transactions.begin();
            try (JMSContext context = xa.createContext()) {
                context.createProducer().send(context.createQueue("out.xareuse"), "m" + i);
            }
            assertTrue(transactions.commit());
        }
        assertEquals(3, transactions.commits.get());
        for (int i = 0; i < 3; i++) {
            assertEquals("m" + i, receiveText("out.xareuse"));
        }
        ManagedConnection mc = mcf.createManagedConnection(null, null);
        try {
            assertSame(mc.getXAResource(), mc.getXAResource());
            assertTrue(mc.getXAResource().isSameRM(mc.getXAResource()));
        } finally {
            mc.destroy();
        }
    }

    @Test
    void aPreparedBranchIsFoundAndCommittedThroughTheAdaptersRecoveryResources() throws Exception {
        Xid xid = new TestTransactionManager.TestXid(7, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8),
                new byte[]{1});
        ManagedConnection mc = mcf.createManagedConnection(null, null);
        try {
            XAResource resource = mc.getXAResource();
            resource.start(xid, XAResource.TMNOFLAGS);
            Connection handle = (Connection) mc.getConnection(null, null);
            Session session = handle.createSession();
            session.createProducer(session.createQueue("out.recovered")).send(session.createTextMessage("in doubt"));
            resource.end(xid, XAResource.TMSUCCESS);
            assertEquals(XAResource.XA_OK, resource.prepare(xid));
        } finally {
            mc.destroy(); // a prepared branch outlives its connection
        }
        LetterboxActivationSpec spec = new LetterboxActivationSpec();
        spec.setDestination("in.anything");
        XAResource[] recovery = ra.getXAResources(new ActivationSpec[]{spec, spec});
        assertEquals(1, recovery.length, "one resource per broker");
        Xid[] inDoubt = recovery[0].recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN);
        Xid found = Arrays.stream(inDoubt).filter(x -> Arrays.equals(x.getGlobalTransactionId(), xid.getGlobalTransactionId()))
                .findFirst().orElseThrow();
        assertNull(receiveText("out.recovered"), "in doubt: not visible");
        recovery[0].commit(found, false);
        assertEquals("in doubt", receiveText("out.recovered"));
        XAException refused = assertThrows(XAException.class, () -> recovery[0].start(xid, XAResource.TMNOFLAGS));
        assertEquals(XAException.XAER_PROTO, refused.errorCode);
    }

    @Test
    void recoveryOfAnUnreachableBrokerIsRmFail() throws Exception {
        LetterboxActivationSpec spec = new LetterboxActivationSpec();
        spec.setDestination("in.anything");
        ra.setBrokerUrl("tcp://127.0.0.1:1?connectTimeout=500");
        XAResource[] recovery = ra.getXAResources(new ActivationSpec[]{spec});
        XAException e = assertThrows(XAException.class, () -> recovery[0].recover(XAResource.TMSTARTRSCAN));
        assertEquals(XAException.XAER_RMFAIL, e.errorCode);
    }

    @Test
    void withoutAConnectionManagerConnectionsAreNotPooled() throws Exception {
        ConnectionFactory unpooled = (ConnectionFactory) mcf.createConnectionFactory();
        int before = broker.connectionCount();
        try (Connection connection = unpooled.createConnection()) {
            Session session = connection.createSession();
            session.createProducer(session.createQueue("out.unpooled")).send(session.createTextMessage("direct"));
        }
        assertEquals("direct", receiveText("out.unpooled"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (broker.connectionCount() > before && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(before, broker.connectionCount(), "closing the handle closed the physical connection");
    }

    @Test
    void aManagedConnectionThatLosesItsBrokerIsDestroyedByThePool() throws Exception {
        LetterboxBroker own = LetterboxBroker.builder().port(0).start();
        LetterboxManagedConnectionFactory ownMcf = new LetterboxManagedConnectionFactory();
        ownMcf.setResourceAdapter(ra);
        ownMcf.setBrokerUrl(own.tcpUrl());
        TestConnectionManager ownPool = new TestConnectionManager();
        ConnectionFactory ownCf = (ConnectionFactory) ownMcf.createConnectionFactory(ownPool);
        try {
            ownCf.createConnection().close();
            assertEquals(1, ownPool.freeCount());
        } finally {
            own.close();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ownPool.destroyed.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(1, ownPool.destroyed.get(), "the connection error event made the pool destroy it");
        assertEquals(0, ownPool.freeCount());
    }
}
