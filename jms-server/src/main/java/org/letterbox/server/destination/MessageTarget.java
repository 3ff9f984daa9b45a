package org.letterbox.server.destination;

/** Where a sent message can be routed: a queue (one entry) or a topic (one entry per matching subscription). */
public interface MessageTarget {

    /** Adds to {@code out} every queue this message goes onto (a queue: itself; a topic: each subscription taking it). */
    void queuesFor(BrokerMessage message, java.util.List<MessageQueue> out);

    /** One of its queues that is over its memory limit (producers to it should wait), or null. */
    MessageQueue fullQueue();

    /** Puts the message on its queues, journaling nothing (see the broker core for the journaled route). */
    default void route(BrokerMessage message) {
        java.util.List<MessageQueue> queues = new java.util.ArrayList<>(1);
        queuesFor(message, queues);
        for (MessageQueue queue : queues) {
            queue.enqueue(new QueueEntry(message));
        }
    }
}
