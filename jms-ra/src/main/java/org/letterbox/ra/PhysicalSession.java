package org.letterbox.ra;

import jakarta.jms.JMSException;
import jakarta.jms.Session;
import jakarta.jms.XAConnection;
import jakarta.jms.XASession;

/**
 * The sessions of a managed connection's physical connection, created on first use: the plain session with the mode a
 * handle asks for (a different mode replaces it), and the XA session whose XAResource the container enlists in global
 * transactions. Not thread-safe: the managed connection serializes access.
 */
final class PhysicalSession {

    private final XAConnection connection;
    private Session session;
    private int mode;
    private XASession xaSession;

    PhysicalSession(XAConnection connection) {
        this.connection = connection;
    }

    /** The plain session in {@code sessionMode}, creating (or replacing) it as needed. */
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

    /** The XA session, created on first use; it lives until {@link #closeXa()}. */
    XASession xa() throws JMSException {
        if (xaSession == null) {
            xaSession = connection.createXASession();
        }
        return xaSession;
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

    /** Closes the plain session (rolling back an open local transaction); the next {@link #open} makes a new one. */
    void close() throws JMSException {
        Session s = session;
        session = null;
        if (s != null) {
            s.close();
        }
    }

    /**
     * Closes the XA session (its consumers with it) while it is in no transaction branch; the next {@link #xa()} makes a
     * new one. Branches are the broker's, by XID: completing them needs no particular session.
     */
    void closeXa() throws JMSException {
        XASession s = xaSession;
        xaSession = null;
        if (s != null) {
            s.close();
        }
    }
}
