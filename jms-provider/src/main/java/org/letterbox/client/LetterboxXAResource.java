package org.letterbox.client;

import jakarta.jms.JMSException;
import org.letterbox.protocol.Frame;
import org.letterbox.protocol.Frames;
import org.letterbox.protocol.WireXid;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/**
 * The {@link XAResource} of one {@link LetterboxXASession}. {@code start}/{@code end} associate that session with a
 * branch; {@code prepare}, {@code commit}, {@code rollback}, {@code recover} and {@code forget} act on the broker's
 * branches by XID, whichever connection started them. The broker decides every outcome (see
 * {@code org.letterbox.protocol.Frames}); its XA code comes back as an {@link XAException} with that
 * {@link XAException#errorCode}. A lost or closed connection is {@link XAException#XAER_RMFAIL}.
 *
 * <p>{@link #isSameRM} is true for resources connected to the same broker (the same node id, which survives
 * restarts), so a transaction manager may complete any branch through either. A transaction timeout set with
 * {@link #setTransactionTimeout} applies to the branches this resource starts afterwards: one not prepared in time is
 * rolled back by the broker, and later calls for it get {@link XAException#XA_RBTIMEOUT}.
 */
public final class LetterboxXAResource implements XAResource {

    private final LetterboxXASession session;
    private volatile int timeoutSeconds; // 0: none (the transaction manager's own)

    LetterboxXAResource(LetterboxXASession session) {
        this.session = session;
    }

    /** The node id of the broker this resource talks to. */
    public String brokerNodeId() {
        return session.connection().brokerNodeId();
    }

    // ------------------------------------------------------------------ association

    @Override
    public void start(Xid xid, int flags) throws XAException {
        WireXid id = checked(xid);
        checkSessionOpen();
        int sessionId = session.sessionId();
        session.deliveryLock.lock(); // a listener in progress finishes first (or is this thread: reentrant)
        try {
            int timeout = timeoutSeconds;
            call(rid -> new Frames.XaStart(rid, sessionId, id, flags, timeout));
            session.enterBranch();
        } finally {
            session.deliveryLock.unlock();
        }
    }

    @Override
    public void end(Xid xid, int flags) throws XAException {
        WireXid id = checked(xid);
        checkSessionOpen();
        int sessionId = session.sessionId();
        session.completions().awaitAll(); // async sends of the branch reach the broker first
        session.deliveryLock.lock();
        try {
            JMSException sendFailure = null;
            if (session.transactionOpen()) {
                try {
                    sendFailure = session.transactedSends().awaitAll();
                } catch (JMSException e) {
                    throw failure(XAException.XAER_RMFAIL, "waiting for the branch's sends failed", e);
                }
            }
            // a refused send: the branch must not commit without it
            int endFlags = sendFailure != null && flags != TMFAIL ? TMFAIL : flags;
            long[] tags = session.transactionOpen() ? session.acknowledgements().drainConsumed() : new long[0];
            try {
                call(rid -> new Frames.XaEnd(rid, sessionId, id, endFlags, tags));
            } catch (XAException e) {
                session.acknowledgements().restoreConsumed(tags); // the broker took nothing
                throw e;
            }
            session.leaveBranch();
            if (sendFailure != null) {
                throw failure(XAException.XA_RBROLLBACK, "the branch is rollback-only because a send in it failed: "
                        + sendFailure.getMessage(), sendFailure);
            }
        } finally {
            session.deliveryLock.unlock();
        }
    }

    // ------------------------------------------------------------------ completion

    @Override
    public int prepare(Xid xid) throws XAException {
        WireXid id = checked(xid);
        return call(rid -> new Frames.XaPrepare(rid, id));
    }

    @Override
    public void commit(Xid xid, boolean onePhase) throws XAException {
        WireXid id = checked(xid);
        call(rid -> new Frames.XaCommit(rid, id, onePhase));
    }

    @Override
    public void rollback(Xid xid) throws XAException {
        WireXid id = checked(xid);
        call(rid -> new Frames.XaRollback(rid, id));
    }

    @Override
    public Xid[] recover(int flag) throws XAException {
        Frame reply = request(rid -> new Frames.XaRecover(rid, flag));
        if (reply instanceof Frames.XaRecovered recovered) {
            return recovered.xids().toArray(new Xid[0]);
        }
        resultOf(reply);
        throw failure(XAException.XAER_RMERR, "the broker answered recover with " + reply, null);
    }

    @Override
    public void forget(Xid xid) throws XAException {
        WireXid id = checked(xid);
        call(rid -> new Frames.XaForget(rid, id));
    }

    // ------------------------------------------------------------------ identity and timeouts

    @Override
    public boolean isSameRM(XAResource other) throws XAException {
        if (!(other instanceof LetterboxXAResource resource)) {
            return false;
        }
        String mine = brokerNodeId();
        return mine != null && mine.equals(resource.brokerNodeId());
    }

    @Override
    public int getTransactionTimeout() {
        return timeoutSeconds;
    }

    /** Sets the timeout for branches started from now on; 0 means none. */
    @Override
    public boolean setTransactionTimeout(int seconds) throws XAException {
        if (seconds < 0) {
            throw failure(XAException.XAER_INVAL, "a transaction timeout must not be negative: " + seconds, null);
        }
        timeoutSeconds = seconds;
        return true;
    }

    // ------------------------------------------------------------------ plumbing

    /** The XID as a value; XAER_INVAL for null or one whose parts break the XA size limits. */
    private static WireXid checked(Xid xid) throws XAException {
        WireXid id = WireXid.of(xid);
        if (id == null) {
            throw failure(XAException.XAER_INVAL, "the XID is null or incomplete", null);
        }
        if (!id.isWellFormed()) {
            throw failure(XAException.XAER_INVAL, "malformed XID " + id + ": the global transaction id must have 1 to "
                    + Xid.MAXGTRIDSIZE + " bytes and the branch qualifier at most " + Xid.MAXBQUALSIZE, null);
        }
        return id;
    }

    private void checkSessionOpen() throws XAException {
        if (session.isClosed()) {
            throw failure(XAException.XAER_RMFAIL, "the XA session is closed", null);
        }
    }

    /** Sends an XA request and returns its XA_OK/XA_RDONLY, or throws the broker's XA error. */
    private int call(IntFunction<Frame> request) throws XAException {
        return resultOf(request(request));
    }

    private Frame request(IntFunction<Frame> request) throws XAException {
        ClientChannel channel = session.channel();
        if (session.connection().isClosed() || channel.failure() != null) {
            throw failure(XAException.XAER_RMFAIL, "the connection to the broker is closed", channel.failure());
        }
        CompletableFuture<Frame> reply = channel.request(request);
        try {
            return ClientChannel.await(reply);
        } catch (JMSException e) {
            boolean lost = channel.failure() != null || session.connection().isClosed();
            throw failure(lost ? XAException.XAER_RMFAIL : XAException.XAER_RMERR,
                    (lost ? "the connection to the broker failed: " : "the broker refused the request: ") + e.getMessage(), e);
        }
    }

    private static int resultOf(Frame reply) throws XAException {
        if (!(reply instanceof Frames.XaResult result)) {
            throw failure(XAException.XAER_RMERR, "unexpected reply from the broker: " + reply, null);
        }
        int code = result.code();
        if (code == XA_OK || code == XA_RDONLY) {
            return code;
        }
        throw failure(code, result.message(), null);
    }

    /** {@code new XAException(code)} with a message naming the code and why. */
    static XAException failure(int code, String why, Throwable cause) {
        XAException e = new XAException(XaCodes.name(code) + (why == null || why.isEmpty() ? "" : ": " + why));
        e.errorCode = code;
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }

    @Override
    public String toString() {
        return "LetterboxXAResource[" + session + ", broker " + brokerNodeId() + "]";
    }
}
