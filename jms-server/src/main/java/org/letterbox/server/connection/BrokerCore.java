package org.letterbox.server.connection;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import jakarta.jms.JMSException;
import org.letterbox.jms.LetterboxDestination;
import org.letterbox.jms.message.LetterboxMessage;
import org.letterbox.jms.message.MessageCodec;
import org.letterbox.protocol.ErrorCode;
import org.letterbox.server.CriticalFailure;
import org.letterbox.server.destination.BrokerException;
import org.letterbox.server.destination.BrokerMessage;
import org.letterbox.server.destination.DeadLetters;
import org.letterbox.server.destination.Destinations;
import org.letterbox.server.destination.MemoryBudget;
import org.letterbox.server.destination.MessageQueue;
import org.letterbox.server.destination.MessageTarget;
import org.letterbox.server.destination.QueueEntry;
import org.letterbox.server.destination.Scheduler;
import org.letterbox.server.destination.SettleListener;
import org.letterbox.server.security.Authenticator;
import org.letterbox.server.store.DurableSubscriptionRecord;
import org.letterbox.server.store.MessageStore;
import org.letterbox.server.store.PreparedTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The broker's shared state, owned by its single event loop: every connection's frames are handled on
 * that loop, so destinations, subscriptions and deliveries need no locks and have no races.
 */
public final class BrokerCore implements Scheduler, DeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerCore.class);
    /** Properties a dead-letter or expiry copy carries: where it came from, why, after how many deliveries. */
    public static final String ORIGINAL_DESTINATION = "LB_ORIG_DESTINATION";
    public static final String ORIGINAL_QUEUE = "LB_ORIG_QUEUE";
    public static final String DEAD_LETTER_REASON = "LB_DLQ_REASON";
    public static final String DELIVERY_COUNT = "LB_DELIVERY_COUNT";
    public static final String ORIGINAL_EXPIRATION = "LB_ORIG_EXPIRATION";
    private final EventLoop loop;
    private final Destinations destinations;
    private final MessageStore store;
    private final Authenticator authenticator;
    private final Flusher flusher;
    private final CoreConfig config;
    private final MemoryBudget budget;
    private final Set<String> clientIds = new HashSet<>();
    private final Set<ServerConnection> connections = new HashSet<>(); // authenticated
    private final Set<ServerConnection> accepted = new java.util.LinkedHashSet<>(); // every open channel, for liveness
    private CriticalFailure critical = new CriticalFailure(CriticalFailure.Policy.STOP, () -> { });
    private final String instanceId = UUID.randomUUID().toString().substring(0, 8);
    private final XaCoordinator xa;
    private long connectionCounter;
    private long messageSequence;
    private long journalTx; // the transaction being committed right now (its settles carry it), 0 otherwise
    private final List<MessageQueue> routeScratch = new ArrayList<>();
    private MessageQueue fullTarget;
    private boolean lastRouteUnpageable; // the last routed message sits in memory on some queue: it cannot be paged
    private List<PendingDelivery> committing; // deliveries of the commit running now: they wait for its marker

    /** A routed message waiting to be put on its queues until its transaction commits durably. */
    private record PendingDelivery(BrokerMessage message, MessageQueue[] queues, boolean journaled) {
    }

    public BrokerCore(EventLoop loop, MessageStore store, Authenticator authenticator, boolean autoCreateDestinations,
                      CoreConfig config) {
        this.loop = loop;
        this.store = store;
        this.authenticator = authenticator;
        this.config = config;
        this.budget = new MemoryBudget(config.memoryBudgetBytes());
        this.flusher = new Flusher(loop);
        this.xa = new XaCoordinator(this);
        this.destinations = new Destinations(this, new SettleListener() {
            @Override
            public void settled(QueueEntry entry) {
                BrokerCore.this.settled(entry);
            }

            @Override
            public void settledPaged(long sequence, long journalIndex, int bindingId) {
                if (bindingId != 0) {
                    store.settle(journalTx, sequence, journalIndex, bindingId);
                }
            }

            @Override
            public void delivered(QueueEntry entry) {
                if (entry.bindingId() != 0) {
                    store.delivered(entry.message().sequence(), entry.bindingId(), entry.deliveryCount());
                }
            }
        }, autoCreateDestinations, store);
        destinations.budget(budget);
    }

    /** Who is told when the broker can no longer trust itself (set before clients connect). */
    public void critical(CriticalFailure critical) {
        this.critical = critical;
    }

    public CriticalFailure critical() {
        return critical;
    }

    /**
     * Starts the sweep that closes connections without a HELLO in time or silent for their TTL, and sends heartbeats
     * to idle ones, every {@code tickMillis}.
     */
    public void startLivenessSweep(long tickMillis) {
        loop.scheduleAtFixedRate(critical.guard("the connection liveness sweep", () -> {
            long now = now();
            for (ServerConnection connection : List.copyOf(accepted)) {
                connection.checkLiveness(now);
            }
        }), tickMillis, tickMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Refuses a message that could never be held: larger than the memory budget, or larger than the memory limit of a
     * queue it would have to stay in memory on (a non-persistent message cannot be paged to disk).
     */
    void checkFits(MessageTarget target, BrokerMessage message) throws BrokerException {
        long size = message.bytes().length;
        if (size <= destinations.smallestMemoryLimit() && (budget.limit() == 0 || message.footprint() <= budget.limit())) {
            return; // the common case: nothing to look at
        }
        boolean pageable = message.persistent() && store.canPage();
        if (budget.limit() > 0 && message.footprint() > budget.limit() && !pageable) {
            throw new BrokerException(ErrorCode.RESOURCE_ALLOCATION, "a non-persistent message of " + size
                    + " bytes cannot be held: the broker's memory budget is " + budget.limit() + " bytes");
        }
        if (target instanceof MessageQueue queue) {
            checkFits(queue, message);
        } else if (target instanceof org.letterbox.server.destination.TopicDestination topic) {
            for (org.letterbox.server.destination.Subscription subscription : topic.subscriptions()) {
                checkFits(subscription.queue(), message);
            }
        }
    }

    private static void checkFits(MessageQueue queue, BrokerMessage message) throws BrokerException {
        long size = message.bytes().length;
        if (queue.memoryLimit() > 0 && size > queue.memoryLimit() && !queue.canPage(message)) {
            throw new BrokerException(ErrorCode.RESOURCE_ALLOCATION, "a message of " + size + " bytes that cannot"
                    + " be paged to disk is larger than the memory limit of " + queue.memoryLimit() + " bytes of "
                    + queue.name());
        }
    }

    /** Rebuilds kept queues, durable subscriptions and their messages from the store. Broker thread, before clients. */
    public void recover() {
        store.recover(new MessageStore.Recovery() {
            @Override
            public void sequencesUsedUpTo(long sequence) {
                messageSequence = Math.max(messageSequence, sequence);
            }

            @Override
            public void queue(int bindingId, String name) {
                destinations.declareQueue(name);
            }

            @Override
            public void durableSubscription(int bindingId, DurableSubscriptionRecord subscription) {
                destinations.restoreDurable(bindingId, subscription);
            }

            @Override
            public void message(long sequence, long journalIndex, byte[] bytes, int[] bindingIds, int[] deliveryCounts) {
                BrokerMessage message = null;
                for (int i = 0; i < bindingIds.length; i++) {
                    MessageQueue queue = destinations.byBinding(bindingIds[i]);
                    if (queue == null) {
                        continue;
                    }
                    if (queue.wouldPage()) {
                        queue.enqueuePaged(journalIndex, sequence, deliveryCounts[i]); // stays on disk
                        continue;
                    }
                    if (message == null) {
                        message = recoveredMessage(sequence, journalIndex, bytes);
                        if (message == null) {
                            return;
                        }
                    }
                    queue.enqueue(new QueueEntry(message, bindingIds[i], deliveryCounts[i]));
                }
            }

            @Override
            public void preparedTransaction(PreparedTransaction transaction) {
                xa.recovered(transaction);
            }
        });
    }

    /** A journaled message read back for recovery (its bytes, or from the journal); null if it cannot be read. */
    BrokerMessage recoveredMessage(long sequence, long journalIndex, byte[] bytes) {
        try {
            BrokerMessage message = new BrokerMessage(sequence, bytes != null ? bytes : store.readMessage(journalIndex), null);
            message.journalIndex(journalIndex);
            return message;
        } catch (JMSException | RuntimeException e) {
            LOG.warn("journaled message {} cannot be read and is dropped: {}", sequence, e.toString());
            return null;
        }
    }

    /**
     * Puts a message on the queues of its target, journaling it once (under {@code txId}) when it is persistent
     * and at least one of those queues is kept. Returns whether anything was journaled.
     *
     * <p>A persistent message reaches its queues (and so a consumer) only once it is as durable as the fsync policy
     * promises, never before: a consumer must not act on a message that a power loss could still take back. Inside a
     * commit every send of the transaction waits for the commit marker to be durable. Non-persistent messages outside
     * a transaction go on at once (JMS orders messages within a delivery mode only).
     */
    boolean route(MessageTarget target, BrokerMessage message, long txId) {
        MessageQueue[] queues = resolve(target, message);
        boolean journaled = journal(message, queues, txId);
        deliverWhenDurable(message, queues, journaled);
        lastRouteUnpageable = false;
        for (MessageQueue queue : queues) {
            boolean pages = journaled && queue.canPage(message);
            lastRouteUnpageable |= !pages;
            if (queue.full() && !pages && fullTarget == null) {
                fullTarget = queue; // a queue over its limit with what it cannot page: its producers should wait
            }
        }
        return journaled;
    }

    private void deliverWhenDurable(BrokerMessage message, MessageQueue[] queues, boolean journaled) {
        if (committing != null) {
            message.hold(budget);
            committing.add(new PendingDelivery(message, queues, journaled));
        } else if (message.persistent()) {
            message.hold(budget);
            store.whenDurable(() -> {
                enqueue(message, queues, journaled);
                message.release();
            });
        } else {
            enqueue(message, queues, journaled);
        }
    }

    /** Runs {@code task} once everything journaled so far is durable (per the fsync policy). */
    void whenDurable(Runnable task) {
        store.whenDurable(task);
    }

    /** The queues a message sent to {@code target} goes onto, now (a topic: the subscriptions that take it). */
    MessageQueue[] resolve(MessageTarget target, BrokerMessage message) {
        List<MessageQueue> queues = routeScratch;
        queues.clear();
        target.queuesFor(message, queues);
        MessageQueue[] resolved = queues.toArray(new MessageQueue[0]); // enqueue may dispatch and re-enter routing
        queues.clear();
        return resolved;
    }

    /**
     * Journals a persistent message once (under {@code txId}) with those of {@code queues} that are kept; returns
     * whether it journaled anything.
     */
    boolean journal(BrokerMessage message, MessageQueue[] queues, long txId) {
        int kept = 0;
        if (message.persistent()) {
            for (MessageQueue queue : queues) {
                if (queue.bindingId() != 0) {
                    kept++;
                }
            }
        }
        if (kept == 0) {
            return false;
        }
        int[] ids = new int[kept];
        int j = 0;
        for (MessageQueue queue : queues) {
            if (queue.bindingId() != 0) {
                ids[j++] = queue.bindingId();
            }
        }
        store.addMessage(txId, message, ids);
        return true;
    }

    /** Puts a resolved message on its queues ({@code journaled}: its entries are on their store bindings). */
    void enqueue(BrokerMessage message, MessageQueue[] queues, boolean journaled) {
        for (MessageQueue queue : queues) {
            queue.enqueue(new QueueEntry(message, journaled ? queue.bindingId() : 0, 0));
        }
    }

    /** Whether the message of the last {@link #route} stays in memory on some queue (it could not be paged there). */
    boolean lastRouteUnpageable() {
        return lastRouteUnpageable;
    }

    /** A queue that went over its memory limit in the routes since the last call (its producer should wait), or null. */
    MessageQueue takeFullTarget() {
        MessageQueue full = fullTarget;
        fullTarget = null;
        return full;
    }

    @Override
    public void deadLetter(QueueEntry entry, MessageQueue from, String reason) {
        move(entry, from, from.policy().deadLetterQueue(), reason, false);
    }

    @Override
    public void expired(QueueEntry entry, MessageQueue from) {
        move(entry, from, from.policy().expiryQueue(), "expired", true);
    }

    /**
     * Copies the entry's message, with properties saying where it came from and why, to {@code toQueue} and
     * settles the original; journaled as one transaction, so a crash leaves either the original or the copy.
     * Without a target queue (or if the message cannot be re-encoded) the entry is dropped.
     */
    private void move(QueueEntry entry, MessageQueue from, String toQueue, String reason, boolean expired) {
        byte[] copy = null;
        if (toQueue != null && !toQueue.equals(from.name())) {
            try {
                LetterboxMessage message = MessageCodec.decode(entry.message().bytes());
                LetterboxDestination original = message.getJMSDestination();
                message.setStringProperty(ORIGINAL_DESTINATION, original == null ? from.name() : original.getPhysicalName());
                message.setStringProperty(ORIGINAL_QUEUE, from.name());
                message.setStringProperty(DEAD_LETTER_REASON, reason);
                message.setIntProperty(DELIVERY_COUNT, entry.deliveryCount() - 1); // deliveries made so far
                if (expired) {
                    message.setLongProperty(ORIGINAL_EXPIRATION, message.getJMSExpiration());
                    message.setJMSExpiration(0); // or it would expire again at once
                }
                copy = MessageCodec.encode(message);
            } catch (JMSException | RuntimeException e) {
                LOG.warn("{}: message {} cannot be copied to {} and is dropped ({}): {}", from.name(),
                        entry.message().sequence(), toQueue, reason, e.toString());
            }
        }
        if (copy == null) {
            if (toQueue == null) {
                LOG.debug("{}: message {} dropped: {}", from.name(), entry.message().sequence(), reason);
            }
            from.settleDropped(entry);
            return;
        }
        byte[] bytes = copy;
        Runnable work = () -> {
            try {
                route(destinations.declareQueue(toQueue), new BrokerMessage(nextMessageSequence(), bytes, null), journalTx);
            } catch (JMSException e) {
                LOG.warn("{}: copy of message {} is unreadable and dropped: {}", from.name(), entry.message().sequence(), e.toString());
            }
            from.settleDropped(entry);
        };
        if (journalTx != 0) {
            work.run(); // already inside a journaled transaction
        } else {
            commitJournaled(store.newTransaction(), work);
        }
    }

    /**
     * Runs a commit: settles made meanwhile carry the transaction id; then writes its marker. The messages it routed
     * reach their queues once the marker is durable.
     */
    void commitJournaled(long txId, Runnable work) {
        if (txId == 0) {
            work.run();
            return;
        }
        journalTx = txId;
        List<PendingDelivery> deliveries = new ArrayList<>();
        committing = deliveries;
        try {
            work.run();
        } finally {
            journalTx = 0;
            committing = null;
        }
        store.commit(txId);
        if (!deliveries.isEmpty()) {
            store.whenDurable(() -> {
                for (PendingDelivery d : deliveries) {
                    enqueue(d.message(), d.queues(), d.journaled());
                    d.message().release();
                }
            });
        }
    }

    public EventLoop loop() {
        return loop;
    }

    public Destinations destinations() {
        return destinations;
    }

    MessageStore store() {
        return store;
    }

    /** The broker-wide XA branches. */
    XaCoordinator xa() {
        return xa;
    }

    /** The broker's identity for XA isSameRM: its store's node id (kept across restarts by a persistent store). */
    String nodeId() {
        return store.nodeId();
    }

    Authenticator authenticator() {
        return authenticator;
    }

    Flusher flusher() {
        return flusher;
    }

    int maxFrameSize() {
        return config.maxFrameSize();
    }

    CoreConfig config() {
        return config;
    }

    /** The broker-wide memory budget of messages. */
    public MemoryBudget budget() {
        return budget;
    }

    /** Unique across broker restarts too, since it prefixes message IDs. */
    String newConnectionId() {
        return instanceId + "-" + (++connectionCounter);
    }

    long nextMessageSequence() {
        return ++messageSequence;
    }

    boolean claimClientId(String clientId) {
        return clientIds.add(clientId);
    }

    void releaseClientId(String clientId) {
        clientIds.remove(clientId);
    }

    /** A channel was accepted (before its HELLO). */
    void accepted(ServerConnection connection) {
        accepted.add(connection);
    }

    /** A connection completed its HELLO. */
    void opened(ServerConnection connection) {
        connections.add(connection);
    }

    void closed(ServerConnection connection) {
        connections.remove(connection);
        accepted.remove(connection);
    }

    public int connectionCount() {
        return connections.size();
    }

    /** Output written to every open channel and not yet taken by its socket. */
    public long pendingOutputBytes() {
        long total = 0;
        for (ServerConnection connection : accepted) {
            total += connection.pendingOutputBytes();
        }
        return total;
    }

    public int openBrowseCursors() {
        return connections.stream().mapToInt(ServerConnection::openBrowseCursors).sum();
    }

    private void settled(QueueEntry entry) {
        if (entry.bindingId() != 0) {
            store.settle(journalTx, entry.message().sequence(), entry.message().journalIndex(), entry.bindingId());
        }
    }

    @Override
    public Cancellable schedule(Runnable task, long delayMillis) {
        ScheduledFuture<?> future = loop.schedule(critical.guard("a broker timer", task), delayMillis, TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public long now() {
        return System.currentTimeMillis();
    }
}
