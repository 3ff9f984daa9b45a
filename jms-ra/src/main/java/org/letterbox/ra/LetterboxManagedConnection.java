package org.letterbox.ra;

import jakarta.jms.JMSException;
import jakarta.jms.Session;
import jakarta.jms.XAConnection;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionMetaData;
import jakarta.resource.spi.SecurityException;
import org.letterbox.client.LetterboxXAResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.security.auth.Subject;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import java.io.PrintWriter;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One pooled physical Letterbox (XA) connection with its sessions, handed to applications through
 * {@link LetterboxConnectionHandle}s.
 *
 * <p>Transactions, whichever the connection definition is configured for: with XATransaction the container enlists
 * {@link #getXAResource()} (the XA session's resource, see {@link ManagedXAResource}) in its global transactions, and
 * while the XA session is associated with a branch the application's session is that XA session, so its sends and
 * receives commit or roll back with the transaction. With LocalTransaction, {@link #getLocalTransaction()} maps a
 * container-demarcated local transaction onto a transacted session ({@link LetterboxLocalTransaction}). Outside a
 * container transaction (and with NoTransaction) the application gets a plain session in the mode it asked for.
 */
public final class LetterboxManagedConnection implements ManagedConnection, ManagedXAResource.Owner {

    private static final Logger LOG = LoggerFactory.getLogger(LetterboxManagedConnection.class);

    private final LetterboxManagedConnectionFactory factory;
    private final LetterboxConnectionRequestInfo credentials;
    private final XAConnection physical;
    private final PhysicalSession session;
    private final LetterboxLocalTransaction localTransaction = new LetterboxLocalTransaction(this);
    private final ManagedXAResource xaResource = new ManagedXAResource(this);
    private final ConnectionEvents events = new ConnectionEvents(this);
    private final Set<LetterboxConnectionHandle> handles = ConcurrentHashMap.newKeySet();
    private volatile boolean broken;
    private volatile boolean destroyed;
    private volatile PrintWriter logWriter;

    LetterboxManagedConnection(LetterboxManagedConnectionFactory factory, LetterboxConnectionRequestInfo credentials,
                               XAConnection physical) throws JMSException {
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

    XAConnection physical() {
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

    /**
     * The session for a handle that asked for {@code requestedMode}: the XA session while it is in a global
     * transaction's branch, a transacted one while a local transaction runs, else a plain one in that mode.
     */
    synchronized Session openSession(int requestedMode) throws JMSException {
        if (xaResource.isAssociated()) {
            return session.xa();
        }
        return session.open(localTransaction.isActive() ? Session.SESSION_TRANSACTED : requestedMode);
    }

    /** A session handle closed: outside a container transaction its work is over, so the session goes too. */
    synchronized void closeSession() throws JMSException {
        if (!inManagedTransaction()) {
            session.close();
        }
    }

    /** True while a container transaction (global or local) runs: the application must not commit or roll back. */
    boolean inManagedTransaction() {
        return localTransaction.isActive() || xaResource.isAssociated();
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

    /** The XA session joined a branch: a plain session opened before is not part of it, so the next use gets the XA one. */
    @Override
    public synchronized void branchStarted() {
        try {
            session.close();
        } catch (JMSException e) {
            LOG.debug("closing the plain session of {} for a global transaction failed", this, e);
        }
    }

    @Override
    public synchronized LetterboxXAResource sessionResource() throws XAException {
        if (destroyed || broken) {
            throw XaErrors.rmFail(this + (destroyed ? " is destroyed" : " lost its broker connection"), null);
        }
        try {
            return (LetterboxXAResource) session.xa().getXAResource();
        } catch (JMSException e) {
            throw XaErrors.rmFail("cannot open the XA session of " + this + ": " + e.getMessage(), e);
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

    /** The same object for the managed connection's whole life, as containers expect. */
    @Override
    public XAResource getXAResource() {
        return xaResource;
    }

    /**
     * Back to the pool: handles are invalidated, the sessions closed (uncommitted local work rolled back; the XA
     * session only when it is in no branch, whose completion by XID needs no particular session), delivery stopped.
     */
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
            if (!xaResource.isAssociated()) {
                session.closeXa();
            }
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
