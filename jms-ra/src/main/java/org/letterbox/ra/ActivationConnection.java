package org.letterbox.ra;

import jakarta.jms.JMSException;
import jakarta.jms.XAConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one physical connection an activation's consumers share, kept alive: {@link #acquire()} connects (retrying
 * with {@link Backoff} while the broker is unreachable), and a failure, reported by the connection's
 * ExceptionListener or by a consumer, drops it so the next {@link #acquire()} reconnects.
 */
final class ActivationConnection {

    private static final Logger LOG = LoggerFactory.getLogger(ActivationConnection.class);

    /** Opens a connection (not started); an XA one, which serves both local and XA-transacted delivery. */
    interface Opener {
        XAConnection open() throws JMSException;
    }

    private final Opener opener;
    private final Backoff backoff;
    private final String description;
    private XAConnection current;
    private boolean closed;
    private boolean failing;

    ActivationConnection(Opener opener, Backoff backoff, String description) {
        this.opener = opener;
        this.backoff = backoff;
        this.description = description;
    }

    /** The live, started connection, connecting first if needed; null once closed (or if interrupted). */
    synchronized XAConnection acquire() {
        while (!closed) {
            if (current != null) {
                return current;
            }
            try {
                XAConnection connection = opener.open();
                connection.setExceptionListener(e -> failed(connection, e));
                connection.start();
                current = connection;
                backoff.reset();
                if (failing) {
                    LOG.info("{} reconnected", description);
                    failing = false;
                }
                return connection;
            } catch (JMSException | RuntimeException e) {
                long delay = backoff.next();
                if (!failing) {
                    LOG.warn("{} cannot connect ({}); retrying with backoff", description, e.getMessage());
                    failing = true;
                } else {
                    LOG.debug("{} cannot connect; retrying in {} ms", description, delay, e);
                }
                try {
                    wait(delay);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        }
        return null;
    }

    /** True while {@code connection} is the live one (not failed, not closed). */
    synchronized boolean isCurrent(XAConnection connection) {
        return connection == current;
    }

    /** {@code connection} failed: close it; the next {@link #acquire()} reconnects. */
    void failed(XAConnection connection, Exception cause) {
        synchronized (this) {
            if (connection == current) {
                current = null;
                if (!closed) {
                    LOG.warn("{} lost its connection ({}); reconnecting", description, cause.getMessage());
                    failing = true;
                }
            }
        }
        closeQuietly(connection);
    }

    /** Closes the connection for good: consumers' receives end, {@link #acquire()} returns null. */
    void close() {
        XAConnection connection;
        synchronized (this) {
            closed = true;
            connection = current;
            current = null;
            notifyAll();
        }
        if (connection != null) {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(XAConnection connection) {
        try {
            connection.close();
        } catch (JMSException | RuntimeException e) {
            LOG.debug("closing a failed connection", e);
        }
    }
}
