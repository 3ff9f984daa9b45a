package org.letterbox.server.destination;

import org.letterbox.selector.Selector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final Logger LOG = LoggerFactory.getLogger(MessageQueue.class);
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
    private MemoryBudget budget = MemoryBudget.unlimited(); // broker-wide: charged for every entry held in memory
    private boolean waitingForBudget;   // paging in stopped for the budget: dispatch again once it has room

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

    /** Charges what this queue keeps in memory to the broker-wide {@code budget} (pages out once it is full). */
    public void budget(MemoryBudget budget) {
        this.budget = budget;
    }

    public long memoryLimit() {
        return memoryLimit;
    }

    /** Whether this queue would keep {@code message} on disk alone when it is full: a persistent message, journaled. */
    public boolean canPage(BrokerMessage message) {
        return paging && bindingId != 0 && message.persistent();
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

    /**
     * Keeps a journaled entry on disk only when this queue is over its own limit or the broker's budget is spent (and
     * behind any already paged, so arrival order holds).
     */
    private boolean pageOut(QueueEntry entry) {
        if (!paging || entry.bindingId == 0 || entry.message.journalIndex() < 0) {
            return false;
        }
        long size = entry.message.bytes().length;
        if (paged.isEmpty() && (memoryLimit == 0 || memoryBytes + size <= memoryLimit)
                && budget.hasRoomFor(entry.message.footprint() + MemoryBudget.ENTRY_BYTES)) {
            return false;
        }
        addPaged(entry.message.journalIndex(), entry.message.sequence(), entry.redeliveries);
        return true;
    }

    /** Whether a recovered message for this queue should stay on disk (the queue or the budget is already full). */
    public boolean wouldPage() {
        return paging && (!paged.isEmpty() || (memoryLimit > 0 && memoryBytes >= memoryLimit) || budget.full());
    }

    /** Takes a recovered message that stays on disk. */
    public void enqueuePaged(long journalIndex, long sequence, int redeliveries) {
        addPaged(journalIndex, sequence, redeliveries);
    }

    private void addPaged(long journalIndex, long sequence, int redeliveries) {
        paged.add(journalIndex, sequence, redeliveries);
        budget.charge(MemoryBudget.PAGED_REF_BYTES);
    }

    private void removeFirstPaged() {
        paged.removeFirst();
        budget.release(MemoryBudget.PAGED_REF_BYTES);
    }

    /** An entry is kept in memory from now on (ready, scheduled, waiting out a delay, or delivered): charge it. */
    private void admit(QueueEntry entry) {
        entry.message.hold(budget);
        budget.charge(MemoryBudget.ENTRY_BYTES);
    }

    /** An admitted entry leaves memory for good. */
    private void discharge(QueueEntry entry) {
        budget.release(MemoryBudget.ENTRY_BYTES);
        entry.message.release();
    }

    /** An admitted entry leaves the queue for good. */
    private void settleAdmitted(QueueEntry entry) {
        settleListener.settled(entry);
        discharge(entry);
    }

    private boolean belowLimit() {
        return memoryLimit == 0 || memoryBytes < memoryLimit;
    }

    private boolean belowLowWater() {
        return memoryLimit == 0 || memoryBytes < memoryLimit - memoryLimit / 4;
    }

    private void addReady(QueueEntry entry) {
        if (ready.add(entry)) {
            memoryBytes += entry.message.bytes().length;
        }
    }

    private void leftReady(QueueEntry entry) {
        memoryBytes -= entry.message.bytes().length;
    }

    /**
     * Reads paged messages back while there is room below this queue's limit and the broker's budget. With the budget
     * spent, a queue with nothing ready in memory still reads one message back per call, so its consumers never starve
     * behind other queues' idle messages (what that costs is bounded by their windows); otherwise it dispatches again
     * once the budget has room.
     */
    private void pageIn() {
        long now = scheduler.now();
        boolean oneOverBudget = false;
        while (!paged.isEmpty() && belowLimit()) {
            if (budget.full()) {
                if (!ready.isEmpty() || oneOverBudget) {
                    awaitBudget();
                    return;
                }
                oneOverBudget = true;
            }
            long index = paged.firstIndex();
            long sequence = paged.firstSequence();
            int redeliveries = paged.firstRedeliveries();
            removeFirstPaged();
            BrokerMessage message;
            try {
                message = pager.load(index, sequence);
            } catch (Exception e) {
                LOG.error("{}: paged message {} cannot be read back "
                        + "from the journal and is dropped: {}", name, sequence, e.toString());
                settleListener.settledPaged(sequence, index, bindingId);
                continue;
            }
            QueueEntry entry = new QueueEntry(message, bindingId, redeliveries);
            admit(entry);
            if (message.deliveryTime() > now) {
                schedule(entry);
            } else {
                addReady(entry);
            }
        }
    }

    private void awaitBudget() {
        if (!waitingForBudget) {
            waitingForBudget = true;
            budget.whenSpace(() -> {
                waitingForBudget = false;
                dispatch();
            });
        }
    }

    private void dropPaged() {
        while (!paged.isEmpty()) {
            settleListener.settledPaged(paged.firstSequence(), paged.firstIndex(), bindingId);
            removeFirstPaged();
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

    @Override
    public MessageQueue fullQueue() {
        return full() ? this : null;
    }

    public void enqueue(QueueEntry entry) {
        if (closed) {
            settleListener.settled(entry);
            return;
        }
        if (entry.message.deliveryTime() > scheduler.now()) {
            admit(entry);
            schedule(entry);
            return;
        }
        if (pageOut(entry)) {
            dispatch(); // paged for the budget, it may be all there is: a waiting consumer reads it back
            return;
        }
        admit(entry);
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
            settleAdmitted(entry);
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
                    settleAdmitted(entry);
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
        settleAdmitted(entry);
    }

    /** An acknowledged entry leaves the queue for good. */
    public void settle(QueueEntry entry) {
        inFlight--;
        settleAdmitted(entry);
    }

    /**
     * An acknowledged entry whose settle the store already has (a prepared XA branch journaled it under its
     * transaction) leaves for good without a second settle.
     */
    public void settleJournaled(QueueEntry entry) {
        inFlight--;
        discharge(entry);
    }

    /**
     * A recovered entry that a prepared XA branch consumed before the restart: it counts as delivered and
     * unacknowledged (out of delivery) until the branch commits ({@link #settleJournaled}) or rolls back
     * ({@link #returnEntry(QueueEntry, boolean)}).
     */
    public void holdRecovered(QueueEntry entry) {
        inFlight++;
        admit(entry);
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
            settleAdmitted(entry);
        }
        dropPaged();
        while (!scheduled.isEmpty()) {
            settleAdmitted(scheduled.poll());
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
            settleAdmitted(e);
        });
        int count = removed.size() + paged.size();
        dropPaged();
        releaseSpaceWaiters();
        return count;
    }

    /**
     * What a browser with this selector sees, in queue order: the waiting, unexpired entries in memory that match,
     * in delivery order, then those paged out, in arrival order (of these only the refs are taken now; each is
     * read back and matched when the browser reaches it).
     */
    public BrowseSnapshot browse(Selector selector) {
        long now = scheduler.now();
        List<QueueEntry> waiting = ready.snapshot();
        long[] inMemory = new long[waiting.size()];
        int matching = 0;
        for (QueueEntry entry : waiting) {
            if (!entry.message.isExpired(now) && Selectors.matches(selector, entry)) {
                inMemory[matching++] = entry.message.sequence();
            }
        }
        return new BrowseSnapshot(this, selector, java.util.Arrays.copyOf(inMemory, matching), paged.firstPosition(),
                paged.copySequences());
    }

    /** The entry of this message if it still waits in memory on this queue, else null. */
    QueueEntry readyEntry(long sequence) {
        return ready.get(sequence);
    }

    /**
     * The entry of a message that was paged out at {@code position} when a browser opened, if it still waits on
     * this queue: read back from the journal while it is paged out, its entry in memory once it was paged in. Null
     * once it left (delivered, settled, purged, dropped with the queue): the journal file of such a ref may have
     * been reclaimed, so it is never read. Null too, with a warning, if the journal cannot give it back.
     */
    QueueEntry pagedEntry(long position, long sequence) {
        if (!paged.holds(position, sequence)) {
            return ready.get(sequence);
        }
        try {
            BrokerMessage message = pager.load(paged.indexAt(position), sequence);
            return new QueueEntry(message, bindingId, paged.redeliveriesAt(position));
        } catch (Exception e) {
            LOG.warn("{}: paged message {} cannot be read back for a browser and is skipped: {}", name, sequence,
                    e.toString());
            return null;
        }
    }

    /** Whether a message could be delivered now: not expired, its delivery time reached. */
    boolean deliverableNow(BrokerMessage message) {
        long now = scheduler.now();
        return !message.isExpired(now) && message.deliveryTime() <= now;
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
            if (!paged.isEmpty() && belowLowWater()) {
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
            QueueEntry entry = ready.pollFirst(e -> e.message.isExpired(now) || consumer.accepts(e)
                    || e.message.undecodable() != null);
            if (entry == null) {
                return null;
            }
            leftReady(entry);
            if (entry.message.isExpired(now)) {
                deadLetters.expired(entry, this); // expired: never delivered
            } else if (entry.message.undecodable() != null) {
                // a selector could not read it: no selector ever will, so it goes (once) instead of being tried again
                deadLetters.deadLetter(entry, this, "cannot be decoded for a selector: "
                        + entry.message.undecodable().getMessage());
            } else {
                return entry;
            }
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
