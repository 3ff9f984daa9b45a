package org.letterbox.server.store;

import org.letterbox.server.destination.BrokerMessage;

/**
 * Where persistent messages are kept. The broker calls it on its own thread: {@link #persist} before a
 * persistent send is confirmed (the confirmation waits for {@code whenDurable}), {@link #settle} once a
 * message has left every queue it was on. The in-memory store keeps nothing; the Chronicle Queue journal
 * (persistence issue) appends to a log and replays it on start.
 */
public interface MessageStore extends AutoCloseable {

    /** Makes the message durable; runs {@code whenDurable} on the broker thread once it is. */
    void persist(BrokerMessage message, Runnable whenDurable);

    /** The message needs no keeping any more. */
    void settle(BrokerMessage message);

    @Override
    void close();
}
