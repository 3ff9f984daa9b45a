package org.letterbox.ra;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The application server's side of outbound JCA, reduced to what a pool does: match a free managed
 * connection or create one, hand out a handle, clean up and pool it on close, destroy it on error, and
 * (optionally) a container-demarcated local transaction the managed connection is enlisted in.
 */
final class TestConnectionManager implements ConnectionManager, ConnectionEventListener {

    final AtomicInteger created = new AtomicInteger();
    final AtomicInteger destroyed = new AtomicInteger();
    private final Set<ManagedConnection> free = new HashSet<>();
    private final Set<ManagedConnection> all = new HashSet<>();
    /** The managed connection enlisted in the current local transaction, or null. */
    private ManagedConnection enlisted;
    private boolean transactionActive;

    @Override
    public synchronized Object allocateConnection(ManagedConnectionFactory factory, ConnectionRequestInfo info)
            throws ResourceException {
        ManagedConnection mc = transactionActive && enlisted != null ? enlisted : factory.matchManagedConnections(free, null, info);
        if (mc == null) {
            mc = factory.createManagedConnection(null, info);
            mc.addConnectionEventListener(this);
            created.incrementAndGet();
            all.add(mc);
        }
        free.remove(mc);
        if (transactionActive && enlisted == null) {
            mc.getLocalTransaction().begin();
            enlisted = mc;
        }
        return mc.getConnection(null, info);
    }

    synchronized void begin() {
        transactionActive = true;
    }

    synchronized void commit() throws ResourceException {
        end(true);
    }

    synchronized void rollback() throws ResourceException {
        end(false);
    }

    private void end(boolean commit) throws ResourceException {
        transactionActive = false;
        ManagedConnection mc = enlisted;
        enlisted = null;
        if (mc != null) {
            if (commit) {
                mc.getLocalTransaction().commit();
            } else {
                mc.getLocalTransaction().rollback();
            }
            mc.cleanup();
            free.add(mc);
        }
    }

    synchronized int freeCount() {
        return free.size();
    }

    @Override
    public synchronized void connectionClosed(ConnectionEvent event) {
        ManagedConnection mc = (ManagedConnection) event.getSource();
        if (mc == enlisted) {
            return; // pooled again when the transaction ends
        }
        try {
            mc.cleanup();
            free.add(mc);
        } catch (ResourceException e) {
            destroy(mc);
        }
    }

    @Override
    public synchronized void connectionErrorOccurred(ConnectionEvent event) {
        destroy((ManagedConnection) event.getSource());
    }

    private void destroy(ManagedConnection mc) {
        free.remove(mc);
        all.remove(mc);
        try {
            mc.destroy();
        } catch (ResourceException ignored) {
            // already broken
        }
        destroyed.incrementAndGet();
    }

    /** Shuts the pool down, as undeploying the adapter does. */
    synchronized void destroyAll() {
        for (ManagedConnection mc : Set.copyOf(all)) {
            destroy(mc);
        }
    }

    @Override
    public void localTransactionStarted(ConnectionEvent event) {
    }

    @Override
    public void localTransactionCommitted(ConnectionEvent event) {
    }

    @Override
    public void localTransactionRolledback(ConnectionEvent event) {
    }
}
