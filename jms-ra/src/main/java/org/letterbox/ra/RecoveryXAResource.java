package org.letterbox.ra;

import jakarta.jms.JMSException;
import org.letterbox.client.LetterboxXAConnection;
import org.letterbox.client.LetterboxXAResource;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * What {@link LetterboxResourceAdapter#getXAResources} gives the transaction manager to recover the branches of
 * inbound deliveries: the completion calls (recover, commit, rollback, forget, prepare) for one broker. Branches are
 * the broker's, by XID, so each call opens an XA connection, makes the call and closes it: nothing stays open between
 * the manager's recovery scans, and a broker that is down is {@code XAER_RMFAIL}, to be retried. A recovery resource
 * never does work of its own: start and end are {@code XAER_PROTO}.
 */
final class RecoveryXAResource implements XAResource {

    private final BrokerSettings settings;

    RecoveryXAResource(BrokerSettings settings) {
        this.settings = settings;
    }

    BrokerSettings settings() {
        return settings;
    }

    /** One XA call on a connection of its own. */
    private interface Call<T> {
        T on(LetterboxXAResource resource) throws XAException;
    }

    private <T> T call(Call<T> call) throws XAException {
        LetterboxXAConnection connection;
        try {
            connection = settings.open(null, null, null);
        } catch (JMSException e) {
            throw XaErrors.rmFail("cannot connect to " + settings + " for recovery: " + e.getMessage(), e);
        }
        try {
            return call.on(connection.createXASession().getXAResource());
        } catch (JMSException e) {
            throw XaErrors.rmFail("cannot open an XA session on " + settings + ": " + e.getMessage(), e);
        } finally {
            try {
                connection.close();
            } catch (JMSException e) {
                // the call's outcome stands; the connection goes anyway
            }
        }
    }

    @Override
    public Xid[] recover(int flag) throws XAException {
        return call(resource -> resource.recover(flag));
    }

    @Override
    public void commit(Xid xid, boolean onePhase) throws XAException {
        call(resource -> {
            resource.commit(xid, onePhase);
            return null;
        });
    }

    @Override
    public void rollback(Xid xid) throws XAException {
        call(resource -> {
            resource.rollback(xid);
            return null;
        });
    }

    @Override
    public int prepare(Xid xid) throws XAException {
        return call(resource -> resource.prepare(xid));
    }

    @Override
    public void forget(Xid xid) throws XAException {
        call(resource -> {
            resource.forget(xid);
            return null;
        });
    }

    @Override
    public void start(Xid xid, int flags) throws XAException {
        throw XaErrors.proto("a Letterbox recovery resource only completes branches; it cannot start one");
    }

    @Override
    public void end(Xid xid, int flags) throws XAException {
        throw XaErrors.proto("a Letterbox recovery resource only completes branches; it has none to end");
    }

    /** The same broker: another recovery resource for the same settings, or a resource connected to that broker. */
    @Override
    public boolean isSameRM(XAResource other) throws XAException {
        if (other instanceof RecoveryXAResource recovery) {
            return recovery.settings.equals(settings);
        }
        XAResource resource = other instanceof ManagedXAResource managed ? managed.sessionResource() : other;
        return call(mine -> mine.isSameRM(resource));
    }

    @Override
    public int getTransactionTimeout() {
        return 0;
    }

    @Override
    public boolean setTransactionTimeout(int seconds) {
        return false; // nothing is started through this resource
    }

    @Override
    public String toString() {
        return "RecoveryXAResource[" + settings + "]";
    }
}
