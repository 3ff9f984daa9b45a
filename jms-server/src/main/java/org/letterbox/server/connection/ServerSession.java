package org.letterbox.server.connection;

import jakarta.jms.Session;
import org.letterbox.protocol.ErrorCode;
import org.letterbox.protocol.Frames;
import org.letterbox.server.destination.BrokerException;
import org.letterbox.server.destination.MemoryBudget;
import org.letterbox.server.destination.BrokerMessage;
import org.letterbox.server.destination.MessageQueue;
import org.letterbox.server.destination.MessageTarget;
import org.letterbox.server.destination.QueueEntry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The broker side of a session: the deliveries it has not acknowledged (by tag, in delivery order) and,
 * when transacted, the sends it holds until commit. An XA session holds its sends only while it is associated with
 * a branch; at the branch's {@code end} they move there, with the deliveries the client names as consumed.
 */
final class ServerSession {
    private final int id;
    private final int ackMode;
    private final ServerConnection connection;
    private final Map<Long, Delivery> unacked = new LinkedHashMap<>();
    private final List<HeldSend> heldSends = new ArrayList<>();
    private final Set<ServerConsumer> consumers = new LinkedHashSet<>();
    private long nextTag;
    private long heldBytes;     // of the held sends: transactions together may hold only so much until they commit
    private MemoryBudget heldIn; // where heldBytes are charged
    private XaBranch branch; // an XA session's branch between XA_START and XA_END

    record HeldSend(MessageTarget target, BrokerMessage message) {
    }

    ServerSession(int id, int ackMode, ServerConnection connection) {
        this.id = id;
        this.ackMode = ackMode;
        this.connection = connection;
    }

    int id() {
        return id;
    }

    boolean transacted() {
        return ackMode == Session.SESSION_TRANSACTED;
    }

    boolean xa() {
        return ackMode == Frames.XA_SESSION;
    }

    /** Whether sends are held rather than routed: a transacted session, or an XA session inside a branch. */
    boolean holdsSends() {
        return transacted() || branch != null;
    }

    /** The XA branch this session is associated with, or null. */
    XaBranch branch() {
        return branch;
    }

    void associate(XaBranch branch) {
        this.branch = branch;
    }

    /** The held sends, which now belong to the caller (an XA branch), with their hold on their messages. */
    List<HeldSend> takeHeldSends() {
        List<HeldSend> taken = new ArrayList<>(heldSends);
        heldSends.clear();
        releaseHeldBytes();
        return taken;
    }

    /** Drops the held sends (rollback, close): their messages are let go. */
    void dropHeldSends() {
        heldSends.forEach(send -> send.message().release());
        heldSends.clear();
        releaseHeldBytes();
    }

    private void releaseHeldBytes() {
        if (heldIn != null) {
            heldIn.releaseFromTransaction(heldBytes);
        }
        heldBytes = 0;
    }

    /** The listed unacknowledged deliveries, which now belong to the caller (an XA branch); unknown tags are skipped. */
    List<HeldRef> takeDeliveries(long[] tags) {
        List<HeldRef> taken = new ArrayList<>(tags.length);
        for (long tag : tags) {
            Delivery delivery = unacked.remove(tag);
            if (delivery != null) {
                taken.add(new HeldRef(delivery.entry(), delivery.queue()));
            }
        }
        return taken;
    }

    ServerConnection connection() {
        return connection;
    }

    Set<ServerConsumer> consumers() {
        return consumers;
    }

    long track(QueueEntry entry, MessageQueue queue, ServerConsumer consumer) {
        long tag = ++nextTag;
        unacked.put(tag, new Delivery(tag, entry, queue, consumer));
        return tag;
    }

    /**
     * Holds a send until commit, charged to the broker's memory budget. Open transactions together may hold half of
     * the budget: beyond that a send is refused (its commit then rolls it back). Held sends are not held back by flow
     * control, since what would make room may be this very commit.
     */
    void hold(MessageTarget target, BrokerMessage message, MemoryBudget budget) throws BrokerException {
        long size = message.footprint();
        if (!budget.holdForTransaction(size)) {
            throw new BrokerException(ErrorCode.RESOURCE_ALLOCATION, "open transactions hold "
                    + budget.heldByTransactions() + " bytes of sends, half the broker's memory budget of "
                    + budget.limit() + " bytes: commit in smaller transactions");
        }
        heldIn = budget;
        message.hold(budget);
        heldBytes += size;
        heldSends.add(new HeldSend(target, message));
    }

    /**
     * Routes the held sends (journaled under {@code txId}) and acknowledges the consumed deliveries: the commit.
     * Returns whether a committed message can only stay in memory (cannot be paged: non-persistent, or not journaled).
     */
    boolean commit(long[] consumedTags, BrokerCore core, long txId) {
        boolean unpageable = false;
        for (HeldSend send : heldSends) {
            core.route(send.target(), send.message(), txId);
            unpageable |= core.lastRouteUnpageable();
        }
        dropHeldSends(); // routed: their queues (or the commit's wait for durability) hold them now
        acknowledge(consumedTags);
        return unpageable;
    }

    void acknowledge(long[] tags) {
        for (long tag : tags) {
            Delivery delivery = unacked.remove(tag);
            if (delivery != null) {
                delivery.queue().settle(delivery.entry());
            }
        }
    }

    /**
     * Returns every unacknowledged delivery to its queue; the consumed ones count as a delivery attempt
     * and come back flagged redelivered. Held sends are dropped. Returns the queues to dispatch again.
     */
    Set<MessageQueue> rollback(long[] consumedTags) {
        dropHeldSends();
        Set<Long> consumed = new HashSet<>(consumedTags.length * 2);
        for (long tag : consumedTags) {
            consumed.add(tag);
        }
        Set<MessageQueue> touched = returnWhere(d -> true, consumed::contains);
        consumers.forEach(ServerConsumer::resetCredit);
        return touched;
    }

    /** On consumer close: what it was sent but never handed to the application goes back, unflagged. */
    Set<MessageQueue> returnUnconsumed(ServerConsumer consumer, long lastConsumedTag) {
        return returnWhere(d -> d.consumer() == consumer && d.tag() > lastConsumedTag, tag -> false);
    }

    /** The connection was lost: whether the application saw them is unknown, so all come back flagged. */
    Set<MessageQueue> returnAllAsRedelivered() {
        dropHeldSends();
        return returnWhere(d -> true, tag -> true);
    }

    private Set<MessageQueue> returnWhere(java.util.function.Predicate<Delivery> which,
                                          java.util.function.LongPredicate flagged) {
        Set<MessageQueue> touched = new LinkedHashSet<>();
        Iterator<Delivery> it = unacked.values().iterator();
        while (it.hasNext()) {
            Delivery delivery = it.next();
            if (!which.test(delivery)) {
                continue;
            }
            it.remove();
            boolean failed = flagged.test(delivery.tag());
            if (failed) {
                delivery.entry().markRedelivered();
            }
            delivery.queue().returnEntry(delivery.entry(), failed);
            touched.add(delivery.queue());
        }
        return touched;
    }
}
