package org.letterbox.server.store;

import org.letterbox.protocol.WireXid;
import org.letterbox.server.destination.BrokerMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * A store that forwards everything to a real one but decides itself when records become durable: while held,
 * {@link #whenDurable} only collects what waits for durability (as a slow fsync would make it wait); {@link #release}
 * runs it. Lets a test see what the broker does between a write and its fsync.
 */
final class HeldDurabilityStore implements MessageStore {
    private final MessageStore real;
    private final List<Runnable> waiting = new ArrayList<>();
    private boolean held;

    HeldDurabilityStore(MessageStore real) {
        this.real = real;
    }

    /** Broker thread: from now on nothing becomes durable until {@link #release}. */
    void hold() {
        held = true;
    }

    /** Broker thread: everything written so far is durable now; returns how many tasks waited for it. */
    int release() {
        held = false;
        List<Runnable> tasks = new ArrayList<>(waiting);
        waiting.clear();
        tasks.forEach(real::whenDurable);
        return tasks.size();
    }

    @Override
    public void whenDurable(Runnable task) {
        if (held) {
            waiting.add(task);
        } else {
            real.whenDurable(task);
        }
    }

    @Override public void recover(Recovery recovery) { real.recover(recovery); }
    @Override public int queueBinding(String queueName) { return real.queueBinding(queueName); }
    @Override public int subscriptionBinding(DurableSubscriptionRecord s) { return real.subscriptionBinding(s); }
    @Override public void removeBinding(int bindingId) { real.removeBinding(bindingId); }
    @Override public void addMessage(long txId, BrokerMessage m, int[] ids) { real.addMessage(txId, m, ids); }
    @Override public boolean canPage() { return real.canPage(); }
    @Override public byte[] readMessage(long journalIndex) { return real.readMessage(journalIndex); }
    @Override public void delivered(long sequence, int bindingId, int count) { real.delivered(sequence, bindingId, count); }
    @Override public void settle(long txId, long seq, long index, int bindingId) { real.settle(txId, seq, index, bindingId); }
    @Override public long newTransaction() { return real.newTransaction(); }
    @Override public void commit(long txId) { real.commit(txId); }
    @Override public void prepare(long txId, WireXid xid) { real.prepare(txId, xid); }
    @Override public void rollback(long txId) { real.rollback(txId); }
    @Override public String nodeId() { return real.nodeId(); }
    @Override public String describe() { return "held-durability " + real.describe(); }
    @Override public void close() { real.close(); }
}
