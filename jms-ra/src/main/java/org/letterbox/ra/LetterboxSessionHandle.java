package org.letterbox.ra;

import jakarta.jms.BytesMessage;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateException;
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
import jakarta.jms.TransactionInProgressException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The session of a {@link LetterboxConnectionHandle}: delegates to the managed connection's physical session,
 * remembers the producers, consumers and browsers it made (closed with it), and enforces the container rules:
 * no commit/rollback inside the container's transaction, no asynchronous message listeners.
 */
final class LetterboxSessionHandle implements QueueSession, TopicSession {

    private static final Logger LOG = LoggerFactory.getLogger(LetterboxSessionHandle.class);

    private final LetterboxConnectionHandle owner;
    private final int requestedMode;
    private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    LetterboxSessionHandle(LetterboxConnectionHandle owner, int requestedMode) {
        this.owner = owner;
        this.requestedMode = requestedMode;
    }

    boolean isClosed() {
        return closed;
    }

    /** The physical session now (a container transaction begun since makes it a transacted one). */
    private Session physical() throws JMSException {
        if (closed) {
            throw new IllegalStateException("the session is closed");
        }
        return owner.managed().openSession(requestedMode);
    }

    private <T extends AutoCloseable> T track(T resource) {
        resources.add(resource);
        return resource;
    }

    private void checkNoManagedTransaction(String method) throws JMSException {
        if (owner.managed().inManagedTransaction()) {
            throw new TransactionInProgressException(method + " is not allowed: the session is part of a"
                    + " container-managed transaction");
        }
    }

    // ------------------------------------------------------------------ lifecycle and transactions

    @Override
    public void close() throws JMSException {
        if (closed) {
            return;
        }
        closed = true;
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.debug("could not close {}", resource, e);
            }
        }
        resources.clear();
        LetterboxManagedConnection managed;
        try {
            managed = owner.managed();
        } catch (IllegalStateException invalidated) {
            return; // the container already cleaned up the managed connection
        }
        managed.closeSession();
    }

    @Override
    public boolean getTransacted() throws JMSException {
        return physical().getTransacted();
    }

    @Override
    public int getAcknowledgeMode() throws JMSException {
        return physical().getAcknowledgeMode();
    }

    @Override
    public void commit() throws JMSException {
        checkNoManagedTransaction("commit");
        physical().commit();
    }

    @Override
    public void rollback() throws JMSException {
        checkNoManagedTransaction("rollback");
        physical().rollback();
    }

    @Override
    public void recover() throws JMSException {
        physical().recover();
    }

    @Override
    public MessageListener getMessageListener() throws JMSException {
        throw ContainerRules.forbidden("getMessageListener");
    }

    @Override
    public void setMessageListener(MessageListener listener) throws JMSException {
        throw ContainerRules.forbidden("setMessageListener");
    }

    @Override
    public void run() {
        throw new UnsupportedOperationException("Session.run is not allowed in a Jakarta EE container");
    }

    // ------------------------------------------------------------------ messages and destinations

    @Override
    public BytesMessage createBytesMessage() throws JMSException {
        return physical().createBytesMessage();
    }

    @Override
    public MapMessage createMapMessage() throws JMSException {
        return physical().createMapMessage();
    }

    @Override
    public Message createMessage() throws JMSException {
        return physical().createMessage();
    }

    @Override
    public ObjectMessage createObjectMessage() throws JMSException {
        return physical().createObjectMessage();
    }

    @Override
    public ObjectMessage createObjectMessage(Serializable object) throws JMSException {
        return physical().createObjectMessage(object);
    }

    @Override
    public StreamMessage createStreamMessage() throws JMSException {
        return physical().createStreamMessage();
    }

    @Override
    public TextMessage createTextMessage() throws JMSException {
        return physical().createTextMessage();
    }

    @Override
    public TextMessage createTextMessage(String text) throws JMSException {
        return physical().createTextMessage(text);
    }

    @Override
    public Queue createQueue(String queueName) throws JMSException {
        return physical().createQueue(queueName);
    }

    @Override
    public Topic createTopic(String topicName) throws JMSException {
        return physical().createTopic(topicName);
    }

    @Override
    public TemporaryQueue createTemporaryQueue() throws JMSException {
        TemporaryQueue queue = physical().createTemporaryQueue();
        owner.addTemporary(queue);
        return queue;
    }

    @Override
    public TemporaryTopic createTemporaryTopic() throws JMSException {
        TemporaryTopic topic = physical().createTemporaryTopic();
        owner.addTemporary(topic);
        return topic;
    }

    @Override
    public void unsubscribe(String name) throws JMSException {
        physical().unsubscribe(name);
    }

    // ------------------------------------------------------------------ producers

    @Override
    public MessageProducer createProducer(Destination destination) throws JMSException {
        return track(physical().createProducer(destination));
    }

    @Override
    public QueueSender createSender(Queue queue) throws JMSException {
        return track(((QueueSession) physical()).createSender(queue));
    }

    @Override
    public TopicPublisher createPublisher(Topic topic) throws JMSException {
        return track(((TopicSession) physical()).createPublisher(topic));
    }

    // ------------------------------------------------------------------ consumers and browsers

    @Override
    public MessageConsumer createConsumer(Destination destination) throws JMSException {
        return track(physical().createConsumer(destination));
    }

    @Override
    public MessageConsumer createConsumer(Destination destination, String messageSelector) throws JMSException {
        return track(physical().createConsumer(destination, messageSelector));
    }

    @Override
    public MessageConsumer createConsumer(Destination destination, String messageSelector, boolean noLocal)
            throws JMSException {
        return track(physical().createConsumer(destination, messageSelector, noLocal));
    }

    @Override
    public MessageConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName) throws JMSException {
        return track(physical().createSharedConsumer(topic, sharedSubscriptionName));
    }

    @Override
    public MessageConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName, String messageSelector)
            throws JMSException {
        return track(physical().createSharedConsumer(topic, sharedSubscriptionName, messageSelector));
    }

    @Override
    public TopicSubscriber createDurableSubscriber(Topic topic, String name) throws JMSException {
        return track(physical().createDurableSubscriber(topic, name));
    }

    @Override
    public TopicSubscriber createDurableSubscriber(Topic topic, String name, String messageSelector, boolean noLocal)
            throws JMSException {
        return track(physical().createDurableSubscriber(topic, name, messageSelector, noLocal));
    }

    @Override
    public MessageConsumer createDurableConsumer(Topic topic, String name) throws JMSException {
        return track(physical().createDurableConsumer(topic, name));
    }

    @Override
    public MessageConsumer createDurableConsumer(Topic topic, String name, String messageSelector, boolean noLocal)
            throws JMSException {
        return track(physical().createDurableConsumer(topic, name, messageSelector, noLocal));
    }

    @Override
    public MessageConsumer createSharedDurableConsumer(Topic topic, String name) throws JMSException {
        return track(physical().createSharedDurableConsumer(topic, name));
    }

    @Override
    public MessageConsumer createSharedDurableConsumer(Topic topic, String name, String messageSelector)
            throws JMSException {
        return track(physical().createSharedDurableConsumer(topic, name, messageSelector));
    }

    @Override
    public QueueReceiver createReceiver(Queue queue) throws JMSException {
        return track(((QueueSession) physical()).createReceiver(queue));
    }

    @Override
    public QueueReceiver createReceiver(Queue queue, String messageSelector) throws JMSException {
        return track(((QueueSession) physical()).createReceiver(queue, messageSelector));
    }

    @Override
    public TopicSubscriber createSubscriber(Topic topic) throws JMSException {
        return track(((TopicSession) physical()).createSubscriber(topic));
    }

    @Override
    public TopicSubscriber createSubscriber(Topic topic, String messageSelector, boolean noLocal) throws JMSException {
        return track(((TopicSession) physical()).createSubscriber(topic, messageSelector, noLocal));
    }

    @Override
    public QueueBrowser createBrowser(Queue queue) throws JMSException {
        return track(physical().createBrowser(queue));
    }

    @Override
    public QueueBrowser createBrowser(Queue queue, String messageSelector) throws JMSException {
        return track(physical().createBrowser(queue, messageSelector));
    }
}
