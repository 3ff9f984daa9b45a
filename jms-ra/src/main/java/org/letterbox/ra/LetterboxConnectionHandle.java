package org.letterbox.ra;

import jakarta.jms.ConnectionConsumer;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.Destination;
import jakarta.jms.ExceptionListener;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueSession;
import jakarta.jms.ServerSessionPool;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What an application gets from the adapter's connection factory: a handle over a pooled
 * {@link LetterboxManagedConnection}. Closing it returns the managed connection to the container's pool.
 *
 * <p>As Jakarta Messaging requires in a container, a handle has at most one open session, and
 * {@code setClientID}, {@code setExceptionListener}, {@code stop} and connection consumers are refused.
 */
final class LetterboxConnectionHandle implements QueueConnection, TopicConnection {

    private static final Logger LOG = LoggerFactory.getLogger(LetterboxConnectionHandle.class);

    private volatile LetterboxManagedConnection managed;
    private volatile boolean closed;
    private LetterboxSessionHandle session;
    /** Temporary destinations live as long as this handle, not the pooled connection. */
    private final List<Object> temporaries = new CopyOnWriteArrayList<>();

    LetterboxConnectionHandle(LetterboxManagedConnection managed) {
        this.managed = managed;
    }

    /** The managed connection this handle currently works on (changed by associateConnection). */
    LetterboxManagedConnection managed() throws IllegalStateException {
        checkOpen();
        return managed;
    }

    synchronized void associate(LetterboxManagedConnection target) {
        managed.detach(this);
        managed = target;
        target.attach(this);
    }

    /** The managed connection was cleaned up: the handle is dead, its session's resources with it. */
    void invalidate() {
        closed = true;
    }

    void addTemporary(Object destination) {
        temporaries.add(destination);
    }

    private void checkOpen() throws IllegalStateException {
        if (closed) {
            throw new IllegalStateException("the connection is closed");
        }
    }

    // ------------------------------------------------------------------ sessions

    @Override
    public synchronized Session createSession(int sessionMode) throws JMSException {
        checkOpen();
        if (session != null && !session.isClosed()) {
            throw new IllegalStateException("this connection already has a session: in a Jakarta EE container"
                    + " a connection may have only one (Jakarta Messaging 3.1 section 12.2)");
        }
        LetterboxManagedConnection mc = managed();
        mc.openSession(sessionMode);
        session = new LetterboxSessionHandle(this, sessionMode);
        return session;
    }

    @Override
    public Session createSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return createSession(transacted ? Session.SESSION_TRANSACTED : acknowledgeMode);
    }

    @Override
    public Session createSession() throws JMSException {
        return createSession(Session.AUTO_ACKNOWLEDGE);
    }

    @Override
    public QueueSession createQueueSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return (QueueSession) createSession(transacted, acknowledgeMode);
    }

    @Override
    public TopicSession createTopicSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return (TopicSession) createSession(transacted, acknowledgeMode);
    }

    // ------------------------------------------------------------------ connection

    @Override
    public String getClientID() throws JMSException {
        return managed().physical().getClientID();
    }

    @Override
    public void setClientID(String clientID) throws JMSException {
        throw ContainerRules.forbidden("setClientID");
    }

    @Override
    public ConnectionMetaData getMetaData() throws JMSException {
        return managed().physical().getMetaData();
    }

    @Override
    public ExceptionListener getExceptionListener() throws JMSException {
        checkOpen();
        return null;
    }

    @Override
    public void setExceptionListener(ExceptionListener listener) throws JMSException {
        throw ContainerRules.forbidden("setExceptionListener");
    }

    @Override
    public void start() throws JMSException {
        managed().physical().start();
    }

    @Override
    public void stop() throws JMSException {
        throw ContainerRules.forbidden("stop");
    }

    @Override
    public void close() throws JMSException {
        LetterboxSessionHandle s;
        synchronized (this) {
            if (closed) {
                return;
            }
            s = session;
        }
        try {
            if (s != null) {
                s.close();
            }
            deleteTemporaries();
        } finally {
            closed = true;
            managed.handleClosed(this);
        }
    }

    private void deleteTemporaries() {
        for (Object destination : temporaries) {
            try {
                if (destination instanceof TemporaryQueue queue) {
                    queue.delete();
                } else if (destination instanceof TemporaryTopic topic) {
                    topic.delete();
                }
            } catch (JMSException e) {
                LOG.debug("could not delete temporary destination {}", destination, e);
            }
        }
        temporaries.clear();
    }

    // ------------------------------------------------------------------ connection consumers: not in a container

    @Override
    public ConnectionConsumer createConnectionConsumer(Destination destination, String messageSelector,
                                                       ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        throw ContainerRules.forbidden("createConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Queue queue, String messageSelector,
                                                       ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        throw ContainerRules.forbidden("createConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Topic topic, String messageSelector,
                                                       ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        throw ContainerRules.forbidden("createConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createSharedConnectionConsumer(Topic topic, String subscriptionName, String messageSelector,
                                                             ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        throw ContainerRules.forbidden("createSharedConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createDurableConnectionConsumer(Topic topic, String subscriptionName, String messageSelector,
                                                              ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        throw ContainerRules.forbidden("createDurableConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createSharedDurableConnectionConsumer(Topic topic, String subscriptionName,
                                                                    String messageSelector, ServerSessionPool sessionPool,
                                                                    int maxMessages) throws JMSException {
        throw ContainerRules.forbidden("createSharedDurableConnectionConsumer");
    }

    @Override
    public String toString() {
        return "LetterboxConnectionHandle[" + (closed ? "closed" : managed) + "]";
    }
}
