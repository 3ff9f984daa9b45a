package org.letterbox.server.destination;

/**
 * Told when an entry leaves a queue for good (acknowledged, expired, or dropped with its queue) and, for the
 * journal's redelivery counts, each time one is handed to a consumer.
 */
public interface SettleListener {

    SettleListener NONE = entry -> {
    };

    void settled(QueueEntry entry);

    default void delivered(QueueEntry entry) {
    }

    /** A paged-out message (on disk only) left its queue for good: dropped with its queue, or purged. */
    default void settledPaged(long sequence, long journalIndex, int bindingId) {
    }
}
