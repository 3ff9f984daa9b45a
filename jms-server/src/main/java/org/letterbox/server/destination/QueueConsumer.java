package org.letterbox.server.destination;

/** What a {@link MessageQueue} needs of a consumer to push to it. */
public interface QueueConsumer {

    /** Whether the consumer's window has room for another message now. */
    boolean hasCredit();

    /** Whether the consumer's selector (if any) takes this entry. */
    boolean accepts(QueueEntry entry);

    /** Hands the entry over: the consumer records it as unacknowledged and writes it out. */
    void deliver(QueueEntry entry, MessageQueue from);
}
