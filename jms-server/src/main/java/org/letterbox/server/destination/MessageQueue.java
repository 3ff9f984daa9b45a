package org.letterbox.server.destination;

import org.letterbox.selector.Selector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Competing consumers over an ordered set of entries: a queue, or one topic subscription. Pushes each
 * ready entry to exactly one consumer, round-robin among the consumers that have credit and whose
 * selector matches. Entries with a future delivery time wait in {@code scheduled}.
 * Only the broker thread touches it, so there are no locks.
 */
public final class MessageQueue implements MessageTarget {
    private static final Comparator<QueueEntry> BY_DELIVERY_TIME = Comparator
            .comparingLong((QueueEntry e) -> e.message.deliveryTime())
            .thenComparingLong(e -> e.message.sequence());

    private final String name;
    private final Scheduler scheduler;
    private final SettleListener settleListener;
    private final ReadyEntries ready = new ReadyEntries();
    private final PriorityQueue<QueueEntry> scheduled = new PriorityQueue<>(BY_DELIVERY_TIME);
    private final List<QueueConsumer> consumers = new ArrayList<>();
    private Scheduler.Cancellable scheduledWakeUp;
    private long scheduledWakeUpTime = Long.MAX_VALUE;
    private int nextConsumer;
    private int inFlight;
    private int delayed; // failed entries waiting out their redelivery delay
    private boolean closed;
    private int bindingId;
    private DeliveryPolicy policy = DeliveryPolicy.DEFAULT;
    private DeadLetters deadLetters = DeadLetters.DROP;

    public MessageQueue(String name, Scheduler scheduler, SettleListener settleListener) {
        this.name = name;
        this.scheduler = scheduler;
        this.settleListener = settleListener;
    }

    public String name() {
        return name;
    }

    public DeliveryPolicy policy() {
        return policy;
    }

    /** Sets the redelivery/expiry policy and who moves its dead letters. */
    public void policy(DeliveryPolicy policy, DeadLetters deadLetters) {
        this.policy = policy;
        this.deadLetters = deadLetters;
    }

    /** The store binding persistent messages on this queue are journaled on; 0 if not kept. */
    public int bindingId() {
        return bindingId;
    }

    public void bindingId(int bindingId) {
        this.bindingId = bindingId;
    }

    @Override
    public void queuesFor(BrokerMessage message, List<MessageQueue> out) {
        out.add(this);
    }

    public void enqueue(QueueEntry entry) {
        if (closed) {
            settleListener.settled(entry);
            return;
        }
        if (entry.message.deliveryTime() > scheduler.now()) {
            schedule(entry);
            return;
        }
        ready.add(entry);
        dispatch();
    }

    /** Puts back an entry that was delivered but not acknowledged; it keeps its place in the order. */
    public void returnEntry(QueueEntry entry) {
        returnEntry(entry, false);
    }

    /**
     * Puts back an entry that was delivered but not acknowledged. One that failed ({@code failed}: rolled back,
     * recovered, lost with its connection) goes to the dead-letter queue after the policy's last attempt, or
     * waits the policy's redelivery delay; then it takes its original place in the order again.
     */
    public void returnEntry(QueueEntry entry, boolean failed) {
        inFlight--;
        if (closed) {
            settleListener.settled(entry);
            return;
        }
        if (failed && policy.exhausted(entry.redeliveries)) {
            deadLetters.deadLetter(entry, this, "delivery attempts exhausted: " + entry.redeliveries
                    + " of " + policy.maxDeliveryAttempts());
            return;
        }
        long delay = failed ? policy.redeliveryDelay(entry.redeliveries) : 0;
        if (delay > 0) {
            delayed++;
            scheduler.schedule(() -> {
                delayed--;
                if (closed) {
                    settleListener.settled(entry);
                    return;
                }
                ready.add(entry);
                dispatch();
            }, delay);
            return;
        }
        ready.add(entry);
    }

    /** Settles an entry that leaves without an acknowledgement (dropped, or copied to a dead-letter/expiry queue). */
    public void settleDropped(QueueEntry entry) {
        settleListener.settled(entry);
    }

    /** An acknowledged entry leaves the queue for good. */
    public void settle(QueueEntry entry) {
        inFlight--;
        settleListener.settled(entry);
    }

    public void addConsumer(QueueConsumer consumer) {
        consumers.add(consumer);
    }

    public void removeConsumer(QueueConsumer consumer) {
        consumers.remove(consumer);
    }

    public int consumerCount() {
        return consumers.size();
    }

    /** Messages waiting (ready, scheduled or in a redelivery delay), not counting those delivered and unacknowledged. */
    public int depth() {
        return ready.size() + scheduled.size() + delayed;
    }

    public int inFlight() {
        return inFlight;
    }

    /** Drops every waiting entry; later returns are dropped too. Used when a subscription goes away. */
    public void close() {
        closed = true;
        consumers.clear();
        for (QueueEntry entry : ready.removeIf(e -> true)) {
            settleListener.settled(entry);
        }
        while (!scheduled.isEmpty()) {
            settleListener.settled(scheduled.poll());
        }
        if (scheduledWakeUp != null) {
            scheduledWakeUp.cancel();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** Removes every waiting entry (admin purge); returns how many. */
    public int purge() {
        List<QueueEntry> removed = ready.removeIf(e -> true);
        removed.forEach(settleListener::settled);
        return removed.size();
    }

    /** The waiting, unexpired entries the selector matches, in delivery order. */
    public List<QueueEntry> browse(Selector selector) {
        long now = scheduler.now();
        List<QueueEntry> result = new ArrayList<>();
        for (QueueEntry entry : ready.snapshot()) {
            if (!entry.message.isExpired(now) && Selectors.matches(selector, entry)) {
                result.add(entry);
            }
        }
        return result;
    }

    /** Pushes ready entries to consumers with credit, one each in turn, until no more can go. */
    public void dispatch() {
        if (closed || ready.isEmpty() || consumers.isEmpty()) {
            return;
        }
        long now = scheduler.now();
        boolean progressed = true;
        while (progressed && !ready.isEmpty()) {
            progressed = false;
            int count = consumers.size();
            for (int i = 0; i < count && !ready.isEmpty(); i++) {
                int index = (nextConsumer + i) % count;
                QueueConsumer consumer = consumers.get(index);
                if (!consumer.hasCredit()) {
                    continue;
                }
                QueueEntry entry = pollFor(consumer, now);
                if (entry == null) {
                    continue;
                }
                inFlight++;
                settleListener.delivered(entry);
                consumer.deliver(entry, this);
                progressed = true;
                nextConsumer = (index + 1) % Math.max(1, consumers.size());
                if (consumers.size() != count) {
                    break; // a delivery closed a consumer (it cannot now, but keep the loop honest)
                }
            }
        }
    }

    private QueueEntry pollFor(QueueConsumer consumer, long now) {
        while (true) {
            QueueEntry entry = ready.pollFirst(e -> e.message.isExpired(now) || consumer.accepts(e));
            if (entry == null || !entry.message.isExpired(now)) {
                return entry;
            }
            deadLetters.expired(entry, this); // expired: never delivered
        }
    }

    private void schedule(QueueEntry entry) {
        scheduled.add(entry);
        armWakeUp();
    }

    private void armWakeUp() {
        QueueEntry first = scheduled.peek();
        if (first == null) {
            return;
        }
        long due = first.message.deliveryTime();
        if (scheduledWakeUp != null && scheduledWakeUpTime <= due) {
            return;
        }
        if (scheduledWakeUp != null) {
            scheduledWakeUp.cancel();
        }
        scheduledWakeUpTime = due;
        scheduledWakeUp = scheduler.schedule(this::releaseDue, Math.max(0, due - scheduler.now()));
    }

    private void releaseDue() {
        scheduledWakeUp = null;
        scheduledWakeUpTime = Long.MAX_VALUE;
        if (closed) {
            return;
        }
        long now = scheduler.now();
        while (!scheduled.isEmpty() && scheduled.peek().message.deliveryTime() <= now) {
            ready.add(scheduled.poll());
        }
        armWakeUp();
        dispatch();
    }

    @Override
    public String toString() {
        return "queue " + name;
    }
}
