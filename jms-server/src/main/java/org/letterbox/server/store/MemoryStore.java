package org.letterbox.server.store;

import org.letterbox.protocol.WireXid;
import org.letterbox.server.destination.BrokerMessage;

import java.util.UUID;

/** Keeps nothing beyond the broker's own memory: every binding is "not kept", so nothing is ever journaled. */
public final class MemoryStore implements MessageStore {
    private final String nodeId = UUID.randomUUID().toString(); // nothing survives a restart, nor does this

    @Override
    public void recover(Recovery recovery) {
    }

    @Override
    public int queueBinding(String queueName) {
        return 0;
    }

    @Override
    public int subscriptionBinding(DurableSubscriptionRecord subscription) {
        return 0;
    }

    @Override
    public void removeBinding(int bindingId) {
    }

    @Override
    public void addMessage(long txId, BrokerMessage message, int[] bindingIds) {
    }

    @Override
    public void delivered(long sequence, int bindingId, int deliveryCount) {
    }

    @Override
    public void settle(long txId, long sequence, long journalIndex, int bindingId) {
    }

    @Override
    public long newTransaction() {
        return 0;
    }

    @Override
    public void commit(long txId) {
    }

    @Override
    public void prepare(long txId, WireXid xid) {
    }

    @Override
    public void rollback(long txId) {
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public void whenDurable(Runnable task) {
        task.run();
    }

    @Override
    public String describe() {
        return "in-memory store: messages do not survive a restart";
    }

    @Override
    public void close() {
    }
}
