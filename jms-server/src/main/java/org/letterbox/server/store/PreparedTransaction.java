package org.letterbox.server.store;

import org.letterbox.protocol.WireXid;

import java.util.List;

/**
 * A prepared XA branch as the journal kept it: its messages (journaled, not yet on their queues) and the refs it
 * consumed (settled once it commits, returned if it rolls back). Handed back by {@link MessageStore#recover}.
 */
public record PreparedTransaction(long txId, WireXid xid, List<Send> sends, List<Consumed> consumed) {

    /** A message of the branch and the bindings it goes to on commit; {@code bytes} null: read it back by index. */
    public record Send(long sequence, long journalIndex, byte[] bytes, int[] bindingIds) {
    }

    /**
     * A ref the branch consumed: the message at {@code journalIndex} on {@code bindingId}, delivered
     * {@code deliveryCount} times so far; {@code bytes} null: read it back by index.
     */
    public record Consumed(long sequence, long journalIndex, byte[] bytes, int bindingId, int deliveryCount) {
    }
}
