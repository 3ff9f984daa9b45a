package org.letterbox.server.destination;

import org.letterbox.selector.Selector;

import java.util.ArrayDeque;
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
    // memory bound: bytes of the waiting (ready) messages held in memory, and what happens past the limit
    private long memoryLimit;           // 0 = unlimited
    private boolean paging;             // page journaled messages out beyond the limit (else: block producers)
    private Pager pager;                // reads a paged message back; null if this queue cannot page
    private long memoryBytes;
    private final PagedRefs paged = new PagedRefs();
    private final ArrayDeque<Runnable> spaceWaiters = new ArrayDeque<>();

    /** Reads a paged-out message back from the journal. */
    public interface Pager {
        BrokerMessage load(long journalIndex, long sequence) throws Exception;
    }

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

    /**
     * Bounds the bytes of waiting messages held in memory to {@code limitBytes} (0 = unlimited): beyond it,
     * journaled messages are paged out (with {@code policy} PAGING and a {@code pager}), or producers are blocked.
     */
    public void memory(long limitBytes, FullPolicy policy, Pager pager) {
        this.memoryLimit = Math.max(0, limitBytes);
        this.paging = policy == FullPolicy.PAGING && pager != null;
        this.pager = pager;
    }

    public long memoryLimit() {
        return memoryLimit;
    }

    /** Bytes of waiting messages held in memory. */
    public long memoryBytes() {
        return memoryBytes;
    }

    /** Messages waiting on disk only. */
    public int pagedCount() {
        return paged.size();
    }

    /** Whether producers to this queue should wait: it holds more than its memory limit. */
    public boolean full() {
        return memoryLimit > 0 && memoryBytes > memoryLimit;
    }

    /** Runs {@code task} once the queue is below its low-water mark (at once if it is). */
    public void whenSpace(Runnable task) {
        if (!full() || closed) {
            task.run();
        } else {
            spaceWaiters.add(task);
        }
    }

    private void releaseSpaceWaiters() {
        if (!spaceWaiters.isEmpty() && (closed || memoryBytes <= memoryLimit - memoryLimit / 4)) {
            while (!spaceWaiters.isEmpty()) {
                spaceWaiters.poll().run();
            }
        }
    }

    private boolean pageOut(QueueEntry entry) {
        if (!paging || memoryLimit == 0 || entry.bindingId == 0 || entry.message.journalIndex() < 0) {
            return false;
        }
        if (paged.isEmpty() && memoryBytes + entry.message.bytes().length <= memoryLimit) {
            return false;
        }
        paged.add(entry.message.journalIndex(), entry.message.sequence(), entry.redeliveries);
        return true;
    }

    /** Whether a recovered message for this queue should stay on disk (the queue is already at its limit). */
    public boolean wouldPage() {
        return paging && memoryLimit > 0 && (!paged.isEmpty() || memoryBytes >= memoryLimit);
    }

    /** Takes a recovered message that stays on disk. */
    public void enqueuePaged(long journalIndex, long sequence, int redeliveries) {
        paged.add(journalIndex, sequence, redeliveries);
    }

    private void addReady(QueueEntry entry) {
        if (ready.add(entry)) {
            memoryBytes += entry.message.bytes().length;
        }
    }

    private void leftReady(QueueEntry entry) {
        memoryBytes -= entry.message.bytes().length;
    }

    /** Reads paged messages back while there is room below the memory limit. */
    private void pageIn() {
        long now = scheduler.now();
        while (!paged.isEmpty() && memoryBytes < memoryLimit) {
            long index = paged.firstIndex();
            long sequence = paged.firstSequence();
            int redeliveries = paged.firstRedeliveries();
            paged.removeFirst();
            BrokerMessage message;
            try {
                message = pager.load(index, sequence);
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(MessageQueue.class).error("{}: paged message {} cannot be read back "
                        + "from the journal and is dropped: {}", name, sequence, e.toString());
                settleListener.settledPaged(sequence, index, bindingId);
                continue;
            }
            QueueEntry entry = new QueueEntry(message, bindingId, redeliveries);
            if (message.deliveryTime() > now) {
                schedule(entry);
            } else {
                addReady(entry);
            }
        }
    }

    private void dropPaged() {
        while (!paged.isEmpty()) {
            settleListener.settledPaged(paged.firstSequence(), paged.firstIndex(), bindingId);
            paged.removeFirst();
        }
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
        if (pageOut(entry)) {
            return;
        }
        addReady(entry);
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
                addReady(entry);
                dispatch();
            }, delay);
            return;
        }
        addReady(entry);
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

    /**
     * An acknowledged entry whose settle the store already has (a prepared XA branch journaled it under its
     * transaction) leaves for good without a second settle.
     */
    public void settleJournaled(QueueEntry entry) {
        inFlight--;
    }

    /**
     * A recovered entry that a prepared XA branch consumed before the restart: it counts as delivered and
     * unacknowledged (out of delivery) until the branch commits ({@link #settleJournaled}) or rolls back
     * ({@link #returnEntry(QueueEntry, boolean)}).
     */
    public void holdRecovered(QueueEntry entry) {
        inFlight++;
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

    /** Messages waiting (ready, paged, scheduled or in a redelivery delay), not counting those delivered and unacknowledged. */
    public int depth() {
        return ready.size() + paged.size() + scheduled.size() + delayed;
    }

    public int inFlight() {
        return inFlight;
    }

    /** Drops every waiting entry; later returns are dropped too. Used when a subscription goes away. */
    public void close() {
        closed = true;
        consumers.clear();
        for (QueueEntry entry : ready.removeIf(e -> true)) {
            leftReady(entry);
            settleListener.settled(entry);
        }
        dropPaged();
        while (!scheduled.isEmpty()) {
            settleListener.settled(scheduled.poll());
        }
        if (scheduledWakeUp != null) {
            scheduledWakeUp.cancel();
        }
        releaseSpaceWaiters();
    }

    public boolean isClosed() {
        return closed;
    }

    /** Removes every waiting entry (admin purge); returns how many. */
    public int purge() {
        List<QueueEntry> removed = ready.removeIf(e -> true);
        removed.forEach(e -> {
            leftReady(e);
            settleListener.settled(e);
        });
        int count = removed.size() + paged.size();
        dropPaged();
        releaseSpaceWaiters();
        return count;
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
        if (closed || consumers.isEmpty() || (ready.isEmpty() && paged.isEmpty())) {
            releaseSpaceWaiters();
            return;
        }
        long now = scheduler.now();
        boolean progressed = true;
        while (progressed && (!ready.isEmpty() || !paged.isEmpty())) {
            progressed = false;
            if (!paged.isEmpty() && memoryBytes < memoryLimit - memoryLimit / 4) {
                pageIn();
            }
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
            if (!progressed && ready.isEmpty() && !paged.isEmpty()) {
                pageIn(); // everything in memory went: read the next pages in
                progressed = !ready.isEmpty();
            }
        }
        releaseSpaceWaiters();
    }

    private QueueEntry pollFor(QueueConsumer consumer, long now) {
        while (true) {
            QueueEntry entry = ready.pollFirst(e -> e.message.isExpired(now) || consumer.accepts(e));
            if (entry != null) {
                leftReady(entry);
            }
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
            addReady(scheduled.poll());
        }
        armWakeUp();
        dispatch();
    }

    @Override
    public String toString() {
        return "queue " + name;
    }
}
