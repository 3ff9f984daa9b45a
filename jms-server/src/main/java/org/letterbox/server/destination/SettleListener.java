package org.letterbox.server.destination;

/** Told when an entry leaves a queue for good: acknowledged, expired, or dropped with its queue. */
public interface SettleListener {

    SettleListener NONE = entry -> {
    };

    void settled(QueueEntry entry);
}
