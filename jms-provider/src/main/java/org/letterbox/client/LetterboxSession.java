package org.letterbox.client;

import jakarta.jms.BytesMessage;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.QueueReceiver;
import jakarta.jms.QueueSender;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.TopicPublisher;
import jakarta.jms.TopicSession;
import jakarta.jms.TopicSubscriber;
import jakarta.jms.TransactionRolledBackException;
import org.letterbox.client.context.SessionAcknowledgeSupport;
import org.letterbox.jms.LetterboxDestination;
import org.letterbox.jms.LetterboxQueue;
import org.letterbox.jms.LetterboxTopic;
import org.letterbox.jms.message.LetterboxBytesMessage;
import org.letterbox.jms.message.LetterboxMapMessage;
import org.letterbox.jms.message.LetterboxMessage;
import org.letterbox.jms.message.LetterboxObjectMessage;
import org.letterbox.jms.message.LetterboxStreamMessage;
import org.letterbox.jms.message.LetterboxTextMessage;
import org.letterbox.protocol.DestinationRef;
import org.letterbox.protocol.ErrorCode;
import org.letterbox.protocol.Frame;
import org.letterbox.protocol.Frames;
import org.letterbox.selector.Selector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntFunction;

/**
 * A JMS session in any of the four modes.
 *
 * <p>Threading: the application uses a session from one thread at a time (spec 6.2.5). Its
 * MessageListeners run on one delivery thread of its own ({@link ListenerDispatcher}), so messages for
 * different consumers of one session are delivered serially; CompletionListeners run on a completion thread
 * ({@link CompletionTracker}). The {@link #deliveryLock} is held while a
 * message is handed to the application (by a listener call or a receive); {@code Connection.stop()},
 * {@code close()}, commit, rollback and recover take it to wait for a listener in progress.
 *
 * <p>Acknowledgement: every delivery handed to the application is remembered as "consumed" until it is
 * acknowledged: at once (AUTO after a receive), after onMessage (AUTO listener), in batches (DUPS_OK),
 * by {@code Message.acknowledge()} (CLIENT, session-wide) or by commit (TRANSACTED); see
 * {@link SessionAcknowledgements}. Transacted sends are pipelined ({@link TransactedSends}). Rollback and recover
 * name the consumed ones; the broker returns every unacknowledged delivery of the session, so the client
 * drops what it has buffered and whatever arrives until the broker's reply.
 *
 * <p>One class serves {@link Session}, {@link QueueSession} and {@link TopicSession}; a session created as a
 * QueueSession or TopicSession refuses the other domain's methods, as their javadoc requires ({@link SessionDomain}).
 */
public class LetterboxSession implements Session, QueueSession, TopicSession, SessionAcknowledgeSupport {
    private static final Logger LOG = LoggerFactory.getLogger(LetterboxSession.class);

    private final LetterboxConnection connection;
    private final ClientChannel channel;
    private final int sessionId;
    private final int mode;
    private final SessionDomain domain;

    private volatile boolean closed;

    private final List<LetterboxMessageConsumer> consumers = new CopyOnWriteArrayList<>();
    private final Set<LetterboxMessageProducer> producers = ConcurrentHashMap.newKeySet();
    private final Set<LetterboxQueueBrowser> browsers = ConcurrentHashMap.newKeySet();

    /** Held while a message is handed to the application and by operations that must not overlap that. */
    final ReentrantLock deliveryLock = new ReentrantLock();
    /** True between sending a Rollback/Recover and its reply: deliveries for this session are dropped. */
    private volatile boolean discarding;

    private final SessionAcknowledgements acknowledgements;
    private final ListenerDispatcher dispatcher;
    private final CompletionTracker completions;
    private final TransactedSends transactedSends;

    LetterboxSession(LetterboxConnection connection, int sessionId, int mode, SessionDomain domain) {
        this.connection = connection;
        this.channel = connection.channel();
        this.sessionId = sessionId;
        this.mode = mode;
        this.domain = domain;
        this.acknowledgements = new SessionAcknowledgements(channel, sessionId, mode);
        this.dispatcher = new ListenerDispatcher(this, consumers);
        this.completions = new CompletionTracker(this);
        this.transactedSends = new TransactedSends(channel);
    }

    // ------------------------------------------------------------------ helpers for the other classes

    static LetterboxSession currentDeliverySession() {
        return ListenerDispatcher.currentSession();
    }

    static LetterboxSession currentCompletionSession() {
        return CompletionTracker.currentSession();
    }

    LetterboxConnection connection() {
        return connection;
    }

    ClientChannel channel() {
        return channel;
    }

    int sessionId() {
        return sessionId;
    }

    int mode() {
        return mode;
    }

    boolean isClosed() {
        return closed;
    }

    boolean isDiscarding() {
        return discarding;
    }

    SessionAcknowledgements acknowledgements() {
        return acknowledgements;
    }

    ListenerDispatcher dispatcher() {
        return dispatcher;
    }

    CompletionTracker completions() {
        return completions;
    }

    TransactedSends transactedSends() {
        return transactedSends;
    }

    /**
     * Whether sends and consumed messages belong to a transaction now (held by the broker until it ends): always in a
     * transacted session, inside a branch in an XA session.
     */
    boolean transactionOpen() {
        return acknowledgements.mode() == SESSION_TRANSACTED;
    }

    void checkClosed() throws IllegalStateException {
        if (closed) {
            throw new IllegalStateException("session is closed");
        }
        if (connection.isClosed()) {
            throw new IllegalStateException("connection is closed");
        }
    }

    private boolean isTransacted() {
        return mode == SESSION_TRANSACTED;
    }

    /**
     * IllegalStateException when called from a MessageListener of this session. For close() the Session javadoc
     * allows either this or closing; the TCK (listenerexceptiontests) requires the exception.
     */
    void checkNotInMessageListener(String what) throws IllegalStateException {
        if (ListenerDispatcher.currentSession() == this) {
            throw new IllegalStateException("a MessageListener must not call " + what + " on its own session");
        }
    }

    /** IllegalStateException when called from a CompletionListener of this session. */
    void checkNotInCompletionListener(String what) throws IllegalStateException {
        if (CompletionTracker.currentSession() == this) {
            throw new IllegalStateException("a CompletionListener must not call " + what + " on its own session");
        }
    }

    void removeConsumer(LetterboxMessageConsumer consumer) {
        consumers.remove(consumer);
    }

    void removeProducer(LetterboxMessageProducer producer) {
        producers.remove(producer);
    }

    void removeBrowser(LetterboxQueueBrowser browser) {
        browsers.remove(browser);
    }

    // ------------------------------------------------------------------ message factories

    @Override
    public Message createMessage() throws JMSException {
        checkClosed();
        return new LetterboxMessage();
    }

    @Override
    public BytesMessage createBytesMessage() throws JMSException {
        checkClosed();
        return new LetterboxBytesMessage();
    }

    @Override
    public MapMessage createMapMessage() throws JMSException {
        checkClosed();
        return new LetterboxMapMessage();
    }

    @Override
    public ObjectMessage createObjectMessage() throws JMSException {
        checkClosed();
        return new LetterboxObjectMessage();
    }

    @Override
    public ObjectMessage createObjectMessage(Serializable object) throws JMSException {
        checkClosed();
        LetterboxObjectMessage message = new LetterboxObjectMessage();
        message.setObject(object);
        return message;
    }

    @Override
    public StreamMessage createStreamMessage() throws JMSException {
        checkClosed();
        return new LetterboxStreamMessage();
    }

    @Override
    public TextMessage createTextMessage() throws JMSException {
        checkClosed();
        return new LetterboxTextMessage();
    }

    @Override
    public TextMessage createTextMessage(String text) throws JMSException {
        checkClosed();
        LetterboxTextMessage message = new LetterboxTextMessage();
        message.setText(text);
        return message;
    }

    // ------------------------------------------------------------------ mode, transactions, recovery

    @Override
    public boolean getTransacted() throws JMSException {
        checkClosed();
        return isTransacted();
    }

    @Override
    public int getAcknowledgeMode() throws JMSException {
        checkClosed();
        return mode;
    }

    @Override
    public void commit() throws JMSException {
        checkClosed();
        if (!isTransacted()) {
            throw new IllegalStateException("commit() on a session that is not transacted");
        }
        checkNotInCompletionListener("commit");
        completions.awaitAll();
        deliveryLock.lock();
        try {
            checkClosed();
            java.util.Set<DestinationRef> sentTo = java.util.Set.copyOf(transactedSends.destinations());
            JMSException sendFailure = transactedSends.awaitAll();
            if (sendFailure != null) {
                long[] tags = acknowledgements.drainConsumed();
                returnDeliveries(rid -> new Frames.Rollback(rid, sessionId, tags));
                TransactionRolledBackException e = new TransactionRolledBackException(
                        "the transaction was rolled back because a send in it failed: " + sendFailure.getMessage());
                e.setLinkedException(sendFailure);
                e.initCause(sendFailure);
                throw e;
            }
            for (DestinationRef destination : sentTo) {
                connection.awaitFlowControl(destination); // flow control: their destinations must have room first
            }
            long[] tags = acknowledgements.drainConsumed();
            CompletableFuture<Frame> reply = channel.request(rid -> new Frames.Commit(rid, sessionId, tags), false,
                    frame -> {
                        // a commit the broker had to roll back returned every unacked delivery, like a rollback
                        if (frame instanceof Frames.Error error && error.code() == ErrorCode.TRANSACTION_ROLLED_BACK) {
                            resetConsumersAfterReturn();
                        }
                    });
            ClientChannel.await(reply);
        } finally {
            deliveryLock.unlock();
        }
        afterReturnOrCommit();
    }

    @Override
    public void rollback() throws JMSException {
        checkClosed();
        if (!isTransacted()) {
            throw new IllegalStateException("rollback() on a session that is not transacted");
        }
        checkNotInCompletionListener("rollback");
        completions.awaitAll();
        deliveryLock.lock();
        try {
            checkClosed();
            transactedSends.forget();
            long[] tags = acknowledgements.drainConsumed();
            returnDeliveries(rid -> new Frames.Rollback(rid, sessionId, tags));
        } finally {
            deliveryLock.unlock();
        }
        afterReturnOrCommit();
    }

    @Override
    public void recover() throws JMSException {
        checkClosed();
        if (isTransacted()) {
            throw new IllegalStateException("recover() on a transacted session");
        }
        recoverDeliveries();
    }

    /** Returns every unacknowledged delivery to the broker; the consumed ones come back flagged redelivered. */
    private void recoverDeliveries() throws JMSException {
        deliveryLock.lock();
        try {
            checkClosed();
            long[] tags = acknowledgements.drainConsumed();
            returnDeliveries(rid -> new Frames.Recover(rid, sessionId, tags));
        } finally {
            deliveryLock.unlock();
        }
        afterReturnOrCommit();
    }

    /**
     * Sends a Rollback/Recover: from now until its reply, deliveries for this session are dropped (the
     * broker returns them all) and the buffers are emptied; at the reply each consumer's window is full again.
     */
    private void returnDeliveries(IntFunction<Frame> request) throws JMSException {
        discarding = true;
        for (LetterboxMessageConsumer consumer : consumers) {
            consumer.clearBuffer();
        }
        CompletableFuture<Frame> reply = channel.request(request, false, frame -> resetConsumersAfterReturn());
        ClientChannel.await(reply);
    }

    /** On the I/O thread, at the reply to a Rollback/Recover: buffers emptied, credit back to the full window. */
    private void resetConsumersAfterReturn() {
        for (LetterboxMessageConsumer consumer : consumers) {
            consumer.resetAfterReturn();
        }
        discarding = false;
    }

    private void afterReturnOrCommit() {
        for (LetterboxMessageConsumer consumer : consumers) {
            consumer.afterSessionReset();
        }
    }

    // ------------------------------------------------------------------ deliveries handed out (called by consumers)

    /**
     * Turns a delivery that a consumer hands to the application into the message, and records it as
     * consumed. Returns null when the message is not to be handed out (expired or undecodable); it is
     * then settled here.
     *
     * @param forListener true for a MessageListener delivery (AUTO acks after onMessage returns)
     */
    LetterboxMessage accept(Frames.Deliver deliver, boolean forListener) throws JMSException {
        LetterboxMessage message = decode(deliver);
        if (message == null) {
            acknowledgements.settleUnused(deliver.tag());
        } else {
            acknowledgements.delivered(deliver, forListener);
        }
        return message;
    }

    /**
     * The message of a delivery, decoded on the consuming thread; null when it must not be handed out
     * (undecodable or expired), and the caller then settles it with {@link SessionAcknowledgements#settleUnused(long)}.
     */
    LetterboxMessage decode(Frames.Deliver deliver) {
        LetterboxMessage message;
        try {
            message = ClientMessages.decodeReceived(deliver.message(), deliver.deliveryCount(), this);
        } catch (JMSException | RuntimeException e) {
            LOG.error("dropping undecodable delivery {} of session {}", deliver.tag(), sessionId, e);
            return null;
        }
        long expiration = message.getJMSExpiration();
        if (expiration != 0 && expiration < System.currentTimeMillis()) {
            return null;
        }
        return message;
    }

    /**
     * onMessage threw: in AUTO/DUPS_OK the message is redelivered at once (spec 8.7), done as a recover of
     * the session (the only unacknowledged consumed message is this one, which comes back flagged).
     * In CLIENT and transacted modes the next message is delivered.
     */
    void listenerFailed(LetterboxMessageConsumer consumer, RuntimeException e) {
        LOG.warn("MessageListener of consumer {} threw", consumer.consumerId(), e);
        int current = acknowledgements.mode();
        if ((current == AUTO_ACKNOWLEDGE || current == DUPS_OK_ACKNOWLEDGE) && !closed && !consumer.isClosed()) {
            try {
                recoverDeliveries();
            } catch (JMSException ex) {
                LOG.warn("could not return the message to redeliver it", ex);
            }
        }
    }

    /** Message.acknowledge(): in CLIENT mode, acknowledges every message the session has consumed. */
    void acknowledgeFromMessage() throws JMSException {
        if (closed || connection.isClosed()) {
            throw new IllegalStateException("cannot acknowledge: the session is closed");
        }
        acknowledgements.acknowledgeConsumed();
    }

    /** JMSContext.acknowledge(): acknowledges everything this session consumed (CLIENT mode only). */
    @Override
    public void acknowledgeAll() throws JMSException {
        acknowledgeFromMessage();
    }

    // ------------------------------------------------------------------ connection state (called by the connection)

    /** Connection.start(): wake receivers, schedule listener delivery. */
    void connectionStarted() {
        for (LetterboxMessageConsumer consumer : consumers) {
            consumer.connectionStarted();
        }
        dispatcher.scheduleDispatch();
    }

    /** Connection.stop(): returns once no listener runs and no receive is handing out a message. */
    void awaitDeliveryPaused() {
        if (deliveryLock.isHeldByCurrentThread()) {
            return;
        }
        deliveryLock.lock();
        deliveryLock.unlock();
    }

    /** The connection failed: wake every blocked receive. */
    void connectionFailed() {
        for (LetterboxMessageConsumer consumer : consumers) {
            consumer.wakeUp();
        }
        completions.wakeWaiters();
    }

    // ------------------------------------------------------------------ close

    @Override
    public void close() throws JMSException {
        if (closed) {
            return;
        }
        checkNotInCompletionListener("close");
        checkNotInMessageListener("close");
        CompletableFuture<Frame> reply = shutdown();
        if (reply != null) {
            try {
                ClientChannel.awaitUninterruptibly(reply);
            } catch (JMSException e) {
                LOG.debug("closing session {} at the broker failed", sessionId, e);
            }
        }
    }

    /**
     * Closes the session locally and sends CloseSession (returned, not awaited, so a connection can close
     * its sessions in one round trip). Null when there is nothing to wait for.
     */
    CompletableFuture<Frame> shutdown() throws JMSException {
        if (closed) {
            return null;
        }
        completions.awaitAll();
        long[] returnTags;
        deliveryLock.lock(); // waits for a listener in progress
        try {
            if (closed) {
                return null;
            }
            closed = true;
            for (LetterboxMessageConsumer consumer : consumers) {
                consumer.closeLocally();
            }
            for (LetterboxQueueBrowser browser : new ArrayList<>(browsers)) {
                browser.closeLocally();
            }
            for (LetterboxMessageProducer producer : new ArrayList<>(producers)) {
                producer.closeLocally();
            }
            returnTags = acknowledgements.settleOnClose();
        } finally {
            deliveryLock.unlock();
        }
        consumers.clear();
        producers.clear();
        browsers.clear();
        dispatcher.shutdown();
        completions.shutdown();
        connection.removeSession(this);
        if (channel.failure() != null) {
            return null;
        }
        long[] tags = returnTags;
        return channel.request(rid -> new Frames.CloseSession(rid, sessionId, tags));
    }

    // ------------------------------------------------------------------ destinations

    @Override
    public Queue createQueue(String queueName) throws JMSException {
        checkClosed();
        domain.checkQueueMethod("createQueue");
        if (queueName == null || queueName.isBlank()) {
            throw new InvalidDestinationException("queue name must not be null or empty");
        }
        return new LetterboxQueue(queueName);
    }

    @Override
    public Topic createTopic(String topicName) throws JMSException {
        checkClosed();
        domain.checkTopicMethod("createTopic");
        if (topicName == null || topicName.isBlank()) {
            throw new InvalidDestinationException("topic name must not be null or empty");
        }
        return new LetterboxTopic(topicName);
    }

    @Override
    public TemporaryQueue createTemporaryQueue() throws JMSException {
        checkClosed();
        domain.checkQueueMethod("createTemporaryQueue");
        return connection.createTemporaryQueue();
    }

    @Override
    public TemporaryTopic createTemporaryTopic() throws JMSException {
        checkClosed();
        domain.checkTopicMethod("createTemporaryTopic");
        return connection.createTemporaryTopic();
    }

    @Override
    public void unsubscribe(String name) throws JMSException {
        checkClosed();
        domain.checkTopicMethod("unsubscribe");
        if (name == null || name.isEmpty()) {
            throw new InvalidDestinationException("subscription name must not be null or empty");
        }
        for (LetterboxMessageConsumer consumer : consumers) {
            if (name.equals(consumer.subscriptionName()) && consumer.isDurable() && !consumer.isClosed()) {
                throw new IllegalStateException("durable subscription '" + name + "' has an active consumer");
            }
        }
        ClientChannel.await(channel.request(rid -> new Frames.Unsubscribe(rid, name)));
    }

    // ------------------------------------------------------------------ producers

    @Override
    public MessageProducer createProducer(Destination destination) throws JMSException {
        checkClosed();
        LetterboxDestination d = LetterboxDestination.from(destination);
        LetterboxMessageProducer producer = new LetterboxMessageProducer(this, d);
        producers.add(producer);
        return producer;
    }

    @Override
    public QueueSender createSender(Queue queue) throws JMSException {
        return (QueueSender) createProducer(queue);
    }

    @Override
    public TopicPublisher createPublisher(Topic topic) throws JMSException {
        return (TopicPublisher) createProducer(topic);
    }

    // ------------------------------------------------------------------ consumers

    @Override
    public MessageConsumer createConsumer(Destination destination) throws JMSException {
        return createConsumer(destination, null, false);
    }

    @Override
    public MessageConsumer createConsumer(Destination destination, String messageSelector) throws JMSException {
        return createConsumer(destination, messageSelector, false);
    }

    @Override
    public MessageConsumer createConsumer(Destination destination, String messageSelector, boolean noLocal)
            throws JMSException {
        return newConsumer(destination, messageSelector, noLocal, null, false, false);
    }

    @Override
    public QueueReceiver createReceiver(Queue queue) throws JMSException {
        return newConsumer(queue, null, false, null, false, false);
    }

    @Override
    public QueueReceiver createReceiver(Queue queue, String messageSelector) throws JMSException {
        return newConsumer(queue, messageSelector, false, null, false, false);
    }

    @Override
    public TopicSubscriber createSubscriber(Topic topic) throws JMSException {
        return newConsumer(topic, null, false, null, false, false);
    }

    @Override
    public TopicSubscriber createSubscriber(Topic topic, String messageSelector, boolean noLocal) throws JMSException {
        return newConsumer(topic, messageSelector, noLocal, null, false, false);
    }

    @Override
    public MessageConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName) throws JMSException {
        return createSharedConsumer(topic, sharedSubscriptionName, null);
    }

    @Override
    public MessageConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName, String messageSelector)
            throws JMSException {
        checkClosed();
        domain.checkTopicMethod("createSharedConsumer");
        return newConsumer(topic, messageSelector, false, requireName(sharedSubscriptionName), false, true);
    }

    @Override
    public TopicSubscriber createDurableSubscriber(Topic topic, String name) throws JMSException {
        return createDurableSubscriber(topic, name, null, false);
    }

    @Override
    public TopicSubscriber createDurableSubscriber(Topic topic, String name, String messageSelector, boolean noLocal)
            throws JMSException {
        return newUnsharedDurable("createDurableSubscriber", topic, name, messageSelector, noLocal);
    }

    @Override
    public MessageConsumer createDurableConsumer(Topic topic, String name) throws JMSException {
        return createDurableConsumer(topic, name, null, false);
    }

    @Override
    public MessageConsumer createDurableConsumer(Topic topic, String name, String messageSelector, boolean noLocal)
            throws JMSException {
        return newUnsharedDurable("createDurableConsumer", topic, name, messageSelector, noLocal);
    }

    private LetterboxMessageConsumer newUnsharedDurable(String method, Topic topic, String name,
                                                       String messageSelector, boolean noLocal) throws JMSException {
        checkClosed();
        domain.checkTopicMethod(method);
        if (topic == null) {
            throw new InvalidDestinationException("topic must not be null");
        }
        String subscription = requireName(name);
        if (connection.getClientID() == null) {
            throw new IllegalStateException("an unshared durable subscription needs the connection's client ID");
        }
        return newConsumer(topic, messageSelector, noLocal, subscription, true, false);
    }

    @Override
    public MessageConsumer createSharedDurableConsumer(Topic topic, String name) throws JMSException {
        return createSharedDurableConsumer(topic, name, null);
    }

    @Override
    public MessageConsumer createSharedDurableConsumer(Topic topic, String name, String messageSelector)
            throws JMSException {
        checkClosed();
        domain.checkTopicMethod("createSharedDurableConsumer");
        return newConsumer(topic, messageSelector, false, requireName(name), true, true);
    }

    private String requireName(String name) throws JMSException {
        checkClosed();
        if (name == null || name.isEmpty()) {
            throw new JMSException("subscription name must not be null or empty");
        }
        return name;
    }

    private LetterboxMessageConsumer newConsumer(Destination destination, String messageSelector, boolean noLocal,
                                                 String subscriptionName, boolean durable, boolean shared)
            throws JMSException {
        checkClosed();
        if (destination == null) {
            throw new InvalidDestinationException("destination must not be null");
        }
        LetterboxDestination d = LetterboxDestination.from(destination);
        if (subscriptionName != null && d.isQueue()) {
            throw new InvalidDestinationException("subscriptions exist only on topics, not on " + d);
        }
        Selector selector = Selector.compile(messageSelector); // InvalidSelectorException before the broker
        String selectorText = selector == null ? null : messageSelector;
        connection.checkTemporaryForConsumer(d);
        LetterboxMessageConsumer consumer = new LetterboxMessageConsumer(this, connection.nextConsumerId(), d,
                selectorText, noLocal, subscriptionName, durable, shared);
        consumers.add(consumer);
        connection.register(consumer);
        try {
            consumer.open();
        } catch (JMSException | RuntimeException e) {
            consumers.remove(consumer);
            connection.unregister(consumer);
            throw e;
        }
        if (closed) {
            consumer.closeLocally();
            throw new IllegalStateException("session is closed");
        }
        return consumer;
    }

    // ------------------------------------------------------------------ browsers

    @Override
    public QueueBrowser createBrowser(Queue queue) throws JMSException {
        return createBrowser(queue, null);
    }

    @Override
    public QueueBrowser createBrowser(Queue queue, String messageSelector) throws JMSException {
        checkClosed();
        domain.checkQueueMethod("createBrowser");
        if (queue == null) {
            throw new InvalidDestinationException("queue must not be null");
        }
        LetterboxDestination d = LetterboxDestination.from(queue);
        Selector selector = Selector.compile(messageSelector); // InvalidSelectorException here, not at getEnumeration
        String selectorText = selector == null ? null : messageSelector;
        connection.checkTemporaryForSend(d); // browsing is not consuming: only a deleted one of ours is refused
        // the snapshot waits for getEnumeration, but an invalid queue must fail here, as the javadoc says
        ClientChannel.await(channel.request(rid -> new Frames.CheckDestination(rid, d.toRef())));
        LetterboxQueueBrowser browser = new LetterboxQueueBrowser(this, d, selectorText);
        browsers.add(browser);
        if (closed) {
            browser.closeLocally();
            throw new IllegalStateException("session is closed");
        }
        return browser;
    }

    // ------------------------------------------------------------------ application-server facilities (not supported)

    @Override
    public MessageListener getMessageListener() throws JMSException {
        checkClosed();
        return null;
    }

    @Override
    public void setMessageListener(MessageListener listener) throws JMSException {
        checkClosed();
        throw new JMSException("Session.setMessageListener (for application servers' ServerSessionPools)"
                + " is not supported by Letterbox");
    }

    @Override
    public void run() {
        throw new UnsupportedOperationException("Session.run() (for application servers) is not supported by Letterbox");
    }

    @Override
    public String toString() {
        return "LetterboxSession[" + connection.connectionId() + "/" + sessionId + ", mode " + mode + ", " + domain
                + "]";
    }
}
