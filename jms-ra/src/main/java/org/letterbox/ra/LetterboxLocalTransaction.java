package org.letterbox.ra;

import jakarta.jms.JMSException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.LocalTransactionException;

/**
 * A container-demarcated local transaction on one managed connection: while it is active the connection's
 * session is transacted ({@code Session.SESSION_TRANSACTED}, whatever the application asked for) and
 * commit/rollback go to that session.
 */
final class LetterboxLocalTransaction implements LocalTransaction {

    private final LetterboxManagedConnection connection;
    private volatile boolean active;

    LetterboxLocalTransaction(LetterboxManagedConnection connection) {
        this.connection = connection;
    }

    boolean isActive() {
        return active;
    }

    @Override
    public void begin() throws ResourceException {
        if (active) {
            throw new LocalTransactionException("a local transaction is already active on " + connection);
        }
        connection.beginTransaction();
        active = true;
    }

    @Override
    public void commit() throws ResourceException {
        end(true);
    }

    @Override
    public void rollback() throws ResourceException {
        end(false);
    }

    private void end(boolean commit) throws ResourceException {
        if (!active) {
            throw new LocalTransactionException("no local transaction is active on " + connection);
        }
        active = false;
        try {
            connection.endTransaction(commit);
        } catch (JMSException e) {
            throw new LocalTransactionException((commit ? "commit" : "rollback") + " failed: " + e.getMessage(), e);
        }
    }

    /** The connection is being cleaned up or destroyed: forget the transaction (its session is closed). */
    void reset() {
        active = false;
    }
}
