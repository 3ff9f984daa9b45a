package org.letterbox.server.destination;

/** Moves an entry off its queue to a dead-letter or expiry queue (the broker core re-encodes and journals the copy). */
public interface DeadLetters {

    DeadLetters DROP = new DeadLetters() {
        @Override
        public void deadLetter(QueueEntry entry, MessageQueue from, String reason) {
            from.settleDropped(entry);
        }

        @Override
        public void expired(QueueEntry entry, MessageQueue from) {
            from.settleDropped(entry);
        }
    };

    /** The entry had its last delivery attempt: copy it to the policy's dead-letter queue (or drop it) and settle it. */
    void deadLetter(QueueEntry entry, MessageQueue from, String reason);

    /** The entry expired: copy it to the policy's expiry queue (or drop it) and settle it. */
    void expired(QueueEntry entry, MessageQueue from);
}
