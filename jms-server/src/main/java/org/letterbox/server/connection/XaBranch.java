package org.letterbox.server.connection;

import org.letterbox.protocol.WireXid;
import org.letterbox.server.destination.BrokerMessage;
import org.letterbox.server.destination.MessageQueue;
import org.letterbox.server.destination.Scheduler;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One XA transaction branch at the broker: the sessions working on it now, and the work they handed it at
 * {@code end} (sends not yet routed, deliveries consumed). Once prepared its sends are resolved to their queues and
 * journaled under {@link #txId}; nothing of it is visible until commit.
 */
final class XaBranch {
    final WireXid xid;
    /** The connection that started it: an unprepared branch dies with it. Null for a branch recovered after a restart. */
    final ServerConnection owner;
    final Set<ServerSession> associated = new HashSet<>();
    int suspended;          // associations ended with TMSUSPEND, waiting for TMRESUME
    boolean rollbackOnly;   // TMFAIL, or a session closed while associated
    boolean prepared;
    boolean completed;      // committed or rolled back: only sessions still associated may hold it
    boolean timedOut;       // rolled back by its timeout: later requests for it get XA_RBTIMEOUT
    Scheduler.Cancellable timeout; // rolls it back unless it is prepared first
    long txId;              // the store transaction it was prepared under (0: nothing journaled)
    final List<ServerSession.HeldSend> sends = new ArrayList<>();
    final List<HeldRef> consumed = new ArrayList<>();
    final List<PreparedSend> preparedSends = new ArrayList<>();

    /** A send of a prepared branch: resolved (and journaled, if {@code journaled}) but not on its queues yet. */
    record PreparedSend(BrokerMessage message, MessageQueue[] queues, boolean journaled) {
    }

    XaBranch(WireXid xid, ServerConnection owner) {
        this.xid = xid;
        this.owner = owner;
    }

    /** Whether a session works on it now or will resume: then it may not be prepared, committed or rolled back. */
    boolean inUse() {
        return !associated.isEmpty() || suspended > 0;
    }

    /** Lets go of the messages of its sends (routed, or dropped with the branch). */
    void releaseSends() {
        sends.forEach(send -> send.message().release());
        sends.clear();
        preparedSends.forEach(send -> send.message().release());
        preparedSends.clear();
    }

    boolean hasWork() {
        return !sends.isEmpty() || !consumed.isEmpty() || !preparedSends.isEmpty();
    }

    @Override
    public String toString() {
        return "branch " + xid;
    }
}
