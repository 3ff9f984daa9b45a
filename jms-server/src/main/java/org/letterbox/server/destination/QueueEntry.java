package org.letterbox.server.destination;

/**
 * A message's place on one {@link MessageQueue}: a queue holds each message once, a topic subscription
 * holds its own entry per message. {@code redeliveries} counts deliveries the application consumed
 * without acknowledging (rolled back / recovered / lost), so the next delivery carries count + 1.
 */
public final class QueueEntry {
    final BrokerMessage message;
    int redeliveries;

    public QueueEntry(BrokerMessage message) {
        this.message = message;
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
