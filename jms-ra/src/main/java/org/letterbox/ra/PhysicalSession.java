package org.letterbox.ra;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Session;

/**
 * The one physical session of a managed connection, created on first use with the mode the handle asks for
 * (a different mode replaces it). Not thread-safe: a managed connection serves one thread at a time.
 */
final class PhysicalSession {

    private final Connection connection;
    private Session session;
    private int mode;

    PhysicalSession(Connection connection) {
        this.connection = connection;
    }

    /** The session in {@code sessionMode}, creating (or replacing) it as needed. */
    Session open(int sessionMode) throws JMSException {
        if (session != null && mode != sessionMode) {
            close();
        }
        if (session == null) {
            session = connection.createSession(sessionMode);
            mode = sessionMode;
        }
        return session;
    }

    boolean isTransacted() {
        return session != null && mode == Session.SESSION_TRANSACTED;
    }

    void commit() throws JMSException {
        if (isTransacted()) {
            session.commit();
        }
    }

    void rollback() throws JMSException {
        if (isTransacted()) {
            session.rollback();
        }
    }

    /** Closes the session (rolling back an open local transaction); the next {@link #open} makes a new one. */
    void close() throws JMSException {
        Session s = session;
        session = null;
        if (s != null) {
            s.close();
        }
    }
}
