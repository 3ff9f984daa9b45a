package org.letterbox.ra;

import org.letterbox.client.LetterboxXAResource;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * The XAResource a {@link LetterboxManagedConnection} gives its container: the managed connection's XA session's
 * resource, plus the one thing the managed connection must know, whether its XA session is associated with a branch
 * (between {@code start} and {@code end}); while it is, the application's sessions are that XA session. The container
 * keeps this object for the managed connection's whole life, so it looks up the current XA session on each call.
 */
final class ManagedXAResource implements XAResource {

    /** The managed connection's side. */
    interface Owner {
        /** The XA session's resource now (the session is created if needed). */
        LetterboxXAResource sessionResource() throws XAException;

        /** The XA session has just been associated with a branch. */
        void branchStarted();
    }

    private final Owner owner;
    private volatile boolean associated;
    /** Kept here and applied at each start: the XA session, and so its resource, may be replaced between branches. */
    private volatile int timeoutSeconds;

    ManagedXAResource(Owner owner) {
        this.owner = owner;
    }

    /** The managed connection's XA session's resource now. */
    LetterboxXAResource sessionResource() throws XAException {
        return owner.sessionResource();
    }

    /** True between a successful start and the matching end (suspend included). */
    boolean isAssociated() {
        return associated;
    }

    @Override
    public void start(Xid xid, int flags) throws XAException {
        LetterboxXAResource resource = owner.sessionResource();
        resource.setTransactionTimeout(timeoutSeconds);
        resource.start(xid, flags);
        associated = true;
        owner.branchStarted();
    }

    @Override
    public void end(Xid xid, int flags) throws XAException {
        try {
            owner.sessionResource().end(xid, flags);
        } finally {
            associated = false;
        }
    }

    @Override
    public int prepare(Xid xid) throws XAException {
        return owner.sessionResource().prepare(xid);
    }

    @Override
    public void commit(Xid xid, boolean onePhase) throws XAException {
        owner.sessionResource().commit(xid, onePhase);
    }

    @Override
    public void rollback(Xid xid) throws XAException {
        owner.sessionResource().rollback(xid);
    }

    @Override
    public Xid[] recover(int flag) throws XAException {
        return owner.sessionResource().recover(flag);
    }

    @Override
    public void forget(Xid xid) throws XAException {
        owner.sessionResource().forget(xid);
    }

    @Override
    public boolean isSameRM(XAResource other) throws XAException {
        XAResource resource = other instanceof ManagedXAResource managed ? managed.sessionResource() : other;
        return owner.sessionResource().isSameRM(resource);
    }

    @Override
    public int getTransactionTimeout() {
        return timeoutSeconds;
    }

    /** For the branches started from now on; 0 means none. Negative: XAER_INVAL. */
    @Override
    public boolean setTransactionTimeout(int seconds) throws XAException {
        owner.sessionResource().setTransactionTimeout(seconds); // validates
        timeoutSeconds = seconds;
        return true;
    }
}
