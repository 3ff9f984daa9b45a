package org.letterbox.server.connection;

import org.letterbox.protocol.DestinationRef;
import org.letterbox.protocol.Frames;
import org.letterbox.server.destination.MemoryBudget;
import org.letterbox.server.destination.MessageQueue;
import org.letterbox.server.destination.MessageTarget;

import java.util.HashSet;
import java.util.Set;

/**
 * Producer flow control of one connection. When a send fills a destination past its memory limit (with what cannot
 * be paged), or the broker's memory budget is spent, the client is told to hold back its sends to that destination
 * (or to all) with a {@link Frames.FlowControl} notice, and told again when consumers have made room. The send that
 * filled it is accepted and answered as usual, so nothing waits for a reply: the client blocks its next send, while
 * its acknowledgements and everything else keep flowing (a connection that both produces and consumes cannot
 * deadlock itself).
 *
 * <p>A client keeps what it has in flight within its send window ({@code Frames.SendCredit}), so after a notice it
 * can still send at most a window's worth (or one message, if that is larger). One that goes on sending to a blocked
 * destination beyond that ignores the protocol: the broker stops reading its connection until the destination
 * resumes, so even such a client costs bounded memory.
 */
final class SendFlowControl {
    private final ServerConnection connection;
    private final MemoryBudget budget;
    private final long window;
    private final Set<DestinationRef> blocked = new HashSet<>();
    private int allBlockedReasons; // the budget, and queues filled by commits (which name no single destination)
    private boolean budgetBlocked;
    private long overshoot;        // bytes sent to blocked destinations since they were blocked
    private int overshootFrames;

    SendFlowControl(ServerConnection connection, MemoryBudget budget, long window) {
        this.connection = connection;
        this.budget = budget;
        this.window = window;
    }

    /**
     * A send of {@code bytes} to {@code ref} (routed to {@code target}, or held by a transaction) was accepted.
     * {@code full} is a queue it filled past its limit, or null; {@code pageable} whether the broker could have kept
     * it on disk alone.
     */
    void accepted(DestinationRef ref, MessageTarget target, MessageQueue full, boolean pageable, long bytes) {
        if (allBlockedReasons > 0 || blocked.contains(ref)) {
            overshoot += bytes;
            overshootFrames++;
            // a window's worth could have been in flight, plus a send per thread caught between gate and window
            if (overshoot > 2 * window && overshootFrames > 1) {
                connection.pauseReading(ServerConnection.READ_PAUSED_FOR_FLOW_CONTROL);
            }
        }
        if (full != null && blocked.add(ref)) { // full only counts a queue that could not page this message
            connection.write(new Frames.FlowControl(0, ref, true));
            full.whenSpace(() -> recheck(ref, target));
        }
        if (!pageable && budget.full()) {
            blockForBudget();
        }
    }

    /**
     * A commit went through: if it filled {@code full} (which destination that belongs to is not known here) every
     * send waits until it has room; if it left in memory what cannot be paged while the budget is spent, until the
     * budget has room. (A transaction's own sends are held back at its commit, not one by one.)
     */
    void committed(MessageQueue full, boolean unpageable) {
        if (full != null) {
            blockAll();
            full.whenSpace(this::unblockAll);
        }
        if (unpageable && budget.full()) {
            blockForBudget();
        }
    }

    private void blockForBudget() {
        if (!budgetBlocked) {
            budgetBlocked = true;
            blockAll();
            budget.whenSpace(() -> {
                budgetBlocked = false;
                unblockAll();
            });
        }
    }

    private void recheck(DestinationRef ref, MessageTarget target) {
        if (connection.isClosed()) {
            return;
        }
        MessageQueue still = target.fullQueue(); // a topic: another of its subscriptions may still be full
        if (still != null) {
            still.whenSpace(() -> recheck(ref, target));
            return;
        }
        blocked.remove(ref);
        connection.write(new Frames.FlowControl(0, ref, false));
        resumeIfClear();
    }

    private void blockAll() {
        if (allBlockedReasons++ == 0) {
            connection.write(new Frames.FlowControl(0, null, true));
        }
    }

    private void unblockAll() {
        if (connection.isClosed()) {
            return;
        }
        if (--allBlockedReasons == 0) {
            connection.write(new Frames.FlowControl(0, null, false));
            resumeIfClear();
        }
    }

    private void resumeIfClear() {
        if (allBlockedReasons == 0 && blocked.isEmpty()) {
            overshoot = 0;
            overshootFrames = 0;
            connection.resumeReading(ServerConnection.READ_PAUSED_FOR_FLOW_CONTROL);
        }
    }
}
