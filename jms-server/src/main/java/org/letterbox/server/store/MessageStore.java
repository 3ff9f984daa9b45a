package org.letterbox.server.store;

import org.letterbox.protocol.WireXid;
import org.letterbox.server.destination.BrokerMessage;
import org.letterbox.server.store.log.JournalSyncStats;

/**
 * Where the broker keeps what must survive a restart, as a log of records: bindings (queues and durable
 * subscriptions), messages with the bindings they were put on, deliveries (for redelivery counts),
 * settlements (acks, expiry, purge) and transaction commit markers.
 *
 * <p>Every method is called on the broker thread, in the order things happen; the store appends in that
 * order, so any prefix of its log is a consistent state. A message is journaled once however many
 * durable subscriptions take it: a subscription is a cursor over the log (its own refs and acks), not a copy.
 * Records written under a transaction id count only once {@link #commit} has written its marker. An XA branch
 * writes its records under a transaction id, then {@link #prepare} (the branch survives a restart from then on),
 * and later {@link #commit} or {@link #rollback}; other transactions may come in between.
 *
 * <p>Binding id 0 means "not kept" (temporary destinations, non-durable subscriptions, the memory store):
 * the broker journals nothing for entries on such a binding.
 */
public interface MessageStore extends AutoCloseable {

    /** Replays what was kept, in order, into {@code recovery}. Called once, on the broker thread, before clients connect. */
    void recover(Recovery recovery);

    /** The binding id of a named queue, journaling it on first use; 0 if this store keeps nothing. */
    int queueBinding(String queueName);

    /** Journals a new durable subscription and returns its binding id; 0 if this store keeps nothing. */
    int subscriptionBinding(DurableSubscriptionRecord subscription);

    /** A binding is gone (durable subscription unsubscribed or replaced): its remaining refs go with it. */
    void removeBinding(int bindingId);

    /**
     * Journals a persistent message once, with every binding it was put on, and sets its
     * {@link BrokerMessage#journalIndex() journal index} (where {@link #readMessage} finds it again).
     */
    void addMessage(long txId, BrokerMessage message, int[] bindingIds);

    /** Whether messages journaled here can be dropped from memory and read back ({@link #readMessage}): paging. */
    default boolean canPage() {
        return false;
    }

    /** The bytes of the message journaled at {@code journalIndex} (broker thread). */
    default byte[] readMessage(long journalIndex) {
        throw new UnsupportedOperationException("this store cannot read messages back");
    }

    /** A ref was handed to a consumer for the {@code deliveryCount}-th time (not waited for: a hint for restarts). */
    void delivered(long sequence, int bindingId, int deliveryCount);

    /** A ref left its binding for good (acknowledged, expired, purged, moved to a dead-letter queue). */
    void settle(long txId, long sequence, long journalIndex, int bindingId);

    /** A fresh transaction id for {@link #addMessage}/{@link #settle}; 0 means "no transaction". */
    long newTransaction();

    /** Writes the commit marker of a transaction (nothing if it journaled nothing and was not prepared). */
    void commit(long txId);

    /**
     * Writes the prepare record of an XA branch whose records were just written under {@code txId}: from now on the
     * branch is kept (its message refs and those it consumed stay live) until {@link #commit} or {@link #rollback}.
     */
    void prepare(long txId, WireXid xid);

    /** Writes the rollback record of a prepared branch: its messages are dropped, the refs it consumed stay live. */
    void rollback(long txId);

    /**
     * The identity of what this store keeps, sent to clients as the broker's node id: a persistent store keeps it with
     * its data, so it is the same after a restart.
     */
    String nodeId();

    /**
     * Runs {@code task} on the broker thread once everything journaled so far is as durable as the fsync
     * policy promises: at once for {@code never} and {@code always}, after the next group fsync for {@code batch}.
     */
    void whenDurable(Runnable task);

    /** Parts of the store reclaimed since start because every message in them was settled (0 if it reclaims nothing). */
    default long releasedSegments() {
        return 0;
    }

    /** What group commit has done since start ({@link JournalSyncStats#NONE} for a store without one). */
    default JournalSyncStats syncStats() {
        return JournalSyncStats.NONE;
    }

    /** Human-readable description for logs and the CLI, e.g. "chronicle store in data/journal, fsync=batch". */
    String describe();

    @Override
    void close();

    /** What {@link #recover} hands back. Bindings come before the messages on them. */
    interface Recovery {

        /** Message sequence numbers up to this one appear in the journal: new messages must come after. */
        void sequencesUsedUpTo(long sequence);

        void queue(int bindingId, String name);

        void durableSubscription(int bindingId, DurableSubscriptionRecord subscription);

        /**
         * A message still on at least one binding: {@code bindingIds[i]} holds it with {@code deliveryCounts[i]}
         * deliveries so far (0 if it was never delivered). Called in journal order. {@code bytes} is null when
         * the replay did not keep them (memory bound): read them back with {@link #readMessage} if needed.
         */
        void message(long sequence, long journalIndex, byte[] bytes, int[] bindingIds, int[] deliveryCounts);

        /**
         * An XA branch that was prepared and neither committed nor rolled back. Called after every message; the refs
         * it consumed are not among them (they stay out of delivery until the branch completes).
         */
        default void preparedTransaction(PreparedTransaction transaction) {
        }
    }
}
