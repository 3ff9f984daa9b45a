package org.letterbox.ra;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicConnectionFactory;
import jakarta.resource.Referenceable;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import org.letterbox.client.context.LetterboxJMSContext;

import javax.naming.Reference;
import java.io.Serializable;

/**
 * The connection factory applications look up (or inject with {@code @Resource}): every connection and
 * {@link JMSContext} it makes is a handle over a managed connection from the container's pool
 * ({@link ConnectionManager#allocateConnection}). One class serves all three connection definitions.
 */
public class LetterboxRaConnectionFactory
        implements ConnectionFactory, QueueConnectionFactory, TopicConnectionFactory, Referenceable, Serializable {

    private static final long serialVersionUID = 1L;

    private final LetterboxManagedConnectionFactory managedFactory;
    private final ConnectionManager connectionManager;
    private Reference reference;

    LetterboxRaConnectionFactory(LetterboxManagedConnectionFactory managedFactory, ConnectionManager connectionManager) {
        this.managedFactory = managedFactory;
        this.connectionManager = connectionManager;
    }

    /** The managed connection factory behind this one (its settings are the connections' settings). */
    LetterboxManagedConnectionFactory managedFactory() {
        return managedFactory;
    }

    private LetterboxConnectionHandle allocate(String user, String password) throws JMSException {
        try {
            return (LetterboxConnectionHandle) connectionManager.allocateConnection(managedFactory,
                    new LetterboxConnectionRequestInfo(user, password));
        } catch (ResourceException e) {
            JMSException jms = new JMSException("cannot get a pooled Letterbox connection: " + e.getMessage());
            jms.setLinkedException(e);
            jms.initCause(e);
            throw jms;
        }
    }

    // ------------------------------------------------------------------ classic API

    @Override
    public Connection createConnection() throws JMSException {
        return allocate(null, null);
    }

    @Override
    public Connection createConnection(String userName, String password) throws JMSException {
        return allocate(userName, password);
    }

    @Override
    public QueueConnection createQueueConnection() throws JMSException {
        return allocate(null, null);
    }

    @Override
    public QueueConnection createQueueConnection(String userName, String password) throws JMSException {
        return allocate(userName, password);
    }

    @Override
    public TopicConnection createTopicConnection() throws JMSException {
        return allocate(null, null);
    }

    @Override
    public TopicConnection createTopicConnection(String userName, String password) throws JMSException {
        return allocate(userName, password);
    }

    // ------------------------------------------------------------------ simplified API: a context owns one handle

    @Override
    public JMSContext createContext() {
        return LetterboxJMSContext.create(() -> allocate(null, null), JMSContext.AUTO_ACKNOWLEDGE);
    }

    @Override
    public JMSContext createContext(String userName, String password) {
        return LetterboxJMSContext.create(() -> allocate(userName, password), JMSContext.AUTO_ACKNOWLEDGE);
    }

    @Override
    public JMSContext createContext(String userName, String password, int sessionMode) {
        return LetterboxJMSContext.create(() -> allocate(userName, password), sessionMode);
    }

    @Override
    public JMSContext createContext(int sessionMode) {
        return LetterboxJMSContext.create(() -> allocate(null, null), sessionMode);
    }

    // ------------------------------------------------------------------ JNDI

    @Override
    public void setReference(Reference reference) {
        this.reference = reference;
    }

    @Override
    public Reference getReference() {
        return reference;
    }

    @Override
    public String toString() {
        return "LetterboxRaConnectionFactory[" + managedFactory + "]";
    }
}
