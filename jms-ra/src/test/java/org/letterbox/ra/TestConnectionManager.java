package org.letterbox.ra;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;

import javax.transaction.xa.XAException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The application server's side of outbound JCA, reduced to what a pool does: match a free managed
 * connection or create one, hand out a handle, clean up and pool it on close, destroy it on error, and
 * (optionally) a container-demarcated local transaction the managed connection is enlisted in, or (with a
 * {@link TestTransactionManager}) the global transaction of the allocating thread, which enlists the managed
 * connection's XAResource; one managed connection serves a global transaction until it completes.
 */
final class TestConnectionManager implements ConnectionManager, ConnectionEventListener {

    final AtomicInteger created = new AtomicInteger();
    final AtomicInteger destroyed = new AtomicInteger();
    private final Set<ManagedConnection> free = new HashSet<>();
    private final Set<ManagedConnection> all = new HashSet<>();
    /** The managed connection enlisted in the current local transaction, or null. */
    private ManagedConnection enlisted;
    private boolean transactionActive;
    private final TestTransactionManager transactions;
    /** Managed connections enlisted in a global transaction that has not completed yet. */
    private final Map<TestTransactionManager.Transaction, ManagedConnection> inGlobalTransaction = new HashMap<>();

    /** A pool with container-managed local transactions only ({@link #begin()}). */
    TestConnectionManager() {
        this(null);
    }

    /** A pool whose connections take part in {@code transactions}' global transactions. */
    TestConnectionManager(TestTransactionManager transactions) {
        this.transactions = transactions;
    }

    @Override
    public synchronized Object allocateConnection(ManagedConnectionFactory factory, ConnectionRequestInfo info)
            throws ResourceException {
        TestTransactionManager.Transaction global = transactions == null ? null : transactions.current();
        if (global != null) {
            return allocateInGlobalTransaction(global, factory, info);
        }
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

    private Object allocateInGlobalTransaction(TestTransactionManager.Transaction global, ManagedConnectionFactory factory,
                                               ConnectionRequestInfo info) throws ResourceException {
        ManagedConnection mc = inGlobalTransaction.get(global);
        if (mc == null) {
            mc = factory.matchManagedConnections(free, null, info);
            if (mc == null) {
                mc = factory.createManagedConnection(null, info);
                mc.addConnectionEventListener(this);
                created.incrementAndGet();
                all.add(mc);
            }
            free.remove(mc);
            try {
                transactions.enlist(mc.getXAResource());
            } catch (XAException e) {
                throw new ResourceException("cannot enlist " + mc + ": " + e.getMessage(), e);
            }
            inGlobalTransaction.put(global, mc);
            ManagedConnection enlistedMc = mc;
            transactions.afterCompletion(() -> transactionCompleted(global, enlistedMc));
        }
        return mc.getConnection(null, info);
    }

    private synchronized void transactionCompleted(TestTransactionManager.Transaction global, ManagedConnection mc) {
        inGlobalTransaction.remove(global);
        if (!all.contains(mc)) {
            return; // destroyed meanwhile
        }
        try {
            mc.cleanup();
            free.add(mc);
        } catch (ResourceException e) {
            destroy(mc);
        }
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
        if (mc == enlisted || inGlobalTransaction.containsValue(mc)) {
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
