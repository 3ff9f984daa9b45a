package org.letterbox.client;

import jakarta.jms.JMSException;
import jakarta.jms.XAConnection;
import jakarta.jms.XAQueueConnection;
import jakarta.jms.XAQueueSession;
import jakarta.jms.XASession;
import jakarta.jms.XATopicConnection;
import jakarta.jms.XATopicSession;
import org.letterbox.protocol.Frames;

/**
 * A connection that also makes {@link LetterboxXASession XA sessions}; its ordinary sessions work as on any
 * {@link LetterboxConnection}. Obtain one with {@link #open(ConnectionConfig, String, String)}.
 */
public class LetterboxXAConnection extends LetterboxConnection
        implements XAConnection, XAQueueConnection, XATopicConnection {

    protected LetterboxXAConnection(ConnectionConfig config, ConnectionDomain domain) {
        super(config, domain);
    }

    /** Connects, says Hello, and claims the configured client ID if any (as {@link LetterboxConnection#open}). */
    public static LetterboxXAConnection open(ConnectionConfig config, String user, String password) throws JMSException {
        return open(config, ConnectionDomain.UNIFIED, user, password);
    }

    /** As {@link #open(ConnectionConfig, String, String)}, for the factory method {@code domain} names. */
    public static LetterboxXAConnection open(ConnectionConfig config, ConnectionDomain domain, String user,
                                             String password) throws JMSException {
        return open(new LetterboxXAConnection(config, domain), user, password);
    }

    @Override
    public LetterboxXASession createXASession() throws JMSException {
        return newXASession(SessionDomain.UNIFIED);
    }

    @Override
    public XAQueueSession createXAQueueSession() throws JMSException {
        return newXASession(SessionDomain.QUEUE);
    }

    @Override
    public XATopicSession createXATopicSession() throws JMSException {
        return newXASession(SessionDomain.TOPIC);
    }

    private LetterboxXASession newXASession(SessionDomain domain) throws JMSException {
        return newSession(Frames.XA_SESSION, id -> new LetterboxXASession(this, id, domain));
    }

    @Override
    public String toString() {
        return "LetterboxXAConnection[" + connectionId() + "]";
    }
}
