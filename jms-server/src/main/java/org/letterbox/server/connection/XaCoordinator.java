package org.letterbox.server.connection;

import org.letterbox.protocol.WireXid;
import org.letterbox.server.destination.BrokerMessage;
import org.letterbox.server.destination.MessageQueue;
import org.letterbox.server.destination.QueueEntry;
import org.letterbox.server.store.MessageStore;
import org.letterbox.server.store.PreparedTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * The broker's XA transaction branches, keyed by XID and shared by all connections (any connection may prepare,
 * commit, roll back or recover a branch). Implements the XA state rules and codes documented on the XA frames of
 * {@code org.letterbox.protocol.Frames}. Runs on the broker thread, like everything it touches.
 *
 * <p>Preparing journals the branch under one store transaction (its persistent sends with the bindings they go to,
 * resolved then, and the settles of the refs it consumed) plus a prepare record with the XID, and answers once that
 * is durable. Until commit the messages stay off their queues and the consumed refs stay in flight (neither
 * redelivered nor acknowledged); a restart rebuilds the same state from the journal ({@link #recovered}).
 */
final class XaCoordinator {
    private static final Logger LOG = LoggerFactory.getLogger(XaCoordinator.class);

    private final BrokerCore core;
    private final Map<WireXid, XaBranch> branches = new LinkedHashMap<>();
    /** Branches rolled back by their timeout, until a request for them hears so or their connection goes. */
    private final Map<WireXid, XaBranch> timedOut = new HashMap<>();

    XaCoordinator(BrokerCore core) {
        this.core = core;
    }

    // ------------------------------------------------------------------ association

    /** Associates the session with a branch; a new branch not prepared within {@code timeoutSeconds} (&gt; 0) is rolled back. */
    void start(ServerSession session, WireXid xid, int flags, int timeoutSeconds) throws XaRefusal {
        checkXid(xid);
        if (flags != XAResource.TMNOFLAGS && flags != XAResource.TMJOIN && flags != XAResource.TMRESUME) {
            throw new XaRefusal(XAException.XAER_INVAL, "start accepts TMNOFLAGS, TMJOIN or TMRESUME, not flags 0x"
                    + Integer.toHexString(flags));
        }
        if (session.branch() != null) {
            throw new XaRefusal(XAException.XAER_PROTO, "the session is already associated with " + session.branch().xid);
        }
        XaBranch branch = branches.get(xid);
        if (flags == XAResource.TMNOFLAGS) {
            if (branch != null || timedOut.containsKey(xid)) {
                throw new XaRefusal(XAException.XAER_DUPID, xid + " already exists");
            }
            branch = new XaBranch(xid, session.connection());
            branches.put(xid, branch);
            if (timeoutSeconds > 0) {
                XaBranch started = branch;
                branch.timeout = core.schedule(() -> expire(started), timeoutSeconds * 1000L);
            }
        } else {
            if (branch == null && timedOut.containsKey(xid)) {
                throw new XaRefusal(XAException.XA_RBTIMEOUT, xid + " was rolled back when its timeout expired");
            }
            if (branch == null) {
                throw new XaRefusal(XAException.XAER_NOTA, "unknown " + xid + ": nothing to "
                        + (flags == XAResource.TMJOIN ? "join" : "resume"));
            }
            if (branch.prepared) {
                throw new XaRefusal(XAException.XAER_PROTO, xid + " is prepared: no more work may join it");
            }
            if (flags == XAResource.TMRESUME && branch.suspended == 0) {
                throw new XaRefusal(XAException.XAER_PROTO, xid + " is not suspended: nothing to resume");
            }
            if (branch.rollbackOnly) {
                throw new XaRefusal(XAException.XA_RBROLLBACK, xid + " is marked rollback-only");
            }
            if (flags == XAResource.TMRESUME) {
                branch.suspended--;
            }
        }
        branch.associated.add(session);
        session.associate(branch);
    }

    /** Ends the session's association; its held sends and the consumed deliveries move into the branch. */
    void end(ServerSession session, WireXid xid, int flags, long[] consumedTags) throws XaRefusal {
        checkXid(xid);
        if (flags != XAResource.TMSUCCESS && flags != XAResource.TMFAIL && flags != XAResource.TMSUSPEND) {
            throw new XaRefusal(XAException.XAER_INVAL, "end accepts TMSUCCESS, TMFAIL or TMSUSPEND, not flags 0x"
                    + Integer.toHexString(flags));
        }
        XaBranch current = session.branch();
        if (current != null && current.completed && current.xid.equals(xid)) {
            // rolled back under this session (timed out, or its owner connection went away): its work goes back too
            session.associate(null);
            session.dropHeldSends();
            returnAll(session.takeDeliveries(consumedTags));
            throw current.timedOut
                    ? new XaRefusal(XAException.XA_RBTIMEOUT, xid + " was rolled back when its timeout expired")
                    : new XaRefusal(XAException.XA_RBROLLBACK, xid + " was rolled back: the connection that started it closed");
        }
        XaBranch branch = known(xid, false);
        if (current != branch) {
            throw new XaRefusal(XAException.XAER_PROTO, "the session is not associated with " + xid);
        }
        branch.sends.addAll(session.takeHeldSends());
        branch.consumed.addAll(session.takeDeliveries(consumedTags));
        branch.associated.remove(session);
        session.associate(null);
        if (flags == XAResource.TMFAIL) {
            branch.rollbackOnly = true;
        } else if (flags == XAResource.TMSUSPEND) {
            branch.suspended++;
        }
    }

    // ------------------------------------------------------------------ completion

    /** Prepares a branch; {@code reply} gets XA_OK once it is durable, or XA_RDONLY at once. */
    void prepare(WireXid xid, IntConsumer reply) throws XaRefusal {
        XaBranch branch = known(xid);
        if (branch.prepared) {
            throw new XaRefusal(XAException.XAER_PROTO, xid + " is already prepared");
        }
        checkEnded(branch, "prepared");
        if (branch.rollbackOnly) {
            rollBack(branch);
            throw new XaRefusal(XAException.XA_RBROLLBACK, xid + " was marked rollback-only and has been rolled back");
        }
        if (!branch.hasWork()) {
            finish(branch);
            reply.accept(XAResource.XA_RDONLY);
            return;
        }
        MessageStore store = core.store();
        long txId = store.newTransaction();
        for (ServerSession.HeldSend send : branch.sends) {
            MessageQueue[] queues = core.resolve(send.target(), send.message());
            boolean journaled = core.journal(send.message(), queues, txId);
            branch.preparedSends.add(new XaBranch.PreparedSend(send.message(), queues, journaled));
        }
        branch.sends.clear();
        for (HeldRef ref : branch.consumed) {
            QueueEntry entry = ref.entry();
            if (entry.bindingId() != 0) {
                store.settle(txId, entry.message().sequence(), entry.message().journalIndex(), entry.bindingId());
            }
        }
        store.prepare(txId, xid);
        branch.txId = txId;
        branch.prepared = true;
        cancelTimeout(branch); // prepared: only the transaction manager decides now
        store.whenDurable(() -> reply.accept(XAResource.XA_OK));
    }

    /** Commits a branch; {@code reply} runs once the outcome is durable. */
    void commit(WireXid xid, boolean onePhase, Runnable reply) throws XaRefusal {
        XaBranch branch = known(xid);
        if (onePhase) {
            if (branch.prepared) {
                throw new XaRefusal(XAException.XAER_PROTO, xid + " is prepared: commit it in two phases");
            }
            checkEnded(branch, "committed");
            if (branch.rollbackOnly) {
                rollBack(branch);
                throw new XaRefusal(XAException.XA_RBROLLBACK, xid + " was marked rollback-only and has been rolled back");
            }
            commitOnePhase(branch);
        } else {
            if (!branch.prepared) {
                throw new XaRefusal(XAException.XAER_PROTO, xid + " is not prepared: a two-phase commit needs prepare first");
            }
            commitPrepared(branch);
        }
        core.store().whenDurable(reply);
    }

    /** Like a local commit: the sends are routed and the consumed refs settled under one store transaction. */
    private void commitOnePhase(XaBranch branch) {
        finish(branch);
        long txId = core.store().newTransaction();
        core.commitJournaled(txId, () -> {
            for (ServerSession.HeldSend send : branch.sends) {
                core.route(send.target(), send.message(), txId);
            }
            for (HeldRef ref : branch.consumed) {
                ref.queue().settle(ref.entry());
            }
        });
        branch.releaseSends(); // routed: their queues (or the commit's wait for durability) hold them now
    }

    /** The commit marker makes the journaled work count; then the messages go live and the consumed refs leave. */
    private void commitPrepared(XaBranch branch) {
        finish(branch);
        core.store().commit(branch.txId);
        List<XaBranch.PreparedSend> sends = List.copyOf(branch.preparedSends);
        branch.preparedSends.clear();
        core.whenDurable(() -> { // visible only once the commit marker is durable
            for (XaBranch.PreparedSend send : sends) {
                core.enqueue(send.message(), send.queues(), send.journaled());
                send.message().release();
            }
        });
        for (HeldRef ref : branch.consumed) {
            ref.queue().settleJournaled(ref.entry());
        }
    }

    void rollback(WireXid xid) throws XaRefusal {
        XaBranch branch = known(xid);
        if (!branch.associated.isEmpty()) {
            throw new XaRefusal(XAException.XAER_PROTO, xid + " is still associated with a session: end it first");
        }
        rollBack(branch);
    }

    /** Drops the sends and returns the consumed deliveries to their queues, flagged redelivered. */
    private void rollBack(XaBranch branch) {
        finish(branch);
        if (branch.prepared) {
            core.store().rollback(branch.txId);
        }
        branch.releaseSends();
        returnAll(branch.consumed);
    }

    private void returnAll(List<HeldRef> refs) {
        Set<MessageQueue> touched = new LinkedHashSet<>();
        for (HeldRef ref : refs) {
            ref.entry().markRedelivered();
            ref.queue().returnEntry(ref.entry(), true);
            touched.add(ref.queue());
        }
        touched.forEach(MessageQueue::dispatch);
    }

    private void finish(XaBranch branch) {
        branches.remove(branch.xid);
        branch.completed = true;
        cancelTimeout(branch);
    }

    private static void cancelTimeout(XaBranch branch) {
        if (branch.timeout != null) {
            branch.timeout.cancel();
            branch.timeout = null;
        }
    }

    /** The branch's timeout expired before it was prepared: it is rolled back, and says so to later requests. */
    private void expire(XaBranch branch) {
        branch.timeout = null;
        if (branches.get(branch.xid) != branch || branch.prepared) {
            return;
        }
        LOG.debug("{} rolled back: its timeout expired before it was prepared", branch);
        rollBack(branch);
        branch.timedOut = true;
        timedOut.put(branch.xid, branch);
    }

    /** The prepared branches: all of them when a scan starts (one scan returns everything), none otherwise. */
    List<WireXid> recover(int flags) throws XaRefusal {
        int scan = XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN;
        if ((flags & ~scan) != 0) {
            throw new XaRefusal(XAException.XAER_INVAL, "recover accepts TMSTARTRSCAN, TMENDRSCAN or TMNOFLAGS, not flags 0x"
                    + Integer.toHexString(flags));
        }
        List<WireXid> xids = new ArrayList<>();
        if ((flags & XAResource.TMSTARTRSCAN) != 0) {
            for (XaBranch branch : branches.values()) {
                if (branch.prepared) {
                    xids.add(branch.xid);
                }
            }
        }
        return xids;
    }

    /** Letterbox never completes a branch heuristically, so there is never anything to forget. */
    void forget(WireXid xid) throws XaRefusal {
        known(xid);
        throw new XaRefusal(XAException.XAER_PROTO, xid + " was not completed heuristically: there is nothing to forget");
    }

    // ------------------------------------------------------------------ sessions and connections going away

    /** A session closes: a branch it is still associated with can no longer commit its work. */
    void sessionClosed(ServerSession session) {
        XaBranch branch = session.branch();
        if (branch == null) {
            return;
        }
        session.associate(null);
        branch.associated.remove(session);
        branch.rollbackOnly = true;
    }

    /** A connection closed or was lost: the unprepared branches it started are rolled back. */
    void connectionClosed(ServerConnection connection) {
        for (XaBranch branch : List.copyOf(branches.values())) {
            if (branch.owner == connection && !branch.prepared) {
                LOG.debug("{} rolled back: {} closed before it was prepared", branch, connection);
                rollBack(branch); // sessions of other connections still associated learn it at their end
            }
        }
        timedOut.values().removeIf(branch -> branch.owner == connection);
    }

    // ------------------------------------------------------------------ restart

    /** A branch the journal kept prepared: rebuilt with its messages off their queues and its consumed refs held. */
    void recovered(PreparedTransaction transaction) {
        XaBranch branch = new XaBranch(transaction.xid(), null);
        branch.prepared = true;
        branch.txId = transaction.txId();
        for (PreparedTransaction.Send send : transaction.sends()) {
            BrokerMessage message = core.recoveredMessage(send.sequence(), send.journalIndex(), send.bytes());
            MessageQueue[] queues = queuesOf(send.bindingIds());
            if (message != null && queues.length > 0) {
                message.hold(core.budget());
                branch.preparedSends.add(new XaBranch.PreparedSend(message, queues, true));
            }
        }
        for (PreparedTransaction.Consumed consumed : transaction.consumed()) {
            BrokerMessage message = core.recoveredMessage(consumed.sequence(), consumed.journalIndex(), consumed.bytes());
            MessageQueue queue = core.destinations().byBinding(consumed.bindingId());
            if (message == null || queue == null) {
                continue;
            }
            // in flight with the deliveries made so far: a rollback counts one more, as for a live branch
            QueueEntry entry = new QueueEntry(message, consumed.bindingId(), Math.max(0, consumed.deliveryCount() - 1));
            queue.holdRecovered(entry);
            branch.consumed.add(new HeldRef(entry, queue));
        }
        branches.put(branch.xid, branch);
    }

    private MessageQueue[] queuesOf(int[] bindingIds) {
        List<MessageQueue> queues = new ArrayList<>(bindingIds.length);
        for (int id : bindingIds) {
            MessageQueue queue = core.destinations().byBinding(id);
            if (queue != null) {
                queues.add(queue);
            }
        }
        return queues.toArray(new MessageQueue[0]);
    }

    // ------------------------------------------------------------------ helpers

    /** The live branch; XA_RBTIMEOUT for one its timeout rolled back (said once), XAER_NOTA if unknown. */
    private XaBranch known(WireXid xid) throws XaRefusal {
        return known(xid, true);
    }

    /** As {@link #known(WireXid)}; with {@code completes} false (end) a timed-out branch stays known for the completion. */
    private XaBranch known(WireXid xid, boolean completes) throws XaRefusal {
        checkXid(xid);
        XaBranch branch = branches.get(xid);
        if (branch == null) {
            if (completes ? timedOut.remove(xid) != null : timedOut.containsKey(xid)) {
                throw new XaRefusal(XAException.XA_RBTIMEOUT, xid + " was rolled back when its timeout expired");
            }
            throw new XaRefusal(XAException.XAER_NOTA, "unknown " + xid);
        }
        return branch;
    }

    private static void checkEnded(XaBranch branch, String what) throws XaRefusal {
        if (branch.inUse()) {
            throw new XaRefusal(XAException.XAER_PROTO, branch.xid + " cannot be " + what + " while a session is "
                    + (branch.associated.isEmpty() ? "suspended on it" : "associated with it") + ": end it first");
        }
    }

    private static void checkXid(WireXid xid) throws XaRefusal {
        if (xid == null) {
            throw new XaRefusal(XAException.XAER_INVAL, "the XID is missing");
        }
        if (!xid.isWellFormed()) {
            throw new XaRefusal(XAException.XAER_INVAL, "malformed XID " + xid + ": the global transaction id must have"
                    + " 1 to 64 bytes and the branch qualifier at most 64");
        }
    }

    /** Branches known now (prepared or not), for tests and diagnostics. */
    int size() {
        return branches.size();
    }
}
