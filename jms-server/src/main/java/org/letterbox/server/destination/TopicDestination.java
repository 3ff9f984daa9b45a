package org.letterbox.server.destination;

import java.util.ArrayList;
import java.util.List;

/** Fan-out: every subscription whose filter takes a published message gets its own entry for it. */
public final class TopicDestination implements MessageTarget {
    private final String name;
    private final List<Subscription> subscriptions = new ArrayList<>();

    public TopicDestination(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    @Override
    public void queuesFor(BrokerMessage message, List<MessageQueue> out) {
        for (int i = 0; i < subscriptions.size(); i++) {
            Subscription subscription = subscriptions.get(i);
            if (subscription.takes(message)) {
                out.add(subscription.queue());
            }
        }
    }

    void add(Subscription subscription) {
        subscriptions.add(subscription);
    }

    void remove(Subscription subscription) {
        subscriptions.remove(subscription);
    }

    @Override
    public MessageQueue fullQueue() {
        for (Subscription subscription : subscriptions) {
            if (subscription.queue().full()) {
                return subscription.queue();
            }
        }
        return null;
    }

    public List<Subscription> subscriptions() {
        return List.copyOf(subscriptions);
    }

    public boolean hasConsumers() {
        for (Subscription s : subscriptions) {
            if (s.queue().consumerCount() > 0) {
                return true;
            }
        }
        return false;
    }
}
