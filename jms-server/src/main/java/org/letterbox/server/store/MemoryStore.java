package org.letterbox.server.store;

import org.letterbox.server.destination.BrokerMessage;

/** Keeps nothing beyond the broker's own memory: messages are "durable" at once and gone on restart. */
public final class MemoryStore implements MessageStore {

    @Override
    public void persist(BrokerMessage message, Runnable whenDurable) {
        whenDurable.run();
    }

    @Override
    public void settle(BrokerMessage message) {
    }

    @Override
    public void close() {
    }
}
