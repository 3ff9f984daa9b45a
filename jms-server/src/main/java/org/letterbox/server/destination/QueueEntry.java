package org.letterbox.server.destination;

/**
 * A message's place on one {@link MessageQueue}: a queue holds each message once, a topic subscription
 * holds its own entry per message. {@code redeliveries} counts deliveries the application consumed
 * without acknowledging (rolled back / recovered / lost), so the next delivery carries count + 1.
 */
public final class QueueEntry {
    final BrokerMessage message;
    final int bindingId; // the store binding this entry is journaled on; 0 if it is not journaled
    int redeliveries;

    public QueueEntry(BrokerMessage message) {
        this(message, 0, 0);
    }

    public QueueEntry(BrokerMessage message, int bindingId, int redeliveries) {
        this.message = message;
        this.bindingId = bindingId;
        this.redeliveries = redeliveries;
    }

    /** The store binding this entry is journaled on, 0 if it is not (non-persistent, or not a kept queue). */
    public int bindingId() {
        return bindingId;
    }

    public BrokerMessage message() {
        return message;
    }

    public int deliveryCount() {
        return redeliveries + 1;
    }

    public void markRedelivered() {
        redeliveries++;
    }
}
