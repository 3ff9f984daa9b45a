package org.letterbox.server.destination;

import org.letterbox.selector.Selector;

import java.util.Objects;

/**
 * One subscription to a topic: the filter deciding which published messages it takes, and the queue its
 * consumers compete on. Private (one consumer, gone with it), shared non-durable (gone with its last
 * consumer) or durable (kept until unsubscribed).
 */
public final class Subscription {
    private final Key key;
    private final boolean durable;
    private final boolean shared;
    private final TopicDestination topic;
    private final Selector selector;
    private final boolean noLocal;
    private final String subscriberConnectionId;
    private final MessageQueue queue;

    /** Names a named subscription: client ID (may be null for shared ones) and name. */
    public record Key(String clientId, String name) {
        public Key {
            Objects.requireNonNull(name, "subscription name");
        }
    }

    public Subscription(Key key, boolean durable, boolean shared, TopicDestination topic, Selector selector,
                        boolean noLocal, String subscriberConnectionId, MessageQueue queue) {
        this.key = key;
        this.durable = durable;
        this.shared = shared;
        this.topic = topic;
        this.selector = selector;
        this.noLocal = noLocal;
        this.subscriberConnectionId = subscriberConnectionId;
        this.queue = queue;
    }

    /** Null for a private subscription. */
    public Key key() {
        return key;
    }

    public boolean durable() {
        return durable;
    }

    public boolean shared() {
        return shared;
    }

    public TopicDestination topic() {
        return topic;
    }

    public MessageQueue queue() {
        return queue;
    }

    public boolean noLocal() {
        return noLocal;
    }

    /** Whether asking for this subscription again with these parameters means the same subscription. */
    public boolean sameDefinition(TopicDestination otherTopic, String otherSelector, boolean otherNoLocal) {
        String mine = selector == null ? null : selector.expression();
        String theirs = otherSelector == null || otherSelector.isBlank() ? null : otherSelector;
        return topic == otherTopic && Objects.equals(mine, theirs) && noLocal == otherNoLocal;
    }

    boolean takes(BrokerMessage message) {
        if (noLocal && subscriberConnectionId.equals(message.producerConnectionId())) {
            return false;
        }
        return Selectors.matches(selector, message, 1);
    }

    @Override
    public String toString() {
        return (durable ? "durable " : "") + (shared ? "shared " : "") + "subscription "
                + (key == null ? queue.name() : key) + " on " + topic.name();
    }
}
