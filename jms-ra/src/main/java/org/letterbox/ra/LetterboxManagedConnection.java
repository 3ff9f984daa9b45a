package org.letterbox.ra;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionMetaData;
import jakarta.resource.spi.SecurityException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.security.auth.Subject;
import javax.transaction.xa.XAResource;
import java.io.PrintWriter;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One pooled physical Letterbox connection with its one session, handed to applications through
 * {@link LetterboxConnectionHandle}s.
 *
 * <p>Transactions: {@link #getLocalTransaction()} maps a container-demarcated local transaction onto the
 * session ({@link LetterboxLocalTransaction}). XA is not supported yet: {@link #getXAResource()} throws
 * {@link NotSupportedException}; once the client has an XA session it will return that session's XAResource.
 */
public final class LetterboxManagedConnection implements ManagedConnection {

    private static final Logger LOG = LoggerFactory.getLogger(LetterboxManagedConnection.class);

    private final LetterboxManagedConnectionFactory factory;
    private final LetterboxConnectionRequestInfo credentials;
    private final Connection physical;
    private final PhysicalSession session;
    private final LetterboxLocalTransaction localTransaction = new LetterboxLocalTransaction(this);
    private final ConnectionEvents events = new ConnectionEvents(this);
    private final Set<LetterboxConnectionHandle> handles = ConcurrentHashMap.newKeySet();
    private volatile boolean broken;
    private volatile boolean destroyed;
    private volatile PrintWriter logWriter;

    LetterboxManagedConnection(LetterboxManagedConnectionFactory factory, LetterboxConnectionRequestInfo credentials,
                               Connection physical) throws JMSException {
        this.factory = factory;
        this.credentials = credentials;
        this.physical = physical;
        this.session = new PhysicalSession(physical);
        physical.setExceptionListener(this::physicalConnectionFailed);
    }

    LetterboxManagedConnectionFactory factory() {
        return factory;
    }

    LetterboxConnectionRequestInfo credentials() {
        return credentials;
    }

    /** False once the physical connection failed or this was destroyed: the pool must not hand it out. */
    boolean isUsable() {
        return !broken && !destroyed;
    }

    Connection physical() {
        return physical;
    }

    private void physicalConnectionFailed(JMSException e) {
        broken = true;
        LOG.warn("Letterbox connection {} failed: {}", this, e.getMessage());
        events.errorOccurred(e);
    }

    // ------------------------------------------------------------------ handles

    @Override
    public Object getConnection(Subject subject, ConnectionRequestInfo info) throws ResourceException {
        checkUsable();
        if (!factory.credentials(subject, info).equals(credentials)) {
            throw new SecurityException("a pooled Letterbox connection cannot change its user (no re-authentication)");
        }
        LetterboxConnectionHandle handle = new LetterboxConnectionHandle(this);
        handles.add(handle);
        return handle;
    }

    @Override
    public void associateConnection(Object connection) throws ResourceException {
        checkUsable();
        if (!(connection instanceof LetterboxConnectionHandle handle)) {
            throw new ResourceException("not a Letterbox connection handle: " + connection);
        }
        handle.associate(this);
    }

    void attach(LetterboxConnectionHandle handle) {
        handles.add(handle);
    }

    void detach(LetterboxConnectionHandle handle) {
        handles.remove(handle);
    }

    /** The application closed {@code handle}: tell the container, which cleans this up and pools it. */
    void handleClosed(LetterboxConnectionHandle handle) {
        if (handles.remove(handle)) {
            events.closed(handle);
        }
    }

    // ------------------------------------------------------------------ the session

    /** The session for a handle that asked for {@code requestedMode}; transacted while a local transaction runs. */
    synchronized Session openSession(int requestedMode) throws JMSException {
        return session.open(inManagedTransaction() ? Session.SESSION_TRANSACTED : requestedMode);
    }

    /** A session handle closed: outside a container transaction its work is over, so the session goes too. */
    synchronized void closeSession() throws JMSException {
        if (!inManagedTransaction()) {
            session.close();
        }
    }

    /** True while the container's local transaction runs: the application must not commit or roll back. */
    boolean inManagedTransaction() {
        return localTransaction.isActive();
    }

    /** A session opened before the transaction is not transacted: drop it, the next use opens a transacted one. */
    synchronized void beginTransaction() throws ResourceException {
        checkUsable();
        if (!session.isTransacted()) {
            try {
                session.close();
            } catch (JMSException e) {
                throw new ResourceException("cannot close the session before the transaction: " + e.getMessage(), e);
            }
        }
    }

    synchronized void endTransaction(boolean commit) throws JMSException {
        if (commit) {
            session.commit();
        } else {
            session.rollback();
        }
    }

    // ------------------------------------------------------------------ ManagedConnection

    @Override
    public LocalTransaction getLocalTransaction() {
        return localTransaction;
    }

    /** XA arrives with the client's XA session; until then a connection definition offers LocalTransaction at most. */
    @Override
    public XAResource getXAResource() throws ResourceException {
        throw new NotSupportedException("Letterbox does not support XA transactions yet: configure the connection"
                + " definition with LocalTransaction or NoTransaction");
    }

    /** Back to the pool: handles are invalidated, the session closed (uncommitted work rolled back), delivery stopped. */
    @Override
    public synchronized void cleanup() throws ResourceException {
        for (LetterboxConnectionHandle handle : handles) {
            handle.invalidate();
        }
        handles.clear();
        localTransaction.reset();
        if (destroyed) {
            return;
        }
        try {
            session.close();
            physical.stop();
        } catch (JMSException e) {
            broken = true;
            throw new ResourceException("cannot clean up " + this + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void destroy() throws ResourceException {
        if (destroyed) {
            return;
        }
        try {
            cleanup();
        } catch (ResourceException e) {
            LOG.debug("cleanup before destroy failed", e);
        }
        destroyed = true;
        try {
            physical.close();
        } catch (JMSException e) {
            throw new ResourceException("cannot close " + this + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void addConnectionEventListener(ConnectionEventListener listener) {
        events.add(listener);
    }

    @Override
    public void removeConnectionEventListener(ConnectionEventListener listener) {
        events.remove(listener);
    }

    @Override
    public ManagedConnectionMetaData getMetaData() throws ResourceException {
        try {
            return new LetterboxConnectionMetaData(physical.getMetaData().getProviderVersion(), credentials.user());
        } catch (JMSException e) {
            throw new ResourceException(e.getMessage(), e);
        }
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    private void checkUsable() throws ResourceException {
        if (destroyed) {
            throw new jakarta.resource.spi.IllegalStateException(this + " is destroyed");
        }
        if (broken) {
            throw new jakarta.resource.spi.IllegalStateException(this + " lost its broker connection");
        }
    }

    @Override
    public String toString() {
        return "LetterboxManagedConnection@" + Integer.toHexString(System.identityHashCode(this))
                + "[user=" + credentials.user() + ", " + physical + "]";
    }
}
